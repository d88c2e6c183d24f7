"""The notifications pages: read and unread, opening one, and the daily-digest choice."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ttw_safeguarding.records import access
from ttw_safeguarding.records.alerts import (
    alert_preference_of,
    alert_preference_set,
    notification_for_user,
    notification_mark_read,
    notifications_mark_all_read,
)
from ttw_safeguarding.records.forms import AlertPreferenceForm
from ttw_safeguarding.records.models import Notification

NOTIFICATIONS_SHOWN = 100


@access.page("notifications")
def notifications(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    items = list(Notification.objects.filter(recipient=request.user)[:NOTIFICATIONS_SHOWN])
    unread = sum(1 for item in items if item.read_at is None)
    return render(
        request,
        "ttw_safeguarding/notifications.html",
        {"items": items, "unread": unread, "digest": alert_preference_of(request.user)},
    )


@access.page("alerts:open")
def notification_open(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    # Opening a notification marks it read and goes where it points (a path on this site:
    # anything else goes back to the notifications page).
    notification = notification_for_user(request.user, code)
    notification_mark_read(notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications")


@access.page("alerts:read")
def notification_read(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    # The record first: someone else's notification is a 404 whatever the method.
    notification = notification_for_user(request.user, code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    notification_mark_read(notification=notification)
    return redirect("notifications")


@access.page("alerts:read_all")
@require_POST
def notifications_read_all(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    marked = notifications_mark_all_read(user=request.user)
    messages.success(request, f"{marked} notification(s) marked as read.")
    return redirect("notifications")


@access.page("alerts:settings")
def alert_settings(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    preference = alert_preference_of(request.user)
    form = AlertPreferenceForm(
        request.POST or None, initial={"daily_digest": preference.daily_digest}
    )
    if request.method == "POST" and form.is_valid():
        alert_preference_set(user=request.user, daily_digest=form.cleaned_data["daily_digest"])
        messages.success(request, "Your choice of alert e-mails is saved.")
        return redirect("notifications")
    return render(request, "ttw_safeguarding/alert_settings.html", {"form": form})

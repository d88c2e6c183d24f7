"""Pages of the NSO's alerts to clubs: the NSO sends and follows who read them; welfare
officers read those sent to them (opening one keeps their read receipt)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render

from sharing import access as sharing_access
from sharing import club_alert_services as services
from sharing.club_alert_forms import ClubAlertForm
from sharing.models import AlertReceipt, AlertRecipient
from sharing.policy import CLAUSES
from ttw_safeguarding.records import access, submissions
from ttw_safeguarding.records.access import AuthenticatedHttpRequest
from ttw_safeguarding.records.forms import add_refusal
from ttw_safeguarding.records.paging import paginate


@access.page("sharing:alert_new")
@submissions.recording
def alert_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ClubAlertForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            alert = services.club_alert_send(
                actor=request.user,
                clubs=form.cleaned_data["clubs"],
                regions=form.cleaned_data["regions"],
                warning=form.cleaned_data["warning"],
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, "The alert is sent to the welfare officers.")
            return redirect("sharing:alert_sent_detail", code=alert.code)
    return render(
        request,
        "sharing/club_alerts/alert_form.html",
        {"form": form, "clause": CLAUSES["P6.1"]},
    )


@access.page("sharing:alert_sent_list")
def alert_sent_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    alerts = (
        sharing_access.sent_club_alerts_visible_to(request.user)
        .select_related("recorded_by")
        .annotate(
            recipient_count=Count("recipient_rows", distinct=True),
            read_count=Count("receipts", distinct=True),
        )
        .order_by("-recorded_at", "-sequence")
    )
    return render(
        request,
        "sharing/club_alerts/sent_list.html",
        {
            **paginate(request, alerts),
            "may_send": sharing_access.can_send_club_alerts(request.user),
        },
    )


@access.page("sharing:alert_sent_detail")
def alert_sent_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    alert = sharing_access.sent_club_alert_for_user(request.user, code)
    access.log_access(request.user, alert)
    read_at = dict(AlertReceipt.objects.filter(alert=alert).values_list("recipient_id", "read_at"))
    rows = [
        {"recipient": row, "read_at": read_at.get(row.user_id)}
        for row in AlertRecipient.objects.filter(alert=alert)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    ]
    return render(
        request,
        "sharing/club_alerts/sent_detail.html",
        {"alert": alert, "rows": rows, "read": sum(1 for r in rows if r["read_at"])},
    )


@access.page("sharing:alerts")
def alerts(request: AuthenticatedHttpRequest) -> HttpResponse:
    received = (
        sharing_access.club_alerts_received_by(request.user)
        .annotate(
            is_read=Exists(
                AlertReceipt.objects.filter(alert=OuterRef("pk"), recipient=request.user)
            )
        )
        .order_by("is_read", "-recorded_at", "-sequence")
    )
    return render(request, "sharing/club_alerts/alerts.html", paginate(request, received))


@access.page("sharing:alert_detail")
def alert_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    alert = sharing_access.received_club_alert_for_user(request.user, code)
    access.log_access(request.user, alert)
    receipt = services.alert_receipt_record(alert=alert, recipient=request.user)
    return render(
        request, "sharing/club_alerts/alert_detail.html", {"alert": alert, "receipt": receipt}
    )

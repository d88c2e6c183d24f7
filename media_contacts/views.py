"""Media approaches (P6.12): record one, see your own, and the NSO's inbox and handling."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases import access as case_access
from media_contacts import access as media_access
from media_contacts import selectors, services
from media_contacts.forms import MediaAcknowledgementForm, MediaApproachForm, MediaHandlingForm
from media_contacts.models import MediaAcknowledgement, MediaApproach
from ttw_safeguarding.records import access, submissions
from ttw_safeguarding.records.forms import add_refusal
from ttw_safeguarding.records.paging import paginate
from ttw_safeguarding.records.record_pages import RecordPage


@access.page("media_contacts:record")
@submissions.recording
def record(request: HttpRequest) -> HttpResponse:
    form = MediaApproachForm(request.POST or None, cases=case_access.cases_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            approach = services.media_approach_record(
                actor=request.user,
                approached_at=data["approached_at"],
                journalist_name=data["journalist_name"],
                outlet=data["outlet"],
                phone=data["phone"],
                email=data["email"],
                other_contact=data["other_contact"],
                contact_method=data["contact_method"],
                information_wanted=data["information_wanted"],
                deadline=data["deadline"],
                anything_said=data["anything_said"],
                what_was_said=data["what_was_said"],
                notes=data["notes"],
                case=data.get("case"),
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(
                request,
                "The media approach is recorded and the National Safeguarding Officer has been "
                "told. Do not give the journalist any information; the NSO will handle it.",
            )
            return redirect("media_contacts:detail", code=approach.code)
    return render(request, "media_contacts/record.html", {"form": form})


@access.page("media_contacts:mine")
def mine(request: HttpRequest) -> HttpResponse:
    approaches = selectors.media_approaches_of(user=request.user)
    return render(request, "media_contacts/mine.html", paginate(request, approaches))


@access.page("media_contacts:detail")
def detail(request: HttpRequest, code: str) -> HttpResponse:
    approach = media_access.media_approach_for_user(request.user, code)
    access.log_access(request.user, approach, what="media approach page")
    context = {
        "approach": approach,
        "details": approach.report_context(),
        "can_handle": access.can_handle_media(request.user),
        "case_url": access.case_url_for(request.user, approach.case) if approach.case_id else "",
        **selectors.media_approach_page(user=request.user, approach=approach),
    }
    return render(request, "media_contacts/detail.html", context)


@access.page("media_contacts:inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    context = {
        **paginate(request, selectors.media_approaches_awaiting_acknowledgement(user=request.user)),
        "awaiting_handling": selectors.media_approaches_awaiting_handling(user=request.user)[:50],
        "failed_emails": selectors.media_emails_failed(user=request.user),
    }
    return render(request, "media_contacts/inbox.html", context)


@access.page("media_contacts:email_retry")
@require_POST
def email_retry(request: HttpRequest) -> HttpResponse:
    queued = services.media_email_retry_failed()
    messages.success(
        request,
        f"{queued} e-mail(s) queued to be sent again. One that still cannot be sent stays "
        "listed here with its error.",
    )
    return redirect("media_contacts:inbox")


def _approach_page(approach: MediaApproach) -> str:
    return reverse("media_contacts:detail", args=[approach.code])


# P6.12: the NSO acknowledges an approach once (ttw_safeguarding.records.record_pages).
ACKNOWLEDGEMENT = RecordPage[MediaApproach](
    url_name="media_contacts:acknowledge",
    subject=media_access.media_approach_for_user,
    subject_arg="approach",
    form=MediaAcknowledgementForm,
    service=services.media_acknowledgement_record,
    once_key=services.media_acknowledgement_once_key,
    shown_at=_approach_page,
    template="media_contacts/acknowledge.html",
    title="Acknowledge a media approach",
    success="The media approach is acknowledged.",
    after=lambda request, approach, acknowledgement: redirect(_approach_page(approach)),
)
acknowledge = ACKNOWLEDGEMENT.view()


@access.page("media_contacts:handle")
@submissions.recording
def handle(request: HttpRequest, code: str) -> HttpResponse:
    approach = media_access.media_approach_for_user(request.user, code)
    acknowledged = MediaAcknowledgement.objects.filter(approach=approach).exists()
    form = MediaHandlingForm(request.POST or None, approach=approach, acknowledged=acknowledged)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.media_handling_record(
                approach=approach,
                actor=request.user,
                handling=data["handling"],
                handled_at=data["handled_at"],
                response=data["response"],
                press_office=data["press_office"],
                reason=data["reason"],
                professional_opinion=data["professional_opinion"],
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "How the media approach was handled is recorded.")
            return redirect("media_contacts:detail", code=approach.code)
    return render(
        request,
        "media_contacts/handle.html",
        {"approach": approach, "form": form, "acknowledged": acknowledged},
    )

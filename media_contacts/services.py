"""Writes for media approaches (P6.12). Each records a decision through the one decision path."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases import access as case_access
from cases.models import Case
from media_contacts import access as media_access
from media_contacts.models import MediaAcknowledgement, MediaApproach, MediaHandling
from sharing import policy
from ttw_safeguarding.records.decisions import decision_record
from ttw_safeguarding.records.forms import refuse
from ttw_safeguarding.records.models import OutboundEmail
from ttw_safeguarding.records.names import display_name
from ttw_safeguarding.records.notifications import email_queue_retries, notify

# What the record of an approach rests on; the same words for everyone who records one.
APPROACH_REASON = (
    "P6.12: anyone approached by the media gives no information, notes the journalist's name, "
    "contact details and what they want, and informs the National Safeguarding Officer."
)
ACKNOWLEDGEMENT_REASON = (
    "P6.12: the National Safeguarding Officer has been informed of the approach and takes it on."
)
CASE_NOT_AVAILABLE = "Choose a case you can open, or leave the case empty."
EMAIL_SUBJECT = "Media approach recorded"
TOPIC_PREFIX = "media_approach:"


def media_approach_record(
    *,
    actor: User,
    approached_at: dt.datetime,
    journalist_name: str,
    contact_method: str,
    information_wanted: str,
    anything_said: bool,
    outlet: str = "",
    phone: str = "",
    email: str = "",
    other_contact: str = "",
    deadline: dt.datetime | None = None,
    what_was_said: str = "",
    notes: str = "",
    case: Case | None = None,
) -> MediaApproach:
    """Record a media approach and tell every NSO at once, in-app and by e-mail (P6.12).

    The e-mail says only that an approach was recorded, by whom, and where to read it:
    never the journalist, the outlet or what they want. It is sent after commit; a
    failure is kept on the e-mail and retried, and never undoes the record.
    """
    refuse(
        policy.media_approach_problems(
            policy.MediaApproachFacts(
                now=timezone.now(),
                approached_at=approached_at,
                journalist_name=journalist_name,
                phone=phone,
                email=email,
                other_contact=other_contact,
                information_wanted=information_wanted,
                anything_said=anything_said,
                what_was_said=what_was_said,
                deadline=deadline,
            )
        )
    )
    # Staff never see cases: an approach is linked only to a case the recorder may open.
    if case is not None and not case_access.cases_visible_to(actor).filter(pk=case.pk).exists():
        raise ValidationError({"case": CASE_NOT_AVAILABLE})
    approach = MediaApproach(
        case=case,
        outcome=(
            "Media approach recorded: information was given to the journalist"
            if anything_said
            else "Media approach recorded: no information given"
        ),
        facts=notes,
        reason=APPROACH_REASON,
        approached_at=approached_at,
        journalist_name=journalist_name,
        outlet=outlet,
        phone=phone,
        email=email,
        other_contact=other_contact,
        contact_method=contact_method,
        information_wanted=information_wanted,
        deadline=deadline,
        anything_said=anything_said,
        what_was_said=what_was_said if anything_said else "",
    )
    with transaction.atomic():
        decision_record(approach, actor=actor)
        notify(
            media_access.users_who_handle_media(),
            message=(
                f"A media approach was recorded by {display_name(actor)}. "
                "Please open it, acknowledge it and handle it (P6.12)."
            ),
            path=reverse("media_contacts:detail", args=[approach.code]),
            email_subject=EMAIL_SUBJECT,
            topic=f"{TOPIC_PREFIX}{approach.code}",
        )
    return approach


def media_acknowledgement_once_key(approach: MediaApproach) -> str:
    return f"media_acknowledgement:{approach.pk}"


def media_acknowledgement_record(
    *, approach: MediaApproach, actor: User, note: str = ""
) -> MediaAcknowledgement:
    """The NSO acknowledges an approach, once: a decision pointing at it (P6.12)."""
    acknowledgement = MediaAcknowledgement(
        approach=approach,
        case=approach.case,
        outcome="Media approach acknowledged by the National Safeguarding Officer",
        reason=note.strip() or ACKNOWLEDGEMENT_REASON,
    )
    with transaction.atomic():
        decision_record(
            acknowledgement, actor=actor, once_key=media_acknowledgement_once_key(approach)
        )
        if approach.recorded_by_id != actor.pk:
            notify(
                [approach.recorded_by],
                message="The National Safeguarding Officer has acknowledged your media "
                "approach record.",
                path=reverse("media_contacts:detail", args=[approach.code]),
            )
    return acknowledgement


def media_handling_record(
    *,
    approach: MediaApproach,
    actor: User,
    handling: str,
    handled_at: dt.datetime,
    reason: str,
    response: str = "",
    press_office: str = "",
    professional_opinion: str = "",
) -> MediaHandling:
    """How the NSO handled an acknowledged approach, and why (P6.12, P6.11)."""
    refuse(
        policy.media_handling_problems(
            now=timezone.now(),
            acknowledged=MediaAcknowledgement.objects.filter(approach=approach).exists(),
            approached_at=approach.approached_at,
            handling=handling,
            handled_at=handled_at,
            response=response,
            press_office=press_office,
            reason=reason,
        )
    )
    handling_record = MediaHandling(
        approach=approach,
        case=approach.case,
        outcome=dict(policy.MediaHandlingChoice.CHOICES)[handling],
        reason=reason,
        professional_opinion=professional_opinion,
        handling=handling,
        handled_at=handled_at,
        response=response if handling == policy.MediaHandlingChoice.RESPONSE else "",
        press_office=press_office if handling == policy.MediaHandlingChoice.PRESS_OFFICE else "",
    )
    return decision_record(handling_record, actor=actor)


def media_email_retry_failed() -> int:
    """Queue again every e-mail about a media approach that failed or is pending too long.

    Returns how many are queued. The worker sends them (never the NSO's request, so a
    hung mail server cannot hold the page); e-mails pending for less than the stuck
    time are left to the worker that has them queued, so none goes twice.
    """
    waiting = OutboundEmail.objects.needing_attention().filter(topic__startswith=TOPIC_PREFIX)
    return email_queue_retries(waiting.order_by("pk"))

"""Reads for this app. Every read takes the user and goes through the core's access module."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from media_contacts import access as media_access
from media_contacts.models import MediaAcknowledgement, MediaApproach
from sharing import policy
from ttw_safeguarding.records import access, roles
from ttw_safeguarding.records.models import OutboundEmail
from ttw_safeguarding.records.timescales import Timed, due_on_day

TOPIC_PREFIX = "media_approach:"


def media_approaches_awaiting_acknowledgement(*, user: Any) -> QuerySet[MediaApproach]:
    """The NSO's inbox: approaches nobody has acknowledged yet, oldest first (P6.12)."""
    return (
        media_access.media_approaches_visible_to(user)
        .filter(acknowledgement__isnull=True)
        .select_related("recorded_by")
        .order_by("approached_at", "sequence")
    )


def media_approaches_awaiting_handling(*, user: Any) -> QuerySet[MediaApproach]:
    """Acknowledged approaches with no handling recorded yet, oldest first."""
    return (
        media_access.media_approaches_visible_to(user)
        .filter(acknowledgement__isnull=False, handlings__isnull=True)
        .select_related("recorded_by")
        .order_by("approached_at", "sequence")
    )


def media_approaches_of(*, user: Any) -> QuerySet[MediaApproach]:
    """ "My media records": the user's own approaches, newest first, with acknowledgement."""
    return (
        media_access.media_approaches_recorded_by(user)
        .annotate(acknowledged_at=F("acknowledgement__recorded_at"))
        .order_by("-approached_at", "-sequence")
    )


def media_emails_failed(*, user: Any) -> list[dict[str, Any]]:
    """E-mails about media approaches that could not be sent, for the NSO to see (P6.12).

    Each comes with the code of its approach, so the NSO can open it; only the NSO,
    who sees every approach, is shown them.
    """
    if not access.can_handle_media(user):
        return []
    # Failed, or pending so long it will not go by itself: both need the NSO (P6.12).
    failed = (
        OutboundEmail.objects.needing_attention()
        .filter(topic__startswith=TOPIC_PREFIX)
        .order_by("created_at", "pk")
    )
    return [
        {"email": email, "approach_code": email.topic.removeprefix(TOPIC_PREFIX)}
        for email in failed
    ]


def media_approach_page(*, user: Any, approach: MediaApproach) -> dict[str, Any]:
    """What the approach page shows beside the approach: acknowledgement and handling."""
    acknowledgement = (
        MediaAcknowledgement.objects.filter(approach=approach).select_related("recorded_by").first()
    )
    handlings = list(
        media_access.media_handlings_visible_to(user)
        .filter(approach=approach)
        .select_related("recorded_by")
        .order_by("sequence")
    )
    return {"acknowledgement": acknowledgement, "handlings": handlings}


def home_context(user: Any) -> dict[str, Any]:
    """What this app adds to the user's home page."""
    if not access.can_record_media_approach(user):
        return {}
    context: dict[str, Any] = {
        "media_can_record": True,
        "media_my_count": media_access.media_approaches_recorded_by(user).count(),
    }
    if access.can_handle_media(user):
        waiting = media_approaches_awaiting_acknowledgement(user=user)
        context["media_inbox"] = {
            "count": waiting.count(),
            "oldest": waiting.first(),
            "failed_emails": OutboundEmail.objects.needing_attention()
            .filter(topic__startswith=TOPIC_PREFIX)
            .count(),
        }
    return context


ACKNOWLEDGEMENT_DUE_MESSAGE = "A media approach is waiting to be acknowledged."


def acknowledgement_timescale(now: dt.datetime) -> list[Timed]:
    """P6.12: every approach not yet acknowledged, due from when it was recorded and overdue
    at the end of the next working day or at the journalist's deadline, whichever is sooner
    (``policy.media_acknowledgement_due_on``); for those who handle media approaches."""
    owners = tuple(access.users_with_permission(roles.HANDLE_MEDIA).values_list("pk", flat=True))
    waiting = (
        MediaApproach.objects.filter(acknowledgement__isnull=True)
        .only("pk", "code", "recorded_at", "deadline")
        .order_by("recorded_at", "sequence")
    )
    items = []
    for approach in waiting:
        due_on = policy.media_acknowledgement_due_on(timezone.localdate(approach.recorded_at))
        overdue_at = policy.media_acknowledgement_overdue_at(
            due_day_ends_at=due_on_day(due_on)[1], deadline=approach.deadline
        )
        items.append(
            Timed(
                key=f"media_acknowledgement:{approach.code}",
                owners=owners,
                falls_due_at=min(approach.recorded_at, overdue_at),
                overdue_at=overdue_at,
                message=ACKNOWLEDGEMENT_DUE_MESSAGE,
                path=reverse("media_contacts:inbox"),
            )
        )
    return items

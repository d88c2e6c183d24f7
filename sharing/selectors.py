"""Reads for this app. Every read takes the user and goes through the core's access module."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from sharing import access as sharing_access
from sharing import policy
from sharing.models import NSOReview, ShareDecision, WrittenReportSent
from ttw_safeguarding.records import access, roles
from ttw_safeguarding.records.timescales import Timed, due_on_day

HOME_LIST_LENGTH = 10


def review_queue(*, user: Any) -> QuerySet[ShareDecision]:
    """Every share and no-share decision the user may see that has no review, oldest first."""
    reviewed = NSOReview.objects.filter(share_decision=OuterRef("pk"))
    return (
        sharing_access.share_decisions_visible_to(user)
        # Redundant with the table, but lets the queue be read in order from an index.
        .filter(kind=ShareDecision.KIND)
        .filter(~Exists(reviewed))
        .select_related("case", "recorded_by")
        .order_by("recorded_at", "sequence")
    )


@dataclass(frozen=True)
class QueueItem:
    decision: ShareDecision
    due_on: dt.date
    is_overdue: bool
    # Nobody reviews their own decision: this one waits for another NSO.
    is_own: bool


def review_queue_items(
    *, user: Any, decisions: Any, today: dt.date | None = None
) -> list[QueueItem]:
    """The queue's rows with their due date (five working days) and whether they are overdue."""
    today = today or timezone.localdate()
    items = []
    for decision in decisions:
        decided_on = timezone.localdate(decision.recorded_at)
        items.append(
            QueueItem(
                decision=decision,
                due_on=policy.review_due_on(decided_on),
                is_overdue=policy.review_overdue(
                    decided_on=decided_on, today=today, reviewed=False
                ),
                is_own=not policy.may_review(
                    reviewer_id=user.pk, decided_by_id=decision.recorded_by_id
                ),
            )
        )
    return items


def written_reports_overdue(*, user: Any, today: dt.date | None = None) -> QuerySet[ShareDecision]:
    """P6.9: shares by phone or in person whose written report is not confirmed within a
    working day, oldest first."""
    today = today or timezone.localdate()
    last_overdue_day = policy.overdue_if_decided_on_or_before(
        today=today, working_days=policy.WRITTEN_REPORT_WORKING_DAYS
    )
    confirmed = WrittenReportSent.objects.filter(share_decision=OuterRef("pk"))
    return (
        sharing_access.share_decisions_visible_to(user)
        .filter(
            share_outcome=policy.SHARE,
            method__in=policy.UNWRITTEN_METHODS,
            recorded_at__date__lte=last_overdue_day,
        )
        .filter(~Exists(confirmed))
        .select_related("case", "recorded_by")
        .order_by("recorded_at", "sequence")
    )


def home_context(user: Any) -> dict[str, Any]:
    """What this app adds to the user's home page."""
    context: dict[str, Any] = {}
    if access.can_use_review_queue(user):
        queue = review_queue(user=user)
        context["sharing_review_count"] = queue.count()
        context["sharing_review_items"] = review_queue_items(
            user=user, decisions=queue[:HOME_LIST_LENGTH]
        )
    if access.can_manage_cases(user):
        overdue = written_reports_overdue(user=user)
        context["sharing_written_reports_overdue"] = [
            {
                "decision": decision,
                "due_on": policy.written_report_due_on(timezone.localdate(decision.recorded_at)),
            }
            for decision in overdue[:HOME_LIST_LENGTH]
        ]
        context["sharing_written_reports_overdue_count"] = overdue.count()
    return context


def club_alerts_home_context(user: Any) -> dict[str, Any]:
    """A welfare officer's home panel: the alerts sent to them that they have not opened."""
    if not sharing_access.can_receive_club_alerts(user):
        return {}
    unread = (
        sharing_access.club_alerts_received_by(user)
        .exclude(receipts__recipient=user)
        .order_by("-recorded_at", "-sequence")[:HOME_LIST_LENGTH]
    )
    return {"club_alerts_panel": True, "club_alerts_unread": list(unread)}


# --- timescales (alerts) ----------------------------------------------------------------

WRITTEN_REPORT_DUE_MESSAGE = (
    "The written report of information shared by phone or in person is due (P6.9)."
)
REVIEW_DUE_MESSAGE = "A share decision is due for review."


def written_report_timescale(now: dt.datetime) -> list[Timed]:
    """P6.9: each share by phone or in person with no written report confirmed, due on the
    working day after the share (``policy.written_report_due_on``), for who shared it."""
    confirmed = WrittenReportSent.objects.filter(share_decision=OuterRef("pk"))
    waiting = (
        ShareDecision.objects.filter(
            share_outcome=policy.SHARE, method__in=policy.UNWRITTEN_METHODS
        )
        .filter(~Exists(confirmed))
        .only("pk", "code", "recorded_at", "recorded_by_id")
        .order_by("recorded_at", "sequence")
    )
    items = []
    for decision in waiting:
        due_on = policy.written_report_due_on(timezone.localdate(decision.recorded_at))
        falls_due_at, overdue_at = due_on_day(due_on)
        items.append(
            Timed(
                key=f"written_report:{decision.code}",
                owners=(decision.recorded_by_id,),
                falls_due_at=falls_due_at,
                overdue_at=overdue_at,
                message=WRITTEN_REPORT_DUE_MESSAGE,
                path=reverse("sharing:written_report_sent", args=[decision.code]),
            )
        )
    return items


def review_timescale(now: dt.datetime) -> list[Timed]:
    """Each share or no-share decision not reviewed, due five working days after it
    (``policy.review_due_on``), for whoever may review it: any NSO but the one who decided
    (``policy.may_review``), and the board safeguarding lead for an NSO's own decision."""
    nsos = set(access.users_with_permission(roles.REVIEW_DECISIONS).values_list("pk", flat=True))
    board = set(
        access.users_with_permission(roles.REVIEW_NSO_DECISIONS).values_list("pk", flat=True)
    )
    reviewed = NSOReview.objects.filter(share_decision=OuterRef("pk"))
    waiting = (
        ShareDecision.objects.filter(kind=ShareDecision.KIND)
        .filter(~Exists(reviewed))
        .only("pk", "code", "recorded_at", "recorded_by_id", "is_restricted")
        .order_by("recorded_at", "sequence")
    )
    items = []
    for decision in waiting:
        decided_by = decision.recorded_by_id
        owners = {
            nso for nso in nsos if policy.may_review(reviewer_id=nso, decided_by_id=decided_by)
        }
        if decided_by in nsos and not decision.is_restricted:
            # The board lead reviews an NSO's decisions, never a restricted one
            # (sharing.access.nso_decisions_for_board_lead).
            owners |= board
        falls_due_at, overdue_at = due_on_day(
            policy.review_due_on(timezone.localdate(decision.recorded_at))
        )
        items.append(
            Timed(
                key=f"review:{decision.code}",
                owners=tuple(sorted(owners)),
                falls_due_at=falls_due_at,
                overdue_at=overdue_at,
                message=REVIEW_DUE_MESSAGE,
                path=reverse("sharing:review_new", args=[decision.code]),
            )
        )
    return items

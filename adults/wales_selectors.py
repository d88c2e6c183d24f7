"""Reads for the Wales procedure on an allegation: the designated officer's clock.

The clock of an allegation line (WSP5): due by the policy's due time from when TTW learnt
of it; told (and whether late) once a notice is recorded; overdue when not told and past
the due time. Every function reads a fixed number of queries, whatever the number of lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from adults import wales_services
from adults.models import AllegationOutcome, DesignatedOfficerNotice
from cases import access as case_access
from cases.models import AdultSubjectToAllegation, Case
from sharing import policy
from ttw_safeguarding.records import access
from ttw_safeguarding.records.timescales import Timed

# Not told and due within this long: shown on home pages as due soon.
DUE_SOON = dt.timedelta(hours=8)


@dataclass(frozen=True)
class DesignatedOfficerClock:
    due_at: dt.datetime
    told_at: dt.datetime | None
    told_late: bool
    is_overdue: bool
    is_due_soon: bool
    notice_code: Any = None


def clock_of(
    line: AdultSubjectToAllegation,
    notice: DesignatedOfficerNotice | None,
    *,
    now: dt.datetime,
) -> DesignatedOfficerClock:
    learnt = wales_services.allegation_learnt_at(line)
    due = policy.designated_officer_due_at(learnt)
    told_at = notice.told_at if notice is not None else None
    overdue = policy.designated_officer_overdue(learnt, told_at, now)
    return DesignatedOfficerClock(
        due_at=due,
        told_at=told_at,
        told_late=told_at is not None and policy.designated_officer_told_late(learnt, told_at),
        is_overdue=overdue,
        is_due_soon=told_at is None and not overdue and due - now <= DUE_SOON,
        notice_code=notice.code if notice is not None else None,
    )


def _notices(user: Any, lines: Iterable[AdultSubjectToAllegation]) -> dict[int, Any]:
    notices = access.decisions_visible_to(user, model=DesignatedOfficerNotice).filter(
        allegation__in=[line.pk for line in lines]
    )
    first: dict[int, DesignatedOfficerNotice] = {}
    for notice in notices.order_by("told_at"):
        first.setdefault(notice.allegation_id, notice)
    return first


def attach_clocks(*, user: Any, lines: list[AdultSubjectToAllegation]) -> None:
    """Set ``designated_officer_clock`` on each line (one query for them all)."""
    if not lines:
        return
    notices = _notices(user, lines)
    now = timezone.now()
    for line in lines:
        line.designated_officer_clock = clock_of(  # type: ignore[attr-defined]
            line, notices.get(line.pk), now=now
        )


def allegations_of(*, user: Any, person_ids: Iterable[int]) -> list[AdultSubjectToAllegation]:
    """The allegation lines about a person the user may see, with their clocks."""
    lines = list(
        case_access.adults_visible_to(user)
        .filter(person__in=list(person_ids))
        .select_related("case")
        .order_by("created_at")
    )
    attach_clocks(user=user, lines=lines)
    return lines


def waiting_for_designated_officer(user: Any) -> QuerySet[AdultSubjectToAllegation]:
    """Lines whose designated officer is not yet told: of open cases, with no outcome."""
    told = access.decisions_visible_to(user, model=DesignatedOfficerNotice).values("allegation_id")
    decided = access.decisions_visible_to(user, model=AllegationOutcome).values("allegation_id")
    return (
        case_access.adults_visible_to(user)
        .exclude(case__status=Case.Status.CLOSED)
        .exclude(pk__in=told)
        .exclude(pk__in=decided)
        .select_related("case", "person")
        .order_by("created_at")
    )


def home_context(user: Any) -> dict[str, Any]:
    """Officers and the NSO: allegations whose designated officer is overdue or due soon."""
    if not access.can_manage_cases(user):
        return {}
    now = timezone.now()
    overdue: list[tuple[AdultSubjectToAllegation, DesignatedOfficerClock]] = []
    due_soon: list[tuple[AdultSubjectToAllegation, DesignatedOfficerClock]] = []
    for line in waiting_for_designated_officer(user):
        clock = clock_of(line, None, now=now)
        if clock.is_overdue:
            overdue.append((line, clock))
        elif clock.is_due_soon:
            due_soon.append((line, clock))
    return {"designated_officer_overdue": overdue, "designated_officer_due_soon": due_soon}


# --- timescales (alerts) ----------------------------------------------------------------

DESIGNATED_OFFICER_DUE_MESSAGE = (
    "The designated officer for safeguarding is to be told of an allegation (WSP5)."
)


def designated_officer_timescale(now: dt.datetime) -> list[Timed]:
    """WSP5: each allegation line of an open case whose designated officer is not told and
    that has no outcome. Due when the home page shows it due soon (``DUE_SOON`` before the
    due time), overdue at the due time (``policy.designated_officer_due_at``); for the
    case's owner."""
    told = DesignatedOfficerNotice.objects.values("allegation_id")
    decided = AllegationOutcome.objects.values("allegation_id")
    waiting = (
        AdultSubjectToAllegation.objects.exclude(case__status=Case.Status.CLOSED)
        .exclude(pk__in=told)
        .exclude(pk__in=decided)
        .select_related("case")
        .only("pk", "code", "created_at", "case__owner_id")
        .order_by("created_at", "pk")
    )
    items = []
    for line in waiting:
        due = policy.designated_officer_due_at(wales_services.allegation_learnt_at(line))
        items.append(
            Timed(
                key=f"designated_officer:{line.code}",
                owners=(line.case.owner_id,),
                falls_due_at=due - DUE_SOON,
                overdue_at=due,
                message=DESIGNATED_OFFICER_DUE_MESSAGE,
                path=reverse("adults:designated_officer_new", args=[line.code]),
            )
        )
    return items

"""P6.9, urgency and the written report: a share by phone or in person is followed in writing."""

from __future__ import annotations

from datetime import date

from .base import DATE_IN_FUTURE, SHARE, Problem
from .calendar import add_working_days

# Methods that leave no written trace of their own: the written report must follow (P6.9).
UNWRITTEN_METHODS = frozenset({"phone", "meeting", "in_person"})
# P6.9: a share by phone or in person is followed by the written report within one working day.
WRITTEN_REPORT_WORKING_DAYS = 1


def written_report_confirmation_due(*, outcome: str, method: str) -> bool:
    """P6.9: a share by phone or in person must be followed by the written report."""
    return outcome == SHARE and method in UNWRITTEN_METHODS


def written_report_due_on(shared_on: date) -> date:
    """P6.9: the written report follows a share by phone or in person within a working day."""
    return add_working_days(shared_on, WRITTEN_REPORT_WORKING_DAYS)


def written_report_overdue(
    *, outcome: str, method: str, shared_on: date, today: date, confirmed: bool
) -> bool:
    """P6.9: the written report of a share by phone or in person is not confirmed in time."""
    if confirmed:
        return False
    if not written_report_confirmation_due(outcome=outcome, method=method):
        return False
    return today > written_report_due_on(shared_on)


WRITTEN_REPORT_NOT_DUE = (
    "P6.9: only information shared by phone or in person needs this confirmation; the written "
    "report went with it."
)
WRITTEN_REPORT_SENT_BEFORE_SHARE = (
    "P6.9: the written report cannot have been sent before the decision to share was recorded."
)


def written_report_sent_problems(
    *,
    outcome: str,
    method: str,
    shared_on: date,
    sent_on: date | None,
    today: date,
) -> list[Problem]:
    """P6.9: confirming the written report of a share by phone or in person."""
    problems: list[Problem] = []
    if not written_report_confirmation_due(outcome=outcome, method=method):
        problems.append(Problem("P6.9", "", WRITTEN_REPORT_NOT_DUE))
    if sent_on is not None and sent_on > today:
        problems.append(Problem("P6.11", "sent_on", DATE_IN_FUTURE))
    elif sent_on is not None and sent_on < shared_on:
        problems.append(Problem("P6.9", "sent_on", WRITTEN_REPORT_SENT_BEFORE_SHARE))
    return problems

"""P6.1 and P6.11: what the NSO's team shares back to the club a case came from.

An officer or the NSO writes a note or a task to the welfare officers of a case's club,
because the club needs it to safeguard the child (P6.1), and says why (P6.11). A case from
one of TTW's own events has no club, so nothing is shared back. A task says by when.
"""

from __future__ import annotations

from datetime import date

from .base import Problem, blank

SHARE_BACK_NOTE = "note"
SHARE_BACK_TASK = "task"
SHARE_BACK_KINDS = [
    (SHARE_BACK_NOTE, "A note for the club"),
    (SHARE_BACK_TASK, "A task for the club"),
]
# P6.1: sharing with the club's welfare officer to safeguard the child; P6.11: the reason kept.
SHARE_BACK_CLAUSES = ("P6.1", "P6.11")

SHARE_BACK_TEXT_REQUIRED = "P6.1: write what the club's welfare officer needs to know or do."
SHARE_BACK_REASON_REQUIRED = "P6.11: record why this is shared with the club."
SHARE_BACK_KIND_REQUIRED = "Choose whether this is a note or a task."
SHARE_BACK_DUE_REQUIRED = "Give the date by which the club should have done the task."
SHARE_BACK_DUE_IN_PAST = "The task's due date cannot be in the past."
SHARE_BACK_DUE_ON_NOTE = "A note has no due date; choose a task, or leave the date empty."
SHARE_BACK_NO_CLUB = (
    "P6.1: this case came from one of TTW's own events and has no club to share it with."
)
TASK_OUTCOME_REQUIRED = "Say what the club did."


def club_share_back_problems(
    *,
    has_club: bool,
    kind: str,
    text: str,
    reason: str,
    due_on: date | None,
    today: date,
) -> list[Problem]:
    """What stops a note or task being shared back to the case's club; empty when it may."""
    problems: list[Problem] = []
    if not has_club:
        problems.append(Problem("P6.1", "", SHARE_BACK_NO_CLUB))
    if kind not in (SHARE_BACK_NOTE, SHARE_BACK_TASK):
        problems.append(Problem("P6.11", "kind", SHARE_BACK_KIND_REQUIRED))
    if blank(text):
        problems.append(Problem("P6.1", "text", SHARE_BACK_TEXT_REQUIRED))
    if blank(reason):
        problems.append(Problem("P6.11", "reason", SHARE_BACK_REASON_REQUIRED))
    if kind == SHARE_BACK_TASK:
        if due_on is None:
            problems.append(Problem("P6.11", "due_on", SHARE_BACK_DUE_REQUIRED))
        elif due_on < today:
            problems.append(Problem("P6.11", "due_on", SHARE_BACK_DUE_IN_PAST))
    elif kind == SHARE_BACK_NOTE and due_on is not None:
        problems.append(Problem("P6.11", "due_on", SHARE_BACK_DUE_ON_NOTE))
    return problems


def task_overdue(*, due_on: date | None, done: bool, today: date) -> bool:
    """A task the club has not done by its due date."""
    if done or due_on is None:
        return False
    return due_on < today


def task_done_problems(*, outcome: str) -> list[Problem]:
    """What stops a welfare officer marking a task done: they say what the club did."""
    if blank(outcome):
        return [Problem("P6.11", "outcome", TASK_OUTCOME_REQUIRED)]
    return []

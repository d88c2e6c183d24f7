"""The National Safeguarding Officer's review of share and no-share decisions."""

from __future__ import annotations

from datetime import date

from .base import Problem, blank
from .calendar import add_working_days

REVIEW_ENDORSE = "endorse"
REVIEW_ENDORSE_WITH_COMMENTS = "endorse_with_comments"
REVIEW_CONCERN = "concern"

REVIEW_OWN_DECISION = (
    "Nobody reviews their own decision: this one waits for another National Safeguarding "
    "Officer or the board safeguarding lead."
)
REVIEW_NOT_A_REVIEWER = (
    "Share decisions are reviewed by a National Safeguarding Officer, or, for a decision an "
    "NSO made, by the board safeguarding lead."
)
REVIEW_BOARD_ONLY_NSO_DECISIONS = (
    "The board safeguarding lead reviews the decisions a National Safeguarding Officer made; "
    "this one is reviewed by an NSO."
)
REVIEW_COMMENTS_REQUIRED = "Endorsing with comments needs the comments."
REVIEW_ACTION_REQUIRED = "Raising a concern needs the action required."


def may_review(*, reviewer_id: int, decided_by_id: int) -> bool:
    """Nobody reviews their own share or no-share decision."""
    return reviewer_id != decided_by_id


def reviewer_problems(
    *, reviewer_is_nso: bool, reviewer_is_board_lead: bool, decided_by_nso: bool
) -> list[Problem]:
    """Who reviews: any NSO; the board safeguarding lead only a decision an NSO made, so that
    an NSO's own decision is reviewed even where there is one NSO."""
    if reviewer_is_nso:
        return []
    if not reviewer_is_board_lead:
        return [Problem("", "", REVIEW_NOT_A_REVIEWER)]
    if not decided_by_nso:
        return [Problem("", "", REVIEW_BOARD_ONLY_NSO_DECISIONS)]
    return []


def review_problems(
    *,
    reviewer_id: int,
    decided_by_id: int,
    verdict: str,
    comments: str,
    action_required: str,
) -> list[Problem]:
    """What stops an NSO review being recorded (that it is recorded once is the record
    path's: ``decision_record(once_key=...)``)."""
    problems: list[Problem] = []
    if not may_review(reviewer_id=reviewer_id, decided_by_id=decided_by_id):
        problems.append(Problem("", "", REVIEW_OWN_DECISION))
    if verdict == REVIEW_ENDORSE_WITH_COMMENTS and blank(comments):
        problems.append(Problem("", "comments", REVIEW_COMMENTS_REQUIRED))
    if verdict == REVIEW_CONCERN and blank(action_required):
        problems.append(Problem("", "action_required", REVIEW_ACTION_REQUIRED))
    return problems


# The NSO reviews a share or no-share decision within five working days.
REVIEW_WORKING_DAYS = 5


def review_due_on(decided_on: date) -> date:
    return add_working_days(decided_on, REVIEW_WORKING_DAYS)


def review_overdue(*, decided_on: date, today: date, reviewed: bool) -> bool:
    """A decision waiting for review more than five working days."""
    return not reviewed and today > review_due_on(decided_on)

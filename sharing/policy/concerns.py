"""Concerns, triage, the referral threshold and the case's closure, adults subject to allegations.

P6.2 (threshold information is shared in all cases: a threshold case is referred before it
closes), P6.3 (where the adult works with children elsewhere), P6.10 and P6.11 as a concern and
its triage are recorded.
"""

from __future__ import annotations

from datetime import datetime

from .base import Problem, blank

CALL_999 = (
    "If a child is in immediate danger, call 999 now. Record the concern here once the child "
    "is safe."
)
CONCERN_FACTS_REQUIRED = "P6.10: say what happened, as facts; your opinion goes in its own box."
CONCERN_IN_THE_FUTURE = "The date and time cannot be in the future: record what has happened."
CONCERN_CATEGORY_REQUIRED = "Choose at least one category of concern."
THRESHOLD_RATIONALE_REQUIRED = (
    "P6.2: say why this meets the threshold for referral to an external agency."
)
TRIAGE_REASON_REQUIRED = "P6.11: record the reason for this decision."
THRESHOLD_CANNOT_BE_WITHDRAWN = (
    "P6.2: a case marked as meeting the threshold for referral stays marked; the referral "
    "information is shared in all cases. Record an amendment of the triage if it was wrong."
)
ADULT_ORGANISATIONS_REQUIRED = (
    "P6.3: name the other organisations where this adult works with children, so that the "
    "statutory agencies can be asked whether they should be told, and by whom."
)

CLOSURE_REFUSED_NO_REFERRAL = (
    "P6.2: this case meets the threshold for referral to an external agency and no referral is "
    "recorded; record the referral before closing the case."
)


def concern_problems(
    *, facts: str, categories: list[str], occurred_at: datetime | None, now: datetime
) -> list[Problem]:
    """What stops a concern being recorded: facts are required (P6.10), the past only."""
    problems = []
    if blank(facts):
        problems.append(Problem("P6.10", "facts", CONCERN_FACTS_REQUIRED))
    if not categories:
        problems.append(Problem("", "categories", CONCERN_CATEGORY_REQUIRED))
    if occurred_at is not None and occurred_at > now:
        problems.append(Problem("", "occurred_at", CONCERN_IN_THE_FUTURE))
    return problems


def triage_problems(
    *, meets_threshold: bool, threshold_rationale: str, reason: str
) -> list[Problem]:
    """A triage records its reason (P6.11) and, at the threshold, why it is met (P6.2)."""
    problems = []
    if blank(reason):
        problems.append(Problem("P6.11", "reason", TRIAGE_REASON_REQUIRED))
    if meets_threshold and blank(threshold_rationale):
        problems.append(Problem("P6.2", "threshold_rationale", THRESHOLD_RATIONALE_REQUIRED))
    return problems


def threshold_change_problems(*, was_met: bool, now_met: bool) -> list[Problem]:
    """P6.2: once a case meets the threshold, unmarking it would let it close unreferred."""
    if was_met and not now_met:
        return [Problem("P6.2", "meets_referral_threshold", THRESHOLD_CANNOT_BE_WITHDRAWN)]
    return []


def adult_problems(
    *, works_with_children_elsewhere: bool, other_organisations: str
) -> list[Problem]:
    """P6.3: where an adult works with children elsewhere, say where."""
    if works_with_children_elsewhere and blank(other_organisations):
        return [Problem("P6.3", "other_organisations", ADULT_ORGANISATIONS_REQUIRED)]
    return []


def case_closure_problems(*, meets_threshold: bool, referral_count: int) -> list[Problem]:
    """P6.2: a threshold case cannot be closed until a referral is recorded."""
    if meets_threshold and referral_count == 0:
        return [Problem("P6.2", "", CLOSURE_REFUSED_NO_REFERRAL)]
    return []


def referral_overdue(*, meets_threshold: bool, referral_count: int) -> bool:
    """P6.2: a threshold case with no referral shows as overdue."""
    return meets_threshold and referral_count == 0

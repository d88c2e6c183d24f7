"""P6.1 and P6.11, the NSO's alert to clubs: "be safeguarding aware".

An alert warns the welfare officers of chosen clubs or regions about a person or an approach,
so that they can safeguard children (P6.1). It carries no case detail: no reference of a case
or a child, which would tell every recipient about a child they have no need to know of. The
reason for sending it is recorded like the reason of any decision (P6.11).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .base import REASON_REQUIRED, Problem, blank

ALERT_RECIPIENTS_REQUIRED = (
    "P6.1: choose at least one club or region whose welfare officers are to be alerted."
)
ALERT_WARNING_REQUIRED = (
    "P6.1: say what welfare officers should be aware of: a person or an approach."
)
ALERT_ACTION_REQUIRED = "P6.1: say what welfare officers should do."
ALERT_CASE_DETAIL = (
    "P6.1: an alert carries no case detail. Remove the case or child reference "
    "({reference}); describe the person or the approach instead."
)
ALERT_NOBODY_TO_TELL = (
    "P6.1: none of the chosen clubs or regions has a welfare officer to alert. Choose "
    "another, or name their welfare officers first."
)

# The references the application issues to cases, children and concerns (C-2026-0042,
# CASE-2026-0001): an alert that names one carries case detail.
_REFERENCE = re.compile(r"\b[A-Z]{1,6}-\d{4}-\d{3,}\b", re.IGNORECASE)


@dataclass(frozen=True)
class ClubAlertFacts:
    """What the policy needs to know about an alert as it is sent."""

    warning: str = ""
    action: str = ""
    reason: str = ""
    clubs: int = 0  # how many clubs were chosen
    regions: int = 0  # how many regions were chosen


def case_reference_in(text: str) -> str:
    """The first case or child reference in ``text``, or an empty string."""
    found = _REFERENCE.search(text or "")
    return found.group(0) if found else ""


def club_alert_problems(facts: ClubAlertFacts) -> list[Problem]:
    """What stops the alert from being sent (empty when it may be sent)."""
    problems: list[Problem] = []
    if facts.clubs <= 0 and facts.regions <= 0:
        problems.append(Problem("P6.1", "clubs", ALERT_RECIPIENTS_REQUIRED))
    if blank(facts.warning):
        problems.append(Problem("P6.1", "warning", ALERT_WARNING_REQUIRED))
    if blank(facts.action):
        problems.append(Problem("P6.1", "action", ALERT_ACTION_REQUIRED))
    if blank(facts.reason):
        problems.append(Problem("P6.11", "reason", REASON_REQUIRED))
    for name, text in (("warning", facts.warning), ("action", facts.action)):
        reference = case_reference_in(text)
        if reference:
            problems.append(Problem("P6.1", name, ALERT_CASE_DETAIL.format(reference=reference)))
    return problems


def club_alert_recipients_problems(recipients: int) -> list[Problem]:
    """P6.1: an alert that reaches nobody is not sent (the welfare officers resolved)."""
    if recipients <= 0:
        return [Problem("P6.1", "clubs", ALERT_NOBODY_TO_TELL)]
    return []

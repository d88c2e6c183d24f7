"""P6.3 to P6.7: the statutory records a share may rest on, and the DBS referral duty.

P6.3 statutory advice on an allegation and who tells each organisation, P6.4 planning requests,
P6.5 court directions, P6.6 the people named as needing to know a disciplinary outcome, P6.7 the
Case Management Group's decision on a DBS disclosure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from .base import Problem, blank

# CMG outcomes (P6.7). Only these two let a DBS concern be shared.
CMG_NO_ACTION = "no_action"
CMG_RESTRICTIONS = "restrictions"
CMG_UNSUITABLE = "unsuitable"
CMG_OUTCOMES_THAT_ALLOW_SHARING = frozenset({CMG_RESTRICTIONS, CMG_UNSUITABLE})

# P6.3: who tells an organisation named in the statutory advice.
TOLD_BY_TTW = "ttw"
TOLD_BY_AGENCY = "agency"
TOLD_BY_CHOICES = [(TOLD_BY_TTW, "TTW"), (TOLD_BY_AGENCY, "The statutory agency")]

CMG_OUTCOME_CHOICES = [
    (CMG_NO_ACTION, "No action"),
    (CMG_RESTRICTIONS, "Restrictions needed to work with children"),
    (CMG_UNSUITABLE, "Unsuitable to work with children"),
]

ADVICE_NEEDS_ORGANISATION = (
    "P6.3: name at least one organisation the advice covers, and who tells it (TTW or the agency)."
)
ADVICE_ORGANISATION_TWICE = "P6.3: each organisation is named once."
CONFIRMATION_NOT_IN_ADVICE = "P6.3: the statutory advice does not name this organisation."
PLANNING_DUE_BEFORE_RECEIVED = "P6.4: the date due cannot be before the date received."
COURT_COMPLY_BEFORE_ORDER = "P6.5: the date to comply by cannot be before the order's date."
CMG_MEMBER_REQUIRED = "P6.7: name the members of the Case Management Group at the meeting."
CMG_INDEPENDENT_REQUIRED = "P6.7: at least one member of the Case Management Group is independent."
CMG_RESTRICTIONS_REQUIRED = "P6.7: say which restrictions are needed."
CMG_OUTCOME_REQUIRED = "P6.7: record the outcome: no action, restrictions, or unsuitable."
CMG_MEMBERS_TO_PUT_REQUIRED = "P6.7: choose the Case Management Group members it is put to."
DBS_REFERRAL_DATE_REQUIRED = "Record the date the referral to the DBS was made."
DBS_REFERRAL_DATE_WITHOUT_REFERRAL = "A date is recorded only when the referral was made."
DBS_REFERRAL_NOT_DUE = (
    "The duty to refer to the DBS arises where someone is removed from work with children "
    "because of harm; this record does not say so."
)
DBS_REFERRAL_DUTY_PROMPT = (
    "This person was removed from work with children because of harm: the law requires a "
    "referral to the Disclosure and Barring Service. Record whether and when it was made."
)


def same_organisation(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def advice_names_recipient(organisations: Sequence[Mapping[str, Any]], recipient: str) -> bool:
    """P6.3: the advice names ``recipient`` as an organisation that TTW itself tells."""
    if blank(recipient):
        return False
    return any(
        same_organisation(org.get("name", ""), recipient) and org.get("told_by") == TOLD_BY_TTW
        for org in organisations
    )


def advice_organisation_problems(organisations: Sequence[Mapping[str, Any]]) -> list[Problem]:
    """P6.3: the advice says which organisations should be told, each once, and by whom."""
    if not organisations:
        return [Problem("P6.3", "", ADVICE_NEEDS_ORGANISATION)]
    seen: list[str] = []
    for org in organisations:
        name = org.get("name", "")
        if blank(name) or org.get("told_by") not in (TOLD_BY_TTW, TOLD_BY_AGENCY):
            return [Problem("P6.3", "", ADVICE_NEEDS_ORGANISATION)]
        if any(same_organisation(name, other) for other in seen):
            return [Problem("P6.3", "", ADVICE_ORGANISATION_TWICE)]
        seen.append(name)
    return []


def advice_confirmation_problems(
    *, organisations: Sequence[Mapping[str, Any]], organisation: str
) -> list[Problem]:
    """P6.3: a confirmation that an organisation was told names one the advice covers."""
    if not any(same_organisation(org.get("name", ""), organisation) for org in organisations):
        return [Problem("P6.3", "organisation", CONFIRMATION_NOT_IN_ADVICE)]
    return []


def planning_request_overdue(*, due_on: date, contributed: bool, today: date) -> bool:
    """P6.4: a request whose due date has passed with no contribution from TTW."""
    return not contributed and due_on < today


def cmg_decision_problems(
    *, members: Sequence[Mapping[str, Any]], outcome: str, restrictions: str
) -> list[Problem]:
    """P6.7: the CMG decision names its members, one at least independent, and its outcome."""
    problems: list[Problem] = []
    if not members:
        problems.append(Problem("P6.7", "", CMG_MEMBER_REQUIRED))
    elif not any(member.get("independent") for member in members):
        problems.append(Problem("P6.7", "", CMG_INDEPENDENT_REQUIRED))
    if outcome not in (CMG_NO_ACTION, CMG_RESTRICTIONS, CMG_UNSUITABLE):
        problems.append(Problem("P6.7", "cmg_outcome", CMG_OUTCOME_REQUIRED))
    elif outcome == CMG_RESTRICTIONS and blank(restrictions):
        problems.append(Problem("P6.7", "restrictions", CMG_RESTRICTIONS_REQUIRED))
    return problems


def dbs_referral_duty_applies(
    *, removed_from_work_with_children: bool, because_of_harm: bool
) -> bool:
    """The legal duty to refer to the DBS: removal from work with children because of harm."""
    return removed_from_work_with_children and because_of_harm


def dbs_referral_problems(*, referral_made: bool, referred_on: date | None) -> list[Problem]:
    """Whether and when the DBS referral was made: a date only and always with a referral."""
    if referral_made and referred_on is None:
        return [Problem("", "referred_on", DBS_REFERRAL_DATE_REQUIRED)]
    if not referral_made and referred_on is not None:
        return [Problem("", "referred_on", DBS_REFERRAL_DATE_WITHOUT_REFERRAL)]
    return []


def recipient_is_named_person(recipient: str, names: list[str]) -> bool:
    """P6.6: the recipient is one of the people named on the record as needing to know."""
    if blank(recipient):
        return False
    return any(same_organisation(name, recipient) for name in names if not blank(name))

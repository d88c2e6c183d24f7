"""The Case Management Group for every case about an adult (CPSU case management, P6.7).

The NSPCC Child Protection in Sport Unit's case management tool (thecpsu.org.uk, "Case
management groups", "Appeals") describes the group: a small number of people with the skills,
knowledge and experience for it, including at least one member with independent child
protection expertise. It agrees the lead officer's actions, decides the route of the case and the
level at which the organisation deals with it, issues or recommends temporary suspensions,
reviews the progress of cases and identifies learning. Appeals are best heard apart from the
group, for an independent view. Members declare any conflict of interest (the Church of
England's safeguarding case-group guidance asks the same, on appointment and at each meeting).

What the sources do not say, and so are TTW's settings with the defaults named here:

- the group's minimum size: ``CMG_MINIMUM_SIZE`` = 3 (the CPSU says "a small number"; three is
  the smallest group with a majority that an independent member can be part of);
- the quorum of unconflicted members for a decision: ``CMG_QUORUM`` = 3, the minimum size, so a
  conflicted member is replaced rather than the group deciding with fewer;
- whether an unconflicted independent member must take part in each decision:
  ``independent_voter_required`` = True (the independence is the point of the group);
- the longest interval between a suspension's start, or review, and its next review:
  ``SUSPENSION_MAX_REVIEW_DAYS`` = 28 days.

The final decision's outcomes are P6.7's (``statutory.CMG_OUTCOME_CHOICES``: no action,
restrictions, unsuitable), so that a share on a DBS basis can keep citing a CMG decision whose
outcome is restrictions or unsuitable (``share.share_basis_problems``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .base import DATE_IN_FUTURE, Problem, blank
from .statutory import (
    CMG_NO_ACTION,
    CMG_OUTCOME_REQUIRED,
    CMG_RESTRICTIONS,
    CMG_RESTRICTIONS_REQUIRED,
    CMG_UNSUITABLE,
)

CPSU = "CPSU"

CMG_MINIMUM_SIZE = 3
CMG_QUORUM = 3
SUSPENSION_MAX_REVIEW_DAYS = 28


class Declaration:
    """A member's declaration of interest in a case."""

    NO_CONFLICT = "no_conflict"
    CONFLICT = "conflict"
    CHOICES = [
        (NO_CONFLICT, "I have no conflict of interest in this case"),
        (CONFLICT, "I have a conflict of interest in this case"),
    ]


@dataclass(frozen=True)
class CmgMember:
    """A member of the group for one case: who, whether independent, what they declared
    (``""`` for not yet declared) and, for a conflict, what it is."""

    member_id: object
    independent: bool = False
    declaration: str = ""
    conflict: str = ""


class CaseRoute:
    """The route the group chooses for a case (the CPSU's "route" and "level"). The values are
    stored on the route decision; the four are the CPSU tool's examples, which TTW's procedure
    may extend."""

    STATUTORY_AGENCIES = "statutory_agencies"
    TTW_DISCIPLINARY = "ttw_disciplinary"
    CLUB_POOR_PRACTICE = "club_poor_practice"
    NO_FURTHER_ACTION = "no_further_action"

    CHOICES = [
        (STATUTORY_AGENCIES, "Refer to the statutory agencies (police, social services, LADO/DOS)"),
        (TTW_DISCIPLINARY, "TTW's disciplinary procedure, at national level"),
        (CLUB_POOR_PRACTICE, "Poor practice, dealt with by the club with advice or training"),
        (NO_FURTHER_ACTION, "No further action"),
    ]


CMG_MEMBERS_REQUIRED = "CPSU: name the members of the Case Management Group for this case."
CMG_TOO_FEW_MEMBERS = "CPSU: the Case Management Group has at least {minimum} members."
CMG_INDEPENDENT_MEMBER_REQUIRED = (
    "CPSU: at least one member of the Case Management Group has independent child protection "
    "expertise."
)
CMG_MEMBER_TWICE = "CPSU: each member is named once."
CMG_DECLARATION_REQUIRED = (
    "CPSU: every member declares a conflict of interest, or that they have none, before the "
    "group considers the case."
)
CMG_CONFLICT_DETAIL_REQUIRED = "CPSU: a member who declares a conflict says what it is."
CMG_VOTE_REFUSED_CONFLICT = (
    "CPSU: a member who has declared a conflict of interest in this case takes no part in its "
    "decisions."
)
CMG_VOTE_REFUSED_UNDECLARED = (
    "CPSU: a member votes only once they have declared a conflict of interest, or none."
)
CMG_VOTE_REFUSED_NOT_MEMBER = "CPSU: only members of this case's group take part in its decisions."
CMG_QUORUM_NOT_MET = (
    "CPSU: a decision needs at least {quorum} members with no conflict of interest taking part."
)
CMG_INDEPENDENT_VOTER_REQUIRED = (
    "CPSU: an independent member with no conflict of interest takes part in the decision."
)
CMG_ROUTE_REQUIRED = "CPSU: choose the route for this case."
CMG_DECISION_REASON_REQUIRED = "P6.11: record the reason for this decision."


def cmg_membership_problems(
    members: Sequence[CmgMember],
    *,
    minimum_size: int = CMG_MINIMUM_SIZE,
    require_declarations: bool = True,
) -> list[Problem]:
    """CPSU: the group for a case: enough members, each once, one at least independent, every
    member's declaration of interest made (and a declared conflict said).

    ``require_declarations=False`` when the group is first named for a case, before its members
    have seen it; every decision of the group asks with the default."""
    if not members:
        return [Problem(CPSU, "members", CMG_MEMBERS_REQUIRED)]
    problems: list[Problem] = []
    ids = [member.member_id for member in members]
    if len(set(ids)) != len(ids):
        problems.append(Problem(CPSU, "members", CMG_MEMBER_TWICE))
    if len(set(ids)) < minimum_size:
        problems.append(Problem(CPSU, "members", CMG_TOO_FEW_MEMBERS.format(minimum=minimum_size)))
    if not any(member.independent for member in members):
        problems.append(Problem(CPSU, "members", CMG_INDEPENDENT_MEMBER_REQUIRED))
    declarations = dict(Declaration.CHOICES)
    if require_declarations and any(member.declaration not in declarations for member in members):
        problems.append(Problem(CPSU, "declaration", CMG_DECLARATION_REQUIRED))
    if any(
        member.declaration == Declaration.CONFLICT and blank(member.conflict) for member in members
    ):
        problems.append(Problem(CPSU, "conflict", CMG_CONFLICT_DETAIL_REQUIRED))
    return problems


def cmg_vote_problems(member_declaration: str) -> list[Problem]:
    """CPSU: a member with a declared conflict is refused a vote, as is one yet to declare."""
    if member_declaration == Declaration.CONFLICT:
        return [Problem(CPSU, "", CMG_VOTE_REFUSED_CONFLICT)]
    if member_declaration != Declaration.NO_CONFLICT:
        return [Problem(CPSU, "", CMG_VOTE_REFUSED_UNDECLARED)]
    return []


def cmg_quorum_problems(
    members: Sequence[CmgMember],
    voter_ids: Collection[object],
    *,
    quorum: int = CMG_QUORUM,
    independent_voter_required: bool = True,
) -> list[Problem]:
    """CPSU: who may take part in a decision, and whether enough do.

    Every voter is a member who declared no conflict (each refused voter is one problem, from
    ``cmg_vote_problems``); at least ``quorum`` of them take part, and, unless the setting says
    otherwise, one of them is independent."""
    problems: list[Problem] = []
    by_id = {member.member_id: member for member in members}
    allowed: list[CmgMember] = []
    for voter_id in voter_ids:
        member = by_id.get(voter_id)
        if member is None:
            problems.append(Problem(CPSU, "voters", CMG_VOTE_REFUSED_NOT_MEMBER))
            continue
        refused = cmg_vote_problems(member.declaration)
        if refused:
            problems.extend(Problem(CPSU, "voters", p.message) for p in refused)
        else:
            allowed.append(member)
    if len({member.member_id for member in allowed}) < quorum:
        problems.append(Problem(CPSU, "voters", CMG_QUORUM_NOT_MET.format(quorum=quorum)))
    if independent_voter_required and not any(member.independent for member in allowed):
        problems.append(Problem(CPSU, "voters", CMG_INDEPENDENT_VOTER_REQUIRED))
    return problems


def cmg_route_problems(*, route: str, reason: str) -> list[Problem]:
    """CPSU: the group's choice of route for the case, with its reason."""
    problems: list[Problem] = []
    if route not in dict(CaseRoute.CHOICES):
        problems.append(Problem(CPSU, "route", CMG_ROUTE_REQUIRED))
    if blank(reason):
        problems.append(Problem("P6.11", "reason", CMG_DECISION_REASON_REQUIRED))
    return problems


def cmg_final_decision_problems(
    *,
    members: Sequence[CmgMember],
    voter_ids: Collection[object],
    outcome: str,
    restrictions: str,
    reason: str,
    minimum_size: int = CMG_MINIMUM_SIZE,
    quorum: int = CMG_QUORUM,
    independent_voter_required: bool = True,
) -> list[Problem]:
    """CPSU and P6.7: the final decision on an adult: a properly made group, a quorum of
    unconflicted voters, P6.7's outcome (restrictions saying which), and the reason."""
    problems = cmg_membership_problems(members, minimum_size=minimum_size)
    problems += cmg_quorum_problems(
        members, voter_ids, quorum=quorum, independent_voter_required=independent_voter_required
    )
    if outcome not in (CMG_NO_ACTION, CMG_RESTRICTIONS, CMG_UNSUITABLE):
        problems.append(Problem("P6.7", "cmg_outcome", CMG_OUTCOME_REQUIRED))
    elif outcome == CMG_RESTRICTIONS and blank(restrictions):
        problems.append(Problem("P6.7", "restrictions", CMG_RESTRICTIONS_REQUIRED))
    if blank(reason):
        problems.append(Problem("P6.11", "reason", CMG_DECISION_REASON_REQUIRED))
    return problems


# --- temporary suspension --------------------------------------------------------------------

SUSPENSION_FROM_WHAT_REQUIRED = (
    "CPSU: say what the adult is suspended from (roles, activities, clubs or events)."
)
SUSPENSION_START_REQUIRED = "CPSU: say from when the suspension runs."
SUSPENSION_REVIEW_REQUIRED = "CPSU: set the date by which the suspension is reviewed."
SUSPENSION_REVIEW_NOT_AFTER_START = "CPSU: the review date comes after the suspension starts."
SUSPENSION_REVIEW_TOO_LATE = (
    "CPSU: a suspension is reviewed within {days} days of its start or last review."
)
SUSPENSION_REVIEW_IN_PAST = "CPSU: the review date cannot already have passed."
SUSPENSION_REASON_REQUIRED = (
    "P6.11: record why the suspension is needed while the case is considered (a suspension is "
    "a neutral act, not a finding)."
)


def _review_date_problems(
    *, since: date, review_on: date | None, today: date, max_review_days: int
) -> list[Problem]:
    if review_on is None:
        return [Problem(CPSU, "review_on", SUSPENSION_REVIEW_REQUIRED)]
    if review_on <= since:
        return [Problem(CPSU, "review_on", SUSPENSION_REVIEW_NOT_AFTER_START)]
    if review_on > since + timedelta(days=max_review_days):
        return [Problem(CPSU, "review_on", SUSPENSION_REVIEW_TOO_LATE.format(days=max_review_days))]
    if review_on < today:
        return [Problem(CPSU, "review_on", SUSPENSION_REVIEW_IN_PAST)]
    return []


def suspension_problems(
    *,
    from_what: str,
    starts_on: date | None,
    review_on: date | None,
    reason: str,
    today: date,
    max_review_days: int = SUSPENSION_MAX_REVIEW_DAYS,
) -> list[Problem]:
    """CPSU: a temporary suspension says from what, from when, why, and when it is reviewed:
    after it starts, within ``max_review_days`` of the start, and not already past. It may start
    before it is recorded (an adult stood down by phone the evening before)."""
    problems: list[Problem] = []
    if blank(from_what):
        problems.append(Problem(CPSU, "from_what", SUSPENSION_FROM_WHAT_REQUIRED))
    if blank(reason):
        problems.append(Problem("P6.11", "reason", SUSPENSION_REASON_REQUIRED))
    if starts_on is None:
        problems.append(Problem(CPSU, "starts_on", SUSPENSION_START_REQUIRED))
    else:
        problems += _review_date_problems(
            since=starts_on, review_on=review_on, today=today, max_review_days=max_review_days
        )
    return problems


def suspension_review_overdue(review_on: date, reviewed_on: date | None, today: date) -> bool:
    """CPSU: a suspension not reviewed by its review date shows as overdue (from the day after).
    A review before the date is on time."""
    return reviewed_on is None and today > review_on


class SuspensionReviewDecision:
    CONTINUE = "continue"
    VARY = "vary"
    LIFT = "lift"
    CHOICES = [
        (CONTINUE, "The suspension continues"),
        (VARY, "The suspension continues, varied"),
        (LIFT, "The suspension is lifted"),
    ]
    # The decisions after which the suspension is still in place, with a next review.
    IN_PLACE = (CONTINUE, VARY)


SUSPENSION_REVIEW_DECISION_REQUIRED = (
    "CPSU: say whether the suspension continues, continues varied, or is lifted."
)
SUSPENSION_VARIATION_REQUIRED = "CPSU: say what the adult is suspended from once it is varied."
SUSPENSION_REVIEWED_BEFORE_START = "CPSU: a suspension cannot be reviewed before it starts."


def suspension_review_problems(
    *,
    starts_on: date,
    reviewed_on: date,
    decision: str,
    next_review_on: date | None,
    reason: str,
    today: date,
    varied_from_what: str = "",
    max_review_days: int = SUSPENSION_MAX_REVIEW_DAYS,
) -> list[Problem]:
    """CPSU: a review of a suspension, on or before its review date (early is fine), says
    whether it continues (as it was, or varied: then from what), why, and, if it continues,
    its next review date (as at the start: within ``max_review_days`` of this review)."""
    problems: list[Problem] = []
    if reviewed_on > today:
        problems.append(Problem("P6.11", "reviewed_on", DATE_IN_FUTURE))
    elif reviewed_on < starts_on:
        problems.append(Problem(CPSU, "reviewed_on", SUSPENSION_REVIEWED_BEFORE_START))
    if decision not in dict(SuspensionReviewDecision.CHOICES):
        problems.append(Problem(CPSU, "decision", SUSPENSION_REVIEW_DECISION_REQUIRED))
    elif decision in SuspensionReviewDecision.IN_PLACE:
        if decision == SuspensionReviewDecision.VARY and blank(varied_from_what):
            problems.append(Problem(CPSU, "varied_from_what", SUSPENSION_VARIATION_REQUIRED))
        problems += _review_date_problems(
            since=reviewed_on,
            review_on=next_review_on,
            today=today,
            max_review_days=max_review_days,
        )
    if blank(reason):
        problems.append(Problem("P6.11", "reason", CMG_DECISION_REASON_REQUIRED))
    return problems


# The letter to the adult (the CPSU's temporary suspension letter template): how and when it
# went. What it says (from what, from when, the review date) is the suspension's own record.
SUSPENSION_LETTER_SENT_REQUIRED = "CPSU: record the date the suspension letter was sent."
SUSPENSION_LETTER_METHOD_REQUIRED = "CPSU: record how the letter was sent (post, e-mail, by hand)."
SUSPENSION_LETTER_BEFORE_DECISION = (
    "CPSU: the suspension letter cannot have been sent before the suspension was decided."
)


def suspension_letter_problems(
    *, sent_on: date | None, method: str, decided_on: date, today: date
) -> list[Problem]:
    """CPSU: the letter telling the adult of the suspension: when and how it went."""
    problems: list[Problem] = []
    if sent_on is None:
        problems.append(Problem(CPSU, "sent_on", SUSPENSION_LETTER_SENT_REQUIRED))
    elif sent_on > today:
        problems.append(Problem("P6.11", "sent_on", DATE_IN_FUTURE))
    elif sent_on < decided_on:
        problems.append(Problem(CPSU, "sent_on", SUSPENSION_LETTER_BEFORE_DECISION))
    if blank(method):
        problems.append(Problem(CPSU, "method", SUSPENSION_LETTER_METHOD_REQUIRED))
    return problems


# --- appeal ----------------------------------------------------------------------------------

APPEAL_ONLY_AGAINST_FINAL_DECISION = (
    "CPSU: an appeal is against the group's final decision on the case."
)
APPEAL_PANEL_REQUIRED = "CPSU: name the people who hear the appeal."
APPEAL_PANEL_OVERLAPS = (
    "CPSU: an appeal is heard apart from the Case Management Group: nobody who sat on the "
    "original decision hears the appeal."
)
APPEAL_GROUNDS_REQUIRED = "CPSU: record the grounds of the appeal."
APPEAL_BEFORE_DECISION = "CPSU: an appeal cannot be lodged before the decision it is against."


class AppealOutcome:
    UPHELD = "upheld"
    DISMISSED = "dismissed"
    VARIED = "varied"
    CHOICES = [
        (UPHELD, "Appeal upheld: the decision is set aside"),
        (DISMISSED, "Appeal dismissed: the decision stands"),
        (VARIED, "Decision varied"),
    ]


APPEAL_OUTCOME_REQUIRED = "CPSU: record the outcome of the appeal."
APPEAL_VARIATION_REQUIRED = "CPSU: say how the decision is varied."


def appeal_problems(
    *,
    against_final_decision: bool,
    original_member_ids: Collection[object],
    panel_ids: Collection[object],
    grounds: str,
    decided_on: date,
    lodged_on: date,
    today: date,
) -> list[Problem]:
    """CPSU: an appeal against a final decision, heard by people who did not sit on it."""
    problems: list[Problem] = []
    if not against_final_decision:
        problems.append(Problem(CPSU, "", APPEAL_ONLY_AGAINST_FINAL_DECISION))
    if not panel_ids:
        problems.append(Problem(CPSU, "panel", APPEAL_PANEL_REQUIRED))
    elif set(panel_ids) & set(original_member_ids):
        problems.append(Problem(CPSU, "panel", APPEAL_PANEL_OVERLAPS))
    if blank(grounds):
        problems.append(Problem(CPSU, "grounds", APPEAL_GROUNDS_REQUIRED))
    if lodged_on > today:
        problems.append(Problem("P6.11", "lodged_on", DATE_IN_FUTURE))
    elif lodged_on < decided_on:
        problems.append(Problem(CPSU, "lodged_on", APPEAL_BEFORE_DECISION))
    return problems


def appeal_outcome_problems(*, outcome: str, variation: str, reason: str) -> list[Problem]:
    """CPSU: the appeal's outcome, with its reason; a varied decision says how."""
    problems: list[Problem] = []
    if outcome not in dict(AppealOutcome.CHOICES):
        problems.append(Problem(CPSU, "outcome", APPEAL_OUTCOME_REQUIRED))
    elif outcome == AppealOutcome.VARIED and blank(variation):
        problems.append(Problem(CPSU, "variation", APPEAL_VARIATION_REQUIRED))
    if blank(reason):
        problems.append(Problem("P6.11", "reason", CMG_DECISION_REASON_REQUIRED))
    return problems

"""The share or no-share decision as a whole (P6.1 to P6.11), and what a share must cite.

``evaluate_share`` is the one rule over a decision's facts: it names the clauses the decision
rests on and what stops it being recorded. The consent part is ``consent``'s, the written report
that follows a share is ``written_reports``'.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import REASON_REQUIRED, SHARE, Evaluation, Problem, blank
from .clauses import CLAUSES
from .consent import ConsentState, share_consent_position_problems
from .statutory import CMG_OUTCOMES_THAT_ALLOW_SHARING


class Basis:
    """What a share decision rests on. The values are stored on ShareDecision.basis."""

    SAFEGUARDING = "safeguarding"  # P6.1: reasonably believed necessary to safeguard a child
    REFERRAL_THRESHOLD = "referral_threshold"  # P6.2
    STATUTORY_ADVICE = "statutory_advice"  # P6.3: advice of the statutory agencies on record
    PLANNING_REQUEST = "planning_request"  # P6.4: contribution to agencies' planning
    COURT_DIRECTION = "court_direction"  # P6.5
    DISCIPLINARY_NEED_TO_KNOW = "disciplinary"  # P6.6: within TTW, need to know only
    CMG_DECISION = "cmg_decision"  # P6.7

    CHOICES = [
        (SAFEGUARDING, "P6.1 Necessary to safeguard or protect a child"),
        (REFERRAL_THRESHOLD, "P6.2 Meets the threshold for referral to an external agency"),
        (STATUTORY_ADVICE, "P6.3 Advice of the statutory agencies on an allegation"),
        (PLANNING_REQUEST, "P6.4 Requested for a statutory investigation or MAPPA planning"),
        (COURT_DIRECTION, "P6.5 Directed or permitted by a court"),
        (DISCIPLINARY_NEED_TO_KNOW, "P6.6 Disciplinary outcome, need to know within TTW"),
        (CMG_DECISION, "P6.7 Case Management Group decision on a DBS disclosure"),
    ]
    CLAUSE = {
        SAFEGUARDING: "P6.1",
        REFERRAL_THRESHOLD: "P6.2",
        STATUTORY_ADVICE: "P6.3",
        PLANNING_REQUEST: "P6.4",
        COURT_DIRECTION: "P6.5",
        DISCIPLINARY_NEED_TO_KNOW: "P6.6",
        CMG_DECISION: "P6.7",
    }
    # The decision kind a share on this basis must cite, if any.
    CITES = {
        STATUTORY_ADVICE: "statutory_advice",
        PLANNING_REQUEST: "planning_request",
        COURT_DIRECTION: "court_direction",
        DISCIPLINARY_NEED_TO_KNOW: "disciplinary_outcome",
        CMG_DECISION: "cmg_decision",
    }
    # Other kinds a share on the basis may cite instead: P6.7's Case Management Group
    # decides on a DBS disclosure (``cmg_decision``) or makes its final decision on a case
    # about an adult (``cmg_final_decision``), both with P6.7's outcomes.
    ALSO_CITES = {CMG_DECISION: ("cmg_final_decision",)}

    @classmethod
    def kinds_cited(cls, basis: str) -> tuple[str, ...]:
        """Every decision kind a share on ``basis`` may cite (none for a basis citing none)."""
        wanted = cls.CITES.get(basis)
        return (wanted, *cls.ALSO_CITES.get(basis, ())) if wanted else ()

    @classmethod
    def citable_kinds(cls) -> tuple[str, ...]:
        """Every decision kind a share may cite, on any basis."""
        return tuple(kind for basis in cls.CITES for kind in cls.kinds_cited(basis))


# Message constants: forms show them, tests import them.
PURPOSE_REQUIRED = "P6.1: say how sharing is necessary to safeguard or protect a child."
INFORMATION_REQUIRED = "P6.1: say what information is (or is not) to be shared."
RECIPIENT_REQUIRED = "P6.1: say who the information is shared with."
FACTS_REQUIRED = "P6.10: record the facts, separately from professional opinion."
NO_SHARE_REFUSED_THRESHOLD = (
    "P6.2: this case meets the threshold for referral to an external agency, so the referral "
    'information is shared in all cases; "do not share" is refused for it.'
)
METHOD_REQUIRED = "P6.9: record how the information is shared and how urgent it is."
ADVICE_REQUIRED = (
    "P6.3: seek and record the advice of the statutory agencies before sharing with another "
    "organisation about an allegation; cite that advice."
)
ADVICE_DOES_NOT_NAME_RECIPIENT = (
    "P6.3: the statutory advice cited does not say this organisation should be told by TTW."
)
PLANNING_REQUEST_REQUIRED = "P6.4: cite the statutory agency's planning request."
COURT_DIRECTION_REQUIRED = "P6.5: cite the court direction or permission this share rests on."
DISCIPLINARY_WITHIN_TTW = (
    "P6.6: a disciplinary outcome is shared only within TTW, with named people who need to know."
)
CMG_DECISION_REQUIRED = (
    "P6.7: a DBS disclosure concern is shared only after a Case Management Group decision that "
    "restrictions are needed or the individual is unsuitable; cite that decision."
)


@dataclass(frozen=True)
class ShareFacts:
    """What the policy needs to know about a share or no-share decision."""

    outcome: str  # SHARE or NO_SHARE
    basis: str = Basis.SAFEGUARDING
    purpose: str = ""
    information: str = ""
    recipient: str = ""
    reason: str = ""
    facts: str = ""
    professional_opinion: str = ""
    # P6.2: the case is marked as meeting the referral threshold, and this
    # decision is about the information that meets it.
    case_meets_threshold: bool = False
    about_referral_information: bool = False
    consent: str = ""
    # P6.8: the consent record relied on (its ref, "" for none) and every consent record of the
    # case, whatever the person deciding may see, so a later refusal is never missed.
    consent_record: str = ""
    case_consent_records: tuple[ConsentState, ...] = ()
    significant_harm_justification: str = ""
    urgency: str = ""
    method: str = ""
    # The decision cited as the basis (kind and outcome), if any.
    cited_kind: str = ""
    cited_outcome: str = ""
    # P6.3: the cited advice names the recipient as one TTW should tell.
    advice_names_recipient: bool = False
    # P6.6: the recipient is within TTW.
    recipient_within_ttw: bool = False


def evaluate_share(f: ShareFacts) -> Evaluation:
    """Which clauses a share or no-share decision rests on, and what stops it being recorded."""
    problems: list[Problem] = []
    clauses: set[str] = {"P6.9", "P6.10", "P6.11"}
    sharing = f.outcome == SHARE

    # P6.11: the reason is required for both outcomes.
    if blank(f.reason):
        problems.append(Problem("P6.11", "reason", REASON_REQUIRED))
    # P6.10: facts are recorded apart from opinion.
    if blank(f.facts):
        problems.append(Problem("P6.10", "facts", FACTS_REQUIRED))
    # P6.1: purpose, information and recipient.
    clauses.add("P6.1")
    if blank(f.purpose):
        problems.append(Problem("P6.1", "purpose", PURPOSE_REQUIRED))
    if blank(f.information):
        problems.append(Problem("P6.1", "information", INFORMATION_REQUIRED))
    if blank(f.recipient):
        problems.append(Problem("P6.1", "recipient", RECIPIENT_REQUIRED))
    # P6.2: threshold information is shared in all cases.
    if f.case_meets_threshold and f.about_referral_information:
        clauses.add("P6.2")
        if not sharing:
            problems.append(Problem("P6.2", "outcome", NO_SHARE_REFUSED_THRESHOLD))
    # P6.9: the way of sharing fits the urgency.
    if sharing and (blank(f.method) or blank(f.urgency)):
        problems.append(Problem("P6.9", "method", METHOD_REQUIRED))
    # P6.8: the decision rests on the consent clause only when the clause is met as stated.
    consent_problems = share_consent_position_problems(
        outcome=f.outcome,
        consent=f.consent,
        consent_record=f.consent_record,
        case_consent_records=f.case_consent_records,
        significant_harm_justification=f.significant_harm_justification,
    )
    problems.extend(consent_problems)
    if not consent_problems:
        clauses.add("P6.8")
    # The basis and what it must cite.
    clause = Basis.CLAUSE.get(f.basis, "P6.1")
    clauses.add(clause)
    if sharing:
        problems.extend(_basis_problems(f))
    order = list(CLAUSES)
    return Evaluation(tuple(sorted(clauses, key=order.index)), tuple(problems))


def _basis_problems(f: ShareFacts) -> list[Problem]:
    wanted = Basis.CITES.get(f.basis)
    if f.basis == Basis.STATUTORY_ADVICE:
        # P6.3
        if f.cited_kind != wanted:
            return [Problem("P6.3", "cited_decision", ADVICE_REQUIRED)]
        if not f.advice_names_recipient:
            return [Problem("P6.3", "cited_decision", ADVICE_DOES_NOT_NAME_RECIPIENT)]
    elif f.basis == Basis.PLANNING_REQUEST:
        # P6.4
        if f.cited_kind != wanted:
            return [Problem("P6.4", "cited_decision", PLANNING_REQUEST_REQUIRED)]
    elif f.basis == Basis.COURT_DIRECTION:
        # P6.5
        if f.cited_kind != wanted:
            return [Problem("P6.5", "cited_decision", COURT_DIRECTION_REQUIRED)]
    elif f.basis == Basis.DISCIPLINARY_NEED_TO_KNOW:
        # P6.6
        if f.cited_kind != wanted or not f.recipient_within_ttw:
            return [Problem("P6.6", "recipient", DISCIPLINARY_WITHIN_TTW)]
    elif f.basis == Basis.CMG_DECISION:
        # P6.7
        cited_kind_ok = f.cited_kind in Basis.kinds_cited(f.basis)
        if not cited_kind_ok or f.cited_outcome not in CMG_OUTCOMES_THAT_ALLOW_SHARING:
            return [Problem("P6.7", "cited_decision", CMG_DECISION_REQUIRED)]
    return []


def share_basis_problems(f: ShareFacts) -> list[Problem]:
    """P6.3 to P6.7: what a share on ``f.basis`` must cite, checked where the basis is chosen."""
    if f.outcome != SHARE:
        return []
    return _basis_problems(f)

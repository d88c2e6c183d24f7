"""TTW policy P6 (Confidentiality and Information Sharing) as code.

Every rule of the policy lives here, once, as pure functions over a
decision's facts. Forms call them in ``clean()``, services call them before
recording, and tests call them directly. Clause numbers are DESIGN.md's:
P6.1 is the first bullet of the policy, P6.12 the media paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    text: str


CLAUSES: dict[str, Clause] = {
    c.id: c
    for c in [
        Clause(
            "P6.1",
            "Sharing to safeguard children",
            "TTW will share information where they reasonably believe that it is necessary "
            "to share in order to safeguard or protect children.",
        ),
        Clause(
            "P6.2",
            "Referral threshold",
            "Information relating to safeguarding and protecting children which meets the "
            "threshold for referral to external agencies will be shared in all cases.",
        ),
        Clause(
            "P6.3",
            "Allegations: advice of the statutory agencies",
            "Where the individual against whom the allegation is made may work with children "
            "in other organisations, TTW will seek the advice of the statutory agencies on "
            "whether information should be shared with those organisations and by whom.",
        ),
        Clause(
            "P6.4",
            "Statutory investigation and MAPPA planning",
            "Where there is or has been a statutory investigation, or a person is subject to "
            "MAPPA monitoring, TTW will contribute to the agencies' planning when requested.",
        ),
        Clause(
            "P6.5",
            "Court direction or permission",
            "Where a court directs or permits sharing about an individual it has found to pose "
            "a significant risk to children, the information will be shared as directed.",
        ),
        Clause(
            "P6.6",
            "Internal disciplinary outcomes",
            "Outcomes of TTW internal disciplinary investigations are shared within the "
            "organisation on a strictly need-to-know basis.",
        ),
        Clause(
            "P6.7",
            "DBS disclosures and the Case Management Group",
            "Safeguarding concerns from a DBS disclosure are shared where, after a Case "
            "Management Group decision, restrictions are needed or the individual is not "
            "suitable to work with children.",
        ),
        Clause(
            "P6.8",
            "Consent",
            "Consent to share will usually be sought; information is shared without consent "
            "where refusal, or seeking consent, would put a child at risk of significant harm.",
        ),
        Clause(
            "P6.9",
            "Urgency and the written report",
            "The way information is shared fits the urgency, but is always supported by a "
            "written report.",
        ),
        Clause(
            "P6.10",
            "Facts and professional opinion",
            "When sharing, TTW makes clear which information is fact and which is "
            "professional opinion.",
        ),
        Clause(
            "P6.11",
            "Record of every decision",
            "Records are always kept of the decision to share, or not to share, information "
            "and the reason for the decision.",
        ),
        Clause(
            "P6.12",
            "Media interest",
            "Anyone approached by the media gives no information, notes the journalist's name, "
            "contact details and what they want, and informs the National Safeguarding Officer.",
        ),
    ]
}


def clauses_described(ids: list[str] | tuple[str, ...]) -> list[Clause]:
    """The clauses named by ``ids``, in policy order, unknown ids skipped."""
    wanted = set(ids)
    return [clause for cid, clause in CLAUSES.items() if cid in wanted]


# --- share and no-share decisions -----------------------------------------------

SHARE = "share"
NO_SHARE = "no_share"


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


class Consent:
    """The consent position of a share decision (P6.8)."""

    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    NOT_SOUGHT = "not_sought"

    CHOICES = [
        (GIVEN, "Consent given"),
        (REFUSED, "Consent refused"),
        (WITHDRAWN, "Consent withdrawn"),
        (NOT_SOUGHT, "Consent not sought"),
    ]


# CMG outcomes (P6.7). Only these two let a DBS concern be shared.
CMG_NO_ACTION = "no_action"
CMG_RESTRICTIONS = "restrictions"
CMG_UNSUITABLE = "unsuitable"
CMG_OUTCOMES_THAT_ALLOW_SHARING = frozenset({CMG_RESTRICTIONS, CMG_UNSUITABLE})

# Methods that leave no written trace of their own: the written report must follow (P6.9).
UNWRITTEN_METHODS = frozenset({"phone", "meeting", "in_person"})

# Message constants: forms show them, tests import them.
REASON_REQUIRED = "P6.11: record the reason for this decision, whether to share or not to share."
PURPOSE_REQUIRED = "P6.1: say how sharing is necessary to safeguard or protect a child."
INFORMATION_REQUIRED = "P6.1: say what information is (or is not) to be shared."
RECIPIENT_REQUIRED = "P6.1: say who the information is shared with."
FACTS_REQUIRED = "P6.10: record the facts, separately from professional opinion."
NO_SHARE_REFUSED_THRESHOLD = (
    "P6.2: this case meets the threshold for referral to an external agency, so the referral "
    'information is shared in all cases; "do not share" is refused for it.'
)
CONSENT_POSITION_REQUIRED = (
    "P6.8: record the consent position (given, refused, withdrawn or not sought)."
)
CONSENT_GIVEN_NEEDS_RECORD = (
    'P6.8: "consent given" must rest on a consent record of this case that says consent was '
    "given; record the consent first, or choose the position the records show."
)
CONSENT_RECORD_NOT_OF_CASE = "P6.8: choose a consent record of this case."
CONSENT_RECORD_MISMATCH = (
    "P6.8: the consent position must match the consent record relied on, which shows: {shown}."
)
CONSENT_SINCE_REFUSED = (
    "P6.8: the consent relied on is no longer given: a later record of the same person's "
    "consent says it was {shown}. Choose the position the records show."
)
CONSENT_NOT_SOUGHT_RECORD_REQUIRED = (
    "P6.8: sharing without seeking consent is allowed only where seeking it would put a child "
    "at risk of significant harm; rely on a consent record of this case that says so."
)
JUSTIFICATION_REQUIRED = (
    "P6.8: sharing without consent needs the significant-harm justification: why refusing or "
    "seeking consent would put a child at risk of significant harm."
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
class ConsentState:
    """One consent record of the case, as the consent rule sees it (P6.8)."""

    ref: str  # the record's code
    whose: str  # ConsentRecord.whose: the child, a parent or carer, the adult concerned
    person_name: str
    position: str  # a Consent value
    not_sought_because: str  # NOT_SOUGHT_SIGNIFICANT_HARM, NOT_SOUGHT_OTHER or ""
    occurred_on: date
    sequence: int  # the record's place in the chain: which of two same-day records is later

    @property
    def person(self) -> tuple[str, str]:
        return (self.whose, " ".join(self.person_name.split()).casefold())


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


@dataclass(frozen=True)
class Problem:
    clause: str
    field: str  # the form field the message belongs to ("" for the whole form)
    message: str


@dataclass(frozen=True)
class Evaluation:
    clauses: tuple[str, ...]  # the clauses the decision rests on, in policy order
    problems: tuple[Problem, ...]  # what is missing or refused; empty when it may be recorded

    @property
    def ok(self) -> bool:
        return not self.problems


def _blank(text: str) -> bool:
    return not (text or "").strip()


def evaluate_share(f: ShareFacts) -> Evaluation:
    """Which clauses a share or no-share decision rests on, and what stops it being recorded."""
    problems: list[Problem] = []
    clauses: set[str] = {"P6.9", "P6.10", "P6.11"}
    sharing = f.outcome == SHARE

    # P6.11: the reason is required for both outcomes.
    if _blank(f.reason):
        problems.append(Problem("P6.11", "reason", REASON_REQUIRED))
    # P6.10: facts are recorded apart from opinion.
    if _blank(f.facts):
        problems.append(Problem("P6.10", "facts", FACTS_REQUIRED))
    # P6.1: purpose, information and recipient.
    clauses.add("P6.1")
    if _blank(f.purpose):
        problems.append(Problem("P6.1", "purpose", PURPOSE_REQUIRED))
    if _blank(f.information):
        problems.append(Problem("P6.1", "information", INFORMATION_REQUIRED))
    if _blank(f.recipient):
        problems.append(Problem("P6.1", "recipient", RECIPIENT_REQUIRED))
    # P6.2: threshold information is shared in all cases.
    if f.case_meets_threshold and f.about_referral_information:
        clauses.add("P6.2")
        if not sharing:
            problems.append(Problem("P6.2", "outcome", NO_SHARE_REFUSED_THRESHOLD))
    # P6.9: the way of sharing fits the urgency.
    if sharing and (_blank(f.method) or _blank(f.urgency)):
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


def consent_still_given(record: ConsentState, case_records: Sequence[ConsentState]) -> bool:
    """P6.8: ``record`` says given and no later record of the same person's consent refuses it.

    A later refusal or withdrawal supersedes the consent; a later "given" after a refusal is
    itself a record that says given, and is the one to rely on.
    """
    if record.position != Consent.GIVEN:
        return False
    return not _later_refusal(record, case_records)


def _later_refusal(
    record: ConsentState, case_records: Sequence[ConsentState]
) -> ConsentState | None:
    key = (record.occurred_on, record.sequence)
    later = [
        other
        for other in case_records
        if other.person == record.person
        and (other.occurred_on, other.sequence) > key
        and other.position in (Consent.REFUSED, Consent.WITHDRAWN)
    ]
    return max(later, key=lambda other: (other.occurred_on, other.sequence), default=None)


def share_consent_position_problems(
    *,
    outcome: str,
    consent: str,
    consent_record: str,
    case_consent_records: Sequence[ConsentState],
    significant_harm_justification: str,
) -> list[Problem]:
    """P6.8, the whole consent rule of a share or no-share decision.

    - "Consent given" cites a consent record of this case that says given and has not since
      been refused or withdrawn by the same person; this holds for a no-share too, since the
      record would otherwise say something untrue.
    - A record relied on shows the position claimed, and is one of this case's.
    - Sharing in any other position (refused, withdrawn, not sought) needs the significant-harm
      justification; "not sought" also relies on a record saying that seeking consent would put
      a child at risk of significant harm.
    """
    if _blank(consent):
        return [Problem("P6.8", "consent", CONSENT_POSITION_REQUIRED)]
    problems: list[Problem] = []
    cited = None
    if not _blank(consent_record):
        cited = next((r for r in case_consent_records if r.ref == consent_record), None)
        if cited is None:
            return [Problem("P6.8", "consent_record", CONSENT_RECORD_NOT_OF_CASE)]
        if cited.position != consent:
            shown = dict(Consent.CHOICES).get(cited.position, cited.position).lower()
            return [Problem("P6.8", "consent", CONSENT_RECORD_MISMATCH.format(shown=shown))]
    if consent == Consent.GIVEN:
        if cited is None:
            return [Problem("P6.8", "consent_record", CONSENT_GIVEN_NEEDS_RECORD)]
        refusal = _later_refusal(cited, case_consent_records)
        if refusal is not None:
            # The stored values read as words: "refused", "withdrawn".
            return [
                Problem("P6.8", "consent", CONSENT_SINCE_REFUSED.format(shown=refusal.position))
            ]
        return []
    if outcome != SHARE:
        return []
    if _blank(significant_harm_justification):
        problems.append(Problem("P6.8", "significant_harm_justification", JUSTIFICATION_REQUIRED))
    if consent == Consent.NOT_SOUGHT and (
        cited is None or cited.not_sought_because != NOT_SOUGHT_SIGNIFICANT_HARM
    ):
        problems.append(Problem("P6.8", "consent_record", CONSENT_NOT_SOUGHT_RECORD_REQUIRED))
    return problems


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
        if f.cited_kind != wanted or f.cited_outcome not in CMG_OUTCOMES_THAT_ALLOW_SHARING:
            return [Problem("P6.7", "cited_decision", CMG_DECISION_REQUIRED)]
    return []


# --- consent, share decisions, NSO review, due dates (sharing app) ------------------

# P6.8: why consent was not sought (ConsentRecord.not_sought_because).
NOT_SOUGHT_SIGNIFICANT_HARM = "significant_harm"
NOT_SOUGHT_OTHER = "other"
# The UK GDPR lawful basis that is consent itself (ShareDecision.lawful_basis).
LAWFUL_BASIS_CONSENT = "consent"

CONSENT_ANSWER_REQUIRED = (
    "P6.8: consent was sought; record whether it was given, refused or withdrawn."
)
CONSENT_ANSWER_WITHOUT_SEEKING = (
    "P6.8: consent was not sought, so there is no answer to record; say why it was not sought."
)
CONSENT_WHY_NOT_SOUGHT_REQUIRED = (
    "P6.8: consent was not sought; say why: seeking it would put a child at risk of significant "
    "harm, or another reason you state."
)
CONSENT_WHY_NOT_SOUGHT_WHEN_SOUGHT = "P6.8: consent was sought, so leave 'why not sought' empty."
CONSENT_OTHER_REASON_REQUIRED = "P6.8: state the other reason consent was not sought."
DATE_IN_FUTURE = "P6.11: the date cannot be in the future."
LAWFUL_BASIS_CONSENT_WITHOUT_CONSENT = (
    "P6.8: consent is a lawful basis only when consent was given; choose the safeguarding "
    "condition instead."
)


def consent_record_problems(
    *,
    was_sought: bool,
    answer: str,
    not_sought_because: str,
    explanation: str,
    occurred_on: date | None,
    today: date,
) -> list[Problem]:
    """P6.8: a sought consent has its answer; an unsought one says why, instead of an answer."""
    problems: list[Problem] = []
    if was_sought:
        if answer not in (Consent.GIVEN, Consent.REFUSED, Consent.WITHDRAWN):
            problems.append(Problem("P6.8", "answer", CONSENT_ANSWER_REQUIRED))
        if not _blank(not_sought_because):
            problems.append(
                Problem("P6.8", "not_sought_because", CONSENT_WHY_NOT_SOUGHT_WHEN_SOUGHT)
            )
    else:
        if not _blank(answer):
            problems.append(Problem("P6.8", "answer", CONSENT_ANSWER_WITHOUT_SEEKING))
        if not_sought_because not in (NOT_SOUGHT_SIGNIFICANT_HARM, NOT_SOUGHT_OTHER):
            problems.append(Problem("P6.8", "not_sought_because", CONSENT_WHY_NOT_SOUGHT_REQUIRED))
        elif not_sought_because == NOT_SOUGHT_OTHER and _blank(explanation):
            problems.append(
                Problem("P6.8", "not_sought_explanation", CONSENT_OTHER_REASON_REQUIRED)
            )
    if occurred_on is not None and occurred_on > today:
        problems.append(Problem("P6.11", "occurred_on", DATE_IN_FUTURE))
    return problems


def share_consent_problems(*, consent: str, lawful_basis: str) -> list[Problem]:
    """P6.8: consent is the lawful basis only of a share to which consent was given."""
    problems: list[Problem] = []
    if lawful_basis == LAWFUL_BASIS_CONSENT and consent != Consent.GIVEN:
        problems.append(Problem("P6.8", "lawful_basis", LAWFUL_BASIS_CONSENT_WITHOUT_CONSENT))
    return problems


def share_basis_problems(f: ShareFacts) -> list[Problem]:
    """P6.3 to P6.7: what a share on ``f.basis`` must cite, checked where the basis is chosen."""
    if f.outcome != SHARE:
        return []
    return _basis_problems(f)


# NSO review of share and no-share decisions.
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
    if verdict == REVIEW_ENDORSE_WITH_COMMENTS and _blank(comments):
        problems.append(Problem("", "comments", REVIEW_COMMENTS_REQUIRED))
    if verdict == REVIEW_CONCERN and _blank(action_required):
        problems.append(Problem("", "action_required", REVIEW_ACTION_REQUIRED))
    return problems


# Working days: Monday to Friday except bank holidays in England and Wales
# (gov.uk/bank-holidays). Extend the list each year.
BANK_HOLIDAYS: frozenset[date] = frozenset(
    date.fromisoformat(day)
    for day in [
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
        "2025-12-25", "2025-12-26",
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
        "2026-12-25", "2026-12-28",
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
        "2027-12-27", "2027-12-28",
        "2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28",
        "2028-12-25", "2028-12-26",
    ]
)  # fmt: skip
# The NSO reviews a share or no-share decision within five working days.
REVIEW_WORKING_DAYS = 5
# P6.9: a share by phone or in person is followed by the written report within one working day.
WRITTEN_REPORT_WORKING_DAYS = 1


def is_working_day(day: date, holidays: frozenset[date] = BANK_HOLIDAYS) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(
    start: date, working_days: int, holidays: frozenset[date] = BANK_HOLIDAYS
) -> date:
    """The day ``working_days`` working days after ``start`` (a day off counts from the next)."""
    day = start
    left = working_days
    while left > 0:
        day = date.fromordinal(day.toordinal() + 1)
        if is_working_day(day, holidays):
            left -= 1
    return day


def review_due_on(decided_on: date) -> date:
    return add_working_days(decided_on, REVIEW_WORKING_DAYS)


def review_overdue(*, decided_on: date, today: date, reviewed: bool) -> bool:
    """A decision waiting for review more than five working days."""
    return not reviewed and today > review_due_on(decided_on)


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


def overdue_if_decided_on_or_before(*, today: date, working_days: int) -> date:
    """The latest decision date whose due date (``working_days`` later) is before ``today``.

    The due date grows with the decision date, so a list can be filtered in the
    database with ``decided on <= this``.
    """
    day = date.fromordinal(today.toordinal() - 1)
    while add_working_days(day, working_days) >= today:
        day = date.fromordinal(day.toordinal() - 1)
    return day


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


# --- other rules ----------------------------------------------------------------

CLOSURE_REFUSED_NO_REFERRAL = (
    "P6.2: this case meets the threshold for referral to an external agency and no referral is "
    "recorded; record the referral before closing the case."
)


def case_closure_problems(*, meets_threshold: bool, referral_count: int) -> list[Problem]:
    """P6.2: a threshold case cannot be closed until a referral is recorded."""
    if meets_threshold and referral_count == 0:
        return [Problem("P6.2", "", CLOSURE_REFUSED_NO_REFERRAL)]
    return []


def referral_overdue(*, meets_threshold: bool, referral_count: int) -> bool:
    """P6.2: a threshold case with no referral shows as overdue."""
    return meets_threshold and referral_count == 0


def share_without_consent(consent: str) -> bool:
    return consent != Consent.GIVEN


def written_report_confirmation_due(*, outcome: str, method: str) -> bool:
    """P6.9: a share by phone or in person must be followed by the written report."""
    return outcome == SHARE and method in UNWRITTEN_METHODS


# --- concerns, triage, cases and adults subject to allegations (cases app) --------

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


def concern_problems(
    *, facts: str, categories: list[str], occurred_at: datetime | None, now: datetime
) -> list[Problem]:
    """What stops a concern being recorded: facts are required (P6.10), the past only."""
    problems = []
    if _blank(facts):
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
    if _blank(reason):
        problems.append(Problem("P6.11", "reason", TRIAGE_REASON_REQUIRED))
    if meets_threshold and _blank(threshold_rationale):
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
    if works_with_children_elsewhere and _blank(other_organisations):
        return [Problem("P6.3", "other_organisations", ADULT_ORGANISATIONS_REQUIRED)]
    return []


# --- statutory records (P6.3 to P6.7) ---------------------------------------------

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


def advice_names_recipient(organisations: list[dict], recipient: str) -> bool:
    """P6.3: the advice names ``recipient`` as an organisation that TTW itself tells."""
    if _blank(recipient):
        return False
    return any(
        same_organisation(org.get("name", ""), recipient) and org.get("told_by") == TOLD_BY_TTW
        for org in organisations
    )


def advice_organisation_problems(organisations: list[dict]) -> list[Problem]:
    """P6.3: the advice says which organisations should be told, each once, and by whom."""
    if not organisations:
        return [Problem("P6.3", "", ADVICE_NEEDS_ORGANISATION)]
    seen: list[str] = []
    for org in organisations:
        name = org.get("name", "")
        if _blank(name) or org.get("told_by") not in (TOLD_BY_TTW, TOLD_BY_AGENCY):
            return [Problem("P6.3", "", ADVICE_NEEDS_ORGANISATION)]
        if any(same_organisation(name, other) for other in seen):
            return [Problem("P6.3", "", ADVICE_ORGANISATION_TWICE)]
        seen.append(name)
    return []


def advice_confirmation_problems(*, organisations: list[dict], organisation: str) -> list[Problem]:
    """P6.3: a confirmation that an organisation was told names one the advice covers."""
    if not any(same_organisation(org.get("name", ""), organisation) for org in organisations):
        return [Problem("P6.3", "organisation", CONFIRMATION_NOT_IN_ADVICE)]
    return []


def planning_request_overdue(*, due_on: date, contributed: bool, today: date) -> bool:
    """P6.4: a request whose due date has passed with no contribution from TTW."""
    return not contributed and due_on < today


def cmg_decision_problems(*, members: list[dict], outcome: str, restrictions: str) -> list[Problem]:
    """P6.7: the CMG decision names its members, one at least independent, and its outcome."""
    problems: list[Problem] = []
    if not members:
        problems.append(Problem("P6.7", "", CMG_MEMBER_REQUIRED))
    elif not any(member.get("independent") for member in members):
        problems.append(Problem("P6.7", "", CMG_INDEPENDENT_REQUIRED))
    if outcome not in (CMG_NO_ACTION, CMG_RESTRICTIONS, CMG_UNSUITABLE):
        problems.append(Problem("P6.7", "cmg_outcome", CMG_OUTCOME_REQUIRED))
    elif outcome == CMG_RESTRICTIONS and _blank(restrictions):
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
    if _blank(recipient):
        return False
    return any(same_organisation(name, recipient) for name in names if not _blank(name))


# --- media approaches (P6.12, media_contacts app) -----------------------------------

MEDIA_APPROACH_IN_FUTURE = "The date and time of the approach cannot be in the future."
MEDIA_JOURNALIST_REQUIRED = (
    "P6.12: note the journalist's name (write 'not given' if they would not say)."
)
MEDIA_CONTACT_REQUIRED = (
    "P6.12: note at least one way to contact the journalist: a phone number, an e-mail "
    "address or other contact details."
)
MEDIA_REQUEST_REQUIRED = "P6.12: note what information the journalist wants."
MEDIA_ANYTHING_SAID_REQUIRED = "P6.12: say whether anything was said to the journalist."
MEDIA_WHAT_WAS_SAID_REQUIRED = (
    "P6.12: you said something was said to the journalist; write down what was said, as "
    "exactly as you can, so the National Safeguarding Officer can act on it."
)
MEDIA_DEADLINE_BEFORE_APPROACH = "The journalist's deadline cannot be before the approach."
MEDIA_NOT_ACKNOWLEDGED = (
    "P6.12: acknowledge the media approach before recording how it was handled."
)
MEDIA_HANDLED_IN_FUTURE = "The date and time it was handled cannot be in the future."
MEDIA_HANDLED_BEFORE_APPROACH = "It cannot have been handled before the approach was made."
MEDIA_HANDLING_REQUIRED = "P6.12: choose how the media approach was handled."
MEDIA_RESPONSE_REQUIRED = "P6.12: record the response given to the journalist."
MEDIA_PRESS_OFFICE_REQUIRED = "P6.12: name the press office the approach was referred to."


class MediaHandlingChoice:
    """How the NSO handled a media approach (P6.12). Stored on MediaHandling.handling."""

    RESPONSE = "response"
    DECLINED = "declined"
    PRESS_OFFICE = "press_office"

    CHOICES = [
        (RESPONSE, "Response given to the journalist"),
        (DECLINED, "Decision to decline to comment"),
        (PRESS_OFFICE, "Referred to a press office"),
    ]


@dataclass(frozen=True)
class MediaApproachFacts:
    """What the policy needs to know about a media approach as it is recorded."""

    now: datetime
    approached_at: datetime | None = None
    journalist_name: str = ""
    phone: str = ""
    email: str = ""
    other_contact: str = ""
    information_wanted: str = ""
    # None: the person recording has not answered the question.
    anything_said: bool | None = None
    what_was_said: str = ""
    deadline: datetime | None = None


def media_approach_problems(f: MediaApproachFacts) -> list[Problem]:
    """P6.12: the journalist's name, contact details and request, and anything said."""
    problems: list[Problem] = []
    if f.approached_at is not None and f.approached_at > f.now:
        problems.append(Problem("P6.12", "approached_at", MEDIA_APPROACH_IN_FUTURE))
    if _blank(f.journalist_name):
        problems.append(Problem("P6.12", "journalist_name", MEDIA_JOURNALIST_REQUIRED))
    if _blank(f.phone) and _blank(f.email) and _blank(f.other_contact):
        problems.append(Problem("P6.12", "other_contact", MEDIA_CONTACT_REQUIRED))
    if _blank(f.information_wanted):
        problems.append(Problem("P6.12", "information_wanted", MEDIA_REQUEST_REQUIRED))
    # Nothing should be said; when something was, the NSO must know what.
    if f.anything_said is None:
        problems.append(Problem("P6.12", "anything_said", MEDIA_ANYTHING_SAID_REQUIRED))
    elif f.anything_said and _blank(f.what_was_said):
        problems.append(Problem("P6.12", "what_was_said", MEDIA_WHAT_WAS_SAID_REQUIRED))
    if f.deadline is not None and f.approached_at is not None and f.deadline < f.approached_at:
        problems.append(Problem("", "deadline", MEDIA_DEADLINE_BEFORE_APPROACH))
    return problems


def media_handling_problems(
    *,
    now: datetime,
    acknowledged: bool,
    approached_at: datetime,
    handling: str,
    handled_at: datetime | None,
    response: str = "",
    press_office: str = "",
    reason: str = "",
) -> list[Problem]:
    """P6.12 and P6.11: how an acknowledged media approach was handled, and why."""
    problems: list[Problem] = []
    if not acknowledged:
        problems.append(Problem("P6.12", "", MEDIA_NOT_ACKNOWLEDGED))
    if handling not in {value for value, _label in MediaHandlingChoice.CHOICES}:
        problems.append(Problem("P6.12", "handling", MEDIA_HANDLING_REQUIRED))
    elif handling == MediaHandlingChoice.RESPONSE and _blank(response):
        problems.append(Problem("P6.12", "response", MEDIA_RESPONSE_REQUIRED))
    elif handling == MediaHandlingChoice.PRESS_OFFICE and _blank(press_office):
        problems.append(Problem("P6.12", "press_office", MEDIA_PRESS_OFFICE_REQUIRED))
    if handled_at is not None and handled_at > now:
        problems.append(Problem("P6.12", "handled_at", MEDIA_HANDLED_IN_FUTURE))
    elif handled_at is not None and handled_at < approached_at:
        problems.append(Problem("P6.12", "handled_at", MEDIA_HANDLED_BEFORE_APPROACH))
    # P6.11: the reason is recorded for every decision.
    if _blank(reason):
        problems.append(Problem("P6.11", "reason", REASON_REQUIRED))
    return problems

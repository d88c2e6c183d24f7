"""P6.8, consent: the consent records and the consent position of a share decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .base import DATE_IN_FUTURE, SHARE, Problem, blank


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


# P6.8: why consent was not sought (ConsentRecord.not_sought_because).
NOT_SOUGHT_SIGNIFICANT_HARM = "significant_harm"
NOT_SOUGHT_OTHER = "other"
# The UK GDPR lawful basis that is consent itself (ShareDecision.lawful_basis).
LAWFUL_BASIS_CONSENT = "consent"

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
LAWFUL_BASIS_CONSENT_WITHOUT_CONSENT = (
    "P6.8: consent is a lawful basis only when consent was given; choose the safeguarding "
    "condition instead."
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


def share_without_consent(consent: str) -> bool:
    """P6.8: a share in this consent position is a share without consent.

    Refused, withdrawn and not sought alike: such a share needs the significant-harm
    justification, so the justification is asked for exactly when this is true.
    """
    return consent != Consent.GIVEN


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
    if blank(consent):
        return [Problem("P6.8", "consent", CONSENT_POSITION_REQUIRED)]
    problems: list[Problem] = []
    cited = None
    if not blank(consent_record):
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
    if outcome != SHARE or not share_without_consent(consent):
        return []
    if blank(significant_harm_justification):
        problems.append(Problem("P6.8", "significant_harm_justification", JUSTIFICATION_REQUIRED))
    if consent == Consent.NOT_SOUGHT and (
        cited is None or cited.not_sought_because != NOT_SOUGHT_SIGNIFICANT_HARM
    ):
        problems.append(Problem("P6.8", "consent_record", CONSENT_NOT_SOUGHT_RECORD_REQUIRED))
    return problems


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
        if not blank(not_sought_because):
            problems.append(
                Problem("P6.8", "not_sought_because", CONSENT_WHY_NOT_SOUGHT_WHEN_SOUGHT)
            )
    else:
        if not blank(answer):
            problems.append(Problem("P6.8", "answer", CONSENT_ANSWER_WITHOUT_SEEKING))
        if not_sought_because not in (NOT_SOUGHT_SIGNIFICANT_HARM, NOT_SOUGHT_OTHER):
            problems.append(Problem("P6.8", "not_sought_because", CONSENT_WHY_NOT_SOUGHT_REQUIRED))
        elif not_sought_because == NOT_SOUGHT_OTHER and blank(explanation):
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

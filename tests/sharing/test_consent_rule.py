"""P6.8, the consent rule of a share decision, over every consent position and every state of
the case's consent records: through the policy function, through the service, and through the
guided form.

Olivia (officer) records the consent records and decides; the records of another case are
hers too, so only the rule (not access) refuses them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sharing import policy, services
from sharing.models import ShareDecision
from sharing.policy import Consent, ConsentState
from tests.sharing.conftest import share_fields
from tests.sharing.policy.test_share import GOOD
from tests.sharing.test_share_decision import walk

PARENT = ("parent_carer", "Pat Parent")
CHILD = ("child", "Test Child")
HARM = policy.NOT_SOUGHT_SIGNIFICANT_HARM
OTHER = policy.NOT_SOUGHT_OTHER

# Each state of the case's consent records, oldest first: (whose, name, position, why not
# sought). "another_case" puts the one record on another case.
STATES: dict[str, list[tuple[tuple[str, str], str, str]]] = {
    "none": [],
    "given": [(PARENT, Consent.GIVEN, "")],
    "refused": [(PARENT, Consent.REFUSED, "")],
    "withdrawn": [(PARENT, Consent.WITHDRAWN, "")],
    "given_then_refused": [(PARENT, Consent.GIVEN, ""), (PARENT, Consent.REFUSED, "")],
    "given_then_withdrawn": [(PARENT, Consent.GIVEN, ""), (PARENT, Consent.WITHDRAWN, "")],
    "refused_then_given": [(PARENT, Consent.REFUSED, ""), (PARENT, Consent.GIVEN, "")],
    # Another person's refusal does not take back the parent's consent.
    "given_then_child_refused": [(PARENT, Consent.GIVEN, ""), (CHILD, Consent.REFUSED, "")],
    "not_sought_significant_harm": [(PARENT, Consent.NOT_SOUGHT, HARM)],
    "not_sought_other_reason": [(PARENT, Consent.NOT_SOUGHT, OTHER)],
    "another_case": [(PARENT, Consent.GIVEN, "")],
}

OK = None
NEEDS_RECORD = policy.CONSENT_GIVEN_NEEDS_RECORD
NOT_OF_CASE = policy.CONSENT_RECORD_NOT_OF_CASE
MISMATCH = "P6.8: the consent position must match the consent record relied on"
SINCE_REFUSED = "P6.8: the consent relied on is no longer given"
JUSTIFY = policy.JUSTIFICATION_REQUIRED
NOT_SOUGHT_RECORD = policy.CONSENT_NOT_SOUGHT_RECORD_REQUIRED

# (position, state, which record is cited, justification given, outcome, refused with).
# Cited: "last" (the newest record), "first" (the oldest) or None.
G, R, W, N = Consent.GIVEN, Consent.REFUSED, Consent.WITHDRAWN, Consent.NOT_SOUGHT
S, NS = policy.SHARE, policy.NO_SHARE
TABLE: list[tuple[str, str, str | None, bool, str, str | None]] = [
    # Consent given: only a record of this case that says given and is not taken back.
    (G, "none", None, False, S, NEEDS_RECORD),
    (G, "given", None, False, S, NEEDS_RECORD),
    (G, "given", "last", False, S, OK),
    (G, "refused", "last", False, S, MISMATCH),
    (G, "refused", None, True, S, NEEDS_RECORD),
    (G, "withdrawn", "last", False, S, MISMATCH),
    (G, "given_then_refused", "first", False, S, SINCE_REFUSED),
    (G, "given_then_refused", "last", False, S, MISMATCH),
    (G, "given_then_withdrawn", "first", False, S, SINCE_REFUSED),
    (G, "refused_then_given", "last", False, S, OK),
    (G, "given_then_child_refused", "first", False, S, OK),
    (G, "not_sought_significant_harm", "last", False, S, MISMATCH),
    (G, "not_sought_other_reason", "last", False, S, MISMATCH),
    (G, "another_case", "last", False, S, NOT_OF_CASE),
    # A no-share says nothing untrue about consent either.
    (G, "none", None, False, NS, NEEDS_RECORD),
    (G, "given_then_refused", "first", False, NS, SINCE_REFUSED),
    # Refused: the significant-harm justification.
    (R, "none", None, True, S, OK),
    (R, "none", None, False, S, JUSTIFY),
    (R, "given", "last", True, S, MISMATCH),
    (R, "refused", "last", True, S, OK),
    (R, "refused", "last", False, S, JUSTIFY),
    (R, "withdrawn", "last", True, S, MISMATCH),
    (R, "given_then_refused", "last", True, S, OK),
    (R, "refused_then_given", "first", True, S, OK),
    (R, "given_then_child_refused", "last", True, S, OK),
    (R, "not_sought_significant_harm", "last", True, S, MISMATCH),
    (R, "not_sought_other_reason", "last", True, S, MISMATCH),
    (R, "another_case", "last", True, S, NOT_OF_CASE),
    (R, "refused", "last", False, NS, OK),
    # Withdrawn: the same.
    (W, "none", None, True, S, OK),
    (W, "none", None, False, S, JUSTIFY),
    (W, "given", "last", True, S, MISMATCH),
    (W, "refused", "last", True, S, MISMATCH),
    (W, "withdrawn", "last", True, S, OK),
    (W, "withdrawn", "last", False, S, JUSTIFY),
    (W, "given_then_withdrawn", "last", True, S, OK),
    (W, "given_then_refused", "last", True, S, MISMATCH),
    (W, "refused_then_given", "last", True, S, MISMATCH),
    (W, "not_sought_significant_harm", "last", True, S, MISMATCH),
    (W, "not_sought_other_reason", "last", True, S, MISMATCH),
    (W, "another_case", "last", True, S, NOT_OF_CASE),
    # Not sought: the justification, and a record that seeking it would put a child at risk.
    (N, "none", None, True, S, NOT_SOUGHT_RECORD),
    (N, "none", None, False, S, JUSTIFY),
    (N, "given", "last", True, S, MISMATCH),
    (N, "refused", "last", True, S, MISMATCH),
    (N, "withdrawn", "last", True, S, MISMATCH),
    (N, "given_then_refused", "last", True, S, MISMATCH),
    (N, "refused_then_given", "last", True, S, MISMATCH),
    (N, "not_sought_significant_harm", "last", True, S, OK),
    (N, "not_sought_significant_harm", "last", False, S, JUSTIFY),
    (N, "not_sought_other_reason", "last", True, S, NOT_SOUGHT_RECORD),
    (N, "another_case", "last", True, S, NOT_OF_CASE),
    (N, "none", None, False, NS, OK),
]
IDS = [
    f"{position}-{state}-{cited or 'uncited'}-{'justified' if just else 'unjustified'}-{outcome}"
    for position, state, cited, just, outcome, _expected in TABLE
]
JUSTIFICATION = "Refusing or seeking consent would put the child at risk of significant harm."


def test_every_position_meets_every_state():
    """The table is whole: each consent position against each state of the records."""
    for position in (G, R, W, N):
        seen = {state for p, state, *_rest in TABLE if p == position}
        assert seen >= set(STATES) - {"given_then_withdrawn", "given_then_child_refused"}, position


def _states(state: str) -> tuple[tuple[ConsentState, ...], list[ConsentState]]:
    """The case's records as the policy sees them, and the records that may be cited."""
    rows = [
        ConsentState(
            ref=f"r{i}",
            whose=whose,
            person_name=name,
            position=position,
            not_sought_because=why,
            occurred_on=dt.date(2026, 3, 1) + dt.timedelta(days=i),
            sequence=i + 1,
        )
        for i, ((whose, name), position, why) in enumerate(STATES[state])
    ]
    if state == "another_case":
        return (), rows
    return tuple(rows), rows


def _cite(records: list[Any], cited: str | None) -> Any:
    if cited is None:
        return None
    return records[-1] if cited == "last" else records[0]


@pytest.mark.parametrize(
    ("position", "state", "cited", "justified", "outcome", "expected"), TABLE, ids=IDS
)
def test_policy(position, state, cited, justified, outcome, expected):
    case_records, citable = _states(state)
    chosen = _cite(citable, cited)
    facts = dataclasses.replace(
        GOOD,
        outcome=outcome,
        consent=position,
        consent_record=chosen.ref if chosen else "",
        case_consent_records=case_records,
        significant_harm_justification=JUSTIFICATION if justified else "",
    )
    evaluation = policy.evaluate_share(facts)
    messages = [p.message for p in evaluation.problems]
    if expected is OK:
        assert messages == []
        # P6.8 is relied on, and it is met as stated.
        assert "P6.8" in evaluation.clauses
    else:
        assert any(m.startswith(expected) for m in messages), messages
        assert all(p.clause == "P6.8" for p in evaluation.problems)
        # A clause that is not met is never listed among those relied on.
        assert "P6.8" not in evaluation.clauses


def _record_states(state: str, case: Any, other_case: Any, officer: Any, record_consent) -> list:
    where = other_case if state == "another_case" else case
    records = []
    for i, ((whose, name), position, why) in enumerate(STATES[state]):
        sought = position != Consent.NOT_SOUGHT
        records.append(
            record_consent(
                where,
                officer,
                whose=whose,
                person_name=name,
                was_sought=sought,
                answer=position if sought else "",
                not_sought_because=why,
                not_sought_explanation="Too young to be asked." if why == OTHER else "",
                occurred_on=dt.date(2026, 3, 1) + dt.timedelta(days=i),
            )
        )
    return records


@pytest.fixture
def other_case(child, officer):
    from cases.models import Case
    from cases.services import reference_next

    return Case.objects.create(
        reference=reference_next(prefix="CASE"), child=child, owner=officer, opened_by=officer
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("position", "state", "cited", "justified", "outcome", "expected"), TABLE, ids=IDS
)
def test_service(
    position,
    state,
    cited,
    justified,
    outcome,
    expected,
    officer,
    case,
    other_case,
    record_consent,
    django_capture_on_commit_callbacks,
):
    """No form, view or script records a share the consent rule refuses."""
    records = _record_states(state, case, other_case, officer, record_consent)
    fields = share_fields(
        share_outcome=outcome,
        consent=position,
        consent_record=_cite(records, cited),
        significant_harm_justification=JUSTIFICATION if justified else "",
    )
    if expected is OK:
        with django_capture_on_commit_callbacks(execute=True):
            decision = services.share_decision_record(case=case, actor=officer, **fields)
        assert "P6.8" in decision.clauses
        assert ShareDecision.objects.count() == 1
    else:
        with pytest.raises(ValidationError) as refused:
            services.share_decision_record(case=case, actor=officer, **fields)
        assert any(m.startswith(expected) for m in refused.value.messages), refused.value
        assert ShareDecision.objects.count() == 0


@pytest.mark.django_db
def test_the_wizard_refuses_consent_given_on_a_case_whose_carer_refused(
    client_for, officer, case, record_consent
):
    """What was found: the carer refused, yet "consent given" was recorded without a record,
    with no justification and P6.8 among its clauses."""
    refusal = record_consent(case, officer, answer=Consent.REFUSED)
    client = client_for(officer)
    uncited = walk(client, case, consent={"consent": "given", "consent_record": ""})
    assert uncited.status_code == 200
    assert NEEDS_RECORD in uncited.content.decode().replace("&quot;", '"')
    cited = walk(client, case, consent={"consent": "given", "consent_record": str(refusal.code)})
    assert cited.status_code == 200
    assert MISMATCH in cited.content.decode()
    assert ShareDecision.objects.count() == 0
    # Told the truth, the same share needs (and records) the justification.
    unjustified = walk(client, case, consent={"consent": "refused"})
    assert JUSTIFY in unjustified.content.decode()
    # Started again (the steps kept the share without a justification, and would say so).
    client.get(reverse("sharing:share_new", args=[case.code]))
    recorded = walk(
        client,
        case,
        consent={"consent": "refused", "consent_record": str(refusal.code)},
        justification={"significant_harm_justification": JUSTIFICATION},
    )
    assert recorded.status_code == 302
    share = ShareDecision.objects.get()
    assert share.consent == Consent.REFUSED and share.consent_record == refusal
    page = client.get(reverse("decisions:detail", args=[share.code])).content.decode()
    assert JUSTIFICATION in page

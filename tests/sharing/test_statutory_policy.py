"""Issue 6: the statutory records as the basis a share decision cites (P6.3 to P6.7),
each rule both ways, through ``evaluate_share`` with real recorded records."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sharing import policy
from sharing.models import CmgDecision, DbsReferralDuty, PlanningContribution, StatutoryAdvice
from sharing.policy import Basis, ShareFacts, evaluate_share
from sharing.statutory import services
from tests.sharing.policy.test_share import GIVEN
from tests.sharing.statutory_fixtures import *  # noqa: F403 (fixtures)
from tests.sharing.statutory_fixtures import INDEPENDENT_PANEL, days_ago
from ttw_safeguarding.records.models import Decision, NeedToKnow, WrittenReport

pytestmark = pytest.mark.django_db

# A share that passes every rule but the basis: the tests change only what they are about.
GOOD_SHARE = ShareFacts(
    outcome=policy.SHARE,
    purpose="To protect the children Alan coaches.",
    information="The allegation and the LADO's advice.",
    recipient="Riverside FC",
    reason="The advice says TTW tells Riverside FC.",
    facts="An allegation was made on Monday.",
    consent=policy.Consent.GIVEN,
    consent_record=GIVEN.ref,
    case_consent_records=(GIVEN,),
    urgency="routine",
    method="secure_email",
)


def share_citing(basis: str, cited: Decision | None, recipient: str = "Riverside FC"):
    facts: dict[str, Any] = {"basis": basis, "recipient": recipient}
    if cited is not None:
        facts["cited_kind"] = cited.KIND
        # As the share decision service does: a record says what it adds, if anything.
        basis_facts = getattr(cited, "share_basis_facts", None)
        if basis_facts is not None:
            facts.update(basis_facts(recipient))
    return evaluate_share(dataclasses.replace(GOOD_SHARE, **facts))


def messages_of(evaluation) -> list[str]:
    return [p.message for p in evaluation.problems]


# --- P6.3 ---------------------------------------------------------------------------


def test_share_to_an_organisation_before_advice_is_on_record_is_refused():
    evaluation = share_citing(Basis.STATUTORY_ADVICE, None)
    assert policy.ADVICE_REQUIRED in messages_of(evaluation)


def test_share_to_an_organisation_the_advice_says_ttw_tells_is_allowed(
    adult, officer, record_advice
):
    advice = record_advice(adult, officer)
    evaluation = share_citing(Basis.STATUTORY_ADVICE, advice, recipient="  riverside fc ")
    assert evaluation.ok, evaluation.problems
    assert "P6.3" in evaluation.clauses


def test_share_to_an_organisation_the_agency_tells_is_refused(adult, officer, record_advice):
    advice = record_advice(adult, officer)
    evaluation = share_citing(Basis.STATUTORY_ADVICE, advice, recipient="Hilltop Scouts")
    assert messages_of(evaluation) == [policy.ADVICE_DOES_NOT_NAME_RECIPIENT]


def test_share_to_an_organisation_the_advice_does_not_name_is_refused(
    adult, officer, record_advice
):
    advice = record_advice(adult, officer)
    evaluation = share_citing(Basis.STATUTORY_ADVICE, advice, recipient="Lakeside Swimming")
    assert messages_of(evaluation) == [policy.ADVICE_DOES_NOT_NAME_RECIPIENT]


def test_advice_without_organisations_is_refused_and_nothing_is_left(adult, officer):
    with pytest.raises(ValidationError) as exc:
        services.statutory_advice_record(
            adult=adult,
            actor=officer,
            agency="lado",
            adviser="Lee",
            advised_on=days_ago(1),
            question="Q",
            advice="A",
            organisations=[],
            reason="R",
        )
    assert policy.ADVICE_NEEDS_ORGANISATION in exc.value.messages
    assert Decision.objects.count() == 0


def test_confirmation_names_only_an_organisation_in_the_advice_and_only_once(
    adult, officer, record_advice
):
    advice = record_advice(adult, officer)
    with pytest.raises(ValidationError) as exc:
        services.advice_confirmation_record(
            advice=advice, actor=officer, organisation="Lakeside", told_on=days_ago(0), reason="R"
        )
    assert policy.CONFIRMATION_NOT_IN_ADVICE in exc.value.messages
    told = services.advice_confirmation_record(
        advice=advice, actor=officer, organisation="riverside fc", told_on=days_ago(0), reason="R"
    )
    # Stored under the advice's own spelling, with who tells it taken from the advice.
    assert (told.organisation, told.told_by) == ("Riverside FC", policy.TOLD_BY_TTW)
    with pytest.raises(ValidationError) as exc:
        services.advice_confirmation_record(
            advice=advice,
            actor=officer,
            organisation="Riverside FC",
            told_on=days_ago(0),
            reason="R",
        )
    assert exc.value.messages[0].startswith("Already recorded by Olivia on ")
    assert StatutoryAdvice.objects.get(pk=advice.pk).confirmations.count() == 1


# --- P6.4 ---------------------------------------------------------------------------


def test_share_on_planning_basis_must_cite_a_planning_request(adult, officer, record_planning):
    assert policy.PLANNING_REQUEST_REQUIRED in messages_of(
        share_citing(Basis.PLANNING_REQUEST, None)
    )
    request = record_planning(adult, officer)
    assert share_citing(Basis.PLANNING_REQUEST, request).ok


def test_planning_request_overdue_rule_both_ways():
    today = days_ago(0)
    assert policy.planning_request_overdue(due_on=days_ago(1), contributed=False, today=today)
    assert not policy.planning_request_overdue(due_on=days_ago(1), contributed=True, today=today)
    assert not policy.planning_request_overdue(due_on=today, contributed=False, today=today)


def test_planning_request_due_before_received_is_refused(adult, officer, record_planning):
    with pytest.raises(ValidationError) as exc:
        record_planning(adult, officer, received_on=days_ago(1), due_on=days_ago(2))
    assert policy.PLANNING_DUE_BEFORE_RECEIVED in exc.value.messages
    assert Decision.objects.count() == 0


def test_one_contribution_per_request(adult, officer, record_planning):
    request = record_planning(adult, officer)
    services.planning_contribution_record(
        request=request, actor=officer, contribution="Records", provided_on=days_ago(0), reason="R"
    )
    with pytest.raises(ValidationError) as exc:
        services.planning_contribution_record(
            request=request,
            actor=officer,
            contribution="Again",
            provided_on=days_ago(0),
            reason="R",
        )
    assert exc.value.messages[0].startswith("Already recorded by Olivia on ")
    assert PlanningContribution.objects.count() == 1


# --- P6.5 ---------------------------------------------------------------------------


def test_share_on_court_basis_must_cite_a_court_direction(
    adult, officer, record_court_direction, record_planning
):
    assert policy.COURT_DIRECTION_REQUIRED in messages_of(share_citing(Basis.COURT_DIRECTION, None))
    # Citing some other record is not citing a court direction.
    other = record_planning(adult, officer)
    assert policy.COURT_DIRECTION_REQUIRED in messages_of(
        share_citing(Basis.COURT_DIRECTION, other)
    )
    direction = record_court_direction(adult, officer)
    assert share_citing(Basis.COURT_DIRECTION, direction).ok


# --- P6.6 ---------------------------------------------------------------------------


def test_disciplinary_outcome_shared_only_with_a_person_named_on_it(
    adult, nso, officer, record_disciplinary
):
    outcome = record_disciplinary(adult, nso, need_to_know=[officer])
    assert outcome.is_restricted
    assert set(NeedToKnow.objects.filter(decision=outcome).values_list("user", flat=True)) == {
        nso.pk,
        officer.pk,
    }
    assert share_citing(Basis.DISCIPLINARY_NEED_TO_KNOW, outcome, recipient="Olivia").ok
    refused = share_citing(Basis.DISCIPLINARY_NEED_TO_KNOW, outcome, recipient="Riverside FC")
    assert messages_of(refused) == [policy.DISCIPLINARY_WITHIN_TTW]


def test_disciplinary_outcome_is_restricted_even_with_nobody_else_named(
    adult, nso, record_disciplinary
):
    outcome = record_disciplinary(adult, nso)
    assert outcome.is_restricted


# --- P6.7 ---------------------------------------------------------------------------


def test_share_citing_p67_without_a_cmg_decision_is_refused(adult, officer, cmg, record_disclosure):
    disclosure = record_disclosure(adult, officer, [cmg])
    assert messages_of(share_citing(Basis.CMG_DECISION, None)) == [policy.CMG_DECISION_REQUIRED]
    # The disclosure itself is not a CMG decision.
    assert messages_of(share_citing(Basis.CMG_DECISION, disclosure)) == [
        policy.CMG_DECISION_REQUIRED
    ]


@pytest.mark.parametrize(
    ("outcome", "allowed"),
    [
        (policy.CMG_NO_ACTION, False),
        (policy.CMG_RESTRICTIONS, True),
        (policy.CMG_UNSUITABLE, True),
    ],
)
def test_share_citing_p67_needs_restrictions_or_unsuitable(
    adult, officer, cmg, record_disclosure, record_cmg_decision, outcome, allowed
):
    disclosure = record_disclosure(adult, officer, [cmg])
    decision = record_cmg_decision(disclosure, cmg, cmg_outcome=outcome)
    assert share_citing(Basis.CMG_DECISION, decision).ok is allowed


def test_cmg_decision_needs_an_independent_member_and_restrictions_named(
    adult, officer, cmg, record_disclosure, record_cmg_decision
):
    disclosure = record_disclosure(adult, officer, [cmg])
    no_independent = [{**m, "independent": False} for m in INDEPENDENT_PANEL]
    with pytest.raises(ValidationError) as exc:
        record_cmg_decision(disclosure, cmg, members=no_independent)
    assert policy.CMG_INDEPENDENT_REQUIRED in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        record_cmg_decision(disclosure, cmg, members=[])
    assert policy.CMG_MEMBER_REQUIRED in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        record_cmg_decision(disclosure, cmg, restrictions="  ")
    assert policy.CMG_RESTRICTIONS_REQUIRED in exc.value.messages
    assert CmgDecision.objects.count() == 0
    record_cmg_decision(disclosure, cmg)
    assert CmgDecision.objects.count() == 1


def test_disclosure_is_put_only_to_cmg_members(adult, officer, officer2, record_disclosure):
    with pytest.raises(ValidationError) as exc:
        record_disclosure(adult, officer, [officer2])
    assert policy.CMG_MEMBERS_TO_PUT_REQUIRED in exc.value.messages
    assert Decision.objects.count() == 0


# --- DBS referral duty ------------------------------------------------------------


def test_dbs_referral_duty_applies_only_to_removal_because_of_harm():
    assert policy.dbs_referral_duty_applies(
        removed_from_work_with_children=True, because_of_harm=True
    )
    assert not policy.dbs_referral_duty_applies(
        removed_from_work_with_children=True, because_of_harm=False
    )
    assert not policy.dbs_referral_duty_applies(
        removed_from_work_with_children=False, because_of_harm=True
    )


def test_dbs_referral_duty_records_whether_and_when(adult, nso, officer, record_disciplinary):
    not_due = record_disciplinary(adult, nso)
    with pytest.raises(ValidationError) as exc:
        services.dbs_referral_duty_record(
            removal=not_due, actor=nso, referral_made=True, referred_on=days_ago(0), reason="R"
        )
    assert policy.DBS_REFERRAL_NOT_DUE in exc.value.messages

    removal = record_disciplinary(
        adult,
        nso,
        need_to_know=[officer],
        removed_from_work_with_children=True,
        because_of_harm=True,
    )
    with pytest.raises(ValidationError) as exc:
        services.dbs_referral_duty_record(
            removal=removal, actor=nso, referral_made=True, referred_on=None, reason="R"
        )
    assert policy.DBS_REFERRAL_DATE_REQUIRED in exc.value.messages
    duty = services.dbs_referral_duty_record(
        removal=removal, actor=nso, referral_made=True, referred_on=days_ago(0), reason="Harm"
    )
    # The duty answering a restricted outcome is restricted to the same people (P6.6).
    assert duty.is_restricted
    assert set(NeedToKnow.objects.filter(decision=duty).values_list("user", flat=True)) == {
        nso.pk,
        officer.pk,
    }
    with pytest.raises(ValidationError) as exc:
        services.dbs_referral_duty_record(
            removal=removal, actor=nso, referral_made=False, referred_on=None, reason="R"
        )
    assert exc.value.messages[0].startswith("Already recorded by Nadia on ")
    assert DbsReferralDuty.objects.count() == 1


def test_every_statutory_record_has_a_written_report(
    adult,
    officer,
    nso,
    cmg,
    record_advice,
    record_planning,
    record_court_direction,
    record_disciplinary,
    record_disclosure,
    record_cmg_decision,
):
    record_advice(adult, officer)
    record_planning(adult, officer)
    record_court_direction(adult, officer)
    record_disciplinary(adult, nso)
    record_cmg_decision(record_disclosure(adult, officer, [cmg]), cmg)
    states = set(WrittenReport.objects.values_list("state", flat=True))
    assert states == {WrittenReport.State.READY}
    assert WrittenReport.objects.count() == 6

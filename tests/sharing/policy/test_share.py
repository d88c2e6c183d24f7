"""The share or no-share decision as a whole (``sharing.policy.share``), each clause both ways.

Each clause has a table: facts that pass and facts that are refused, with the
message (which names the clause) the user would see.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sharing import policy
from sharing.policy import Basis, Consent, ConsentState, ShareFacts, evaluate_share

# The parent's consent, given yesterday: what GOOD's "consent given" rests on (P6.8).
GIVEN = ConsentState(
    ref="given-1",
    whose="parent_carer",
    person_name="Pat Parent",
    position=Consent.GIVEN,
    not_sought_because="",
    occurred_on=dt.date(2026, 3, 2),
    sequence=1,
)

# A share that meets every rule: consent given, by secure e-mail, on the P6.1 basis.
GOOD = ShareFacts(
    outcome=policy.SHARE,
    basis=Basis.SAFEGUARDING,
    purpose="Protect the child",
    information="The disclosure",
    recipient="Children's social care",
    reason="Necessary to protect the child",
    facts="The child said an adult hit them",
    professional_opinion="Frightened of going home",
    consent=Consent.GIVEN,
    consent_record=GIVEN.ref,
    case_consent_records=(GIVEN,),
    urgency="urgent",
    method="secure_email",
)


def facts(**changes) -> ShareFacts:
    return dataclasses.replace(GOOD, **changes)


def messages(f: ShareFacts) -> list[str]:
    return [p.message for p in evaluate_share(f).problems]


def test_a_complete_share_may_be_recorded_and_rests_on_its_clauses():
    evaluation = evaluate_share(GOOD)
    assert evaluation.ok
    assert evaluation.clauses == ("P6.1", "P6.8", "P6.9", "P6.10", "P6.11")


@pytest.mark.parametrize(
    ("changes", "refused_with"),
    [
        # P6.1: purpose, information and recipient.
        ({"purpose": " "}, policy.PURPOSE_REQUIRED),
        ({"information": ""}, policy.INFORMATION_REQUIRED),
        ({"recipient": ""}, policy.RECIPIENT_REQUIRED),
        # P6.2: threshold information cannot be "do not share".
        (
            {
                "outcome": policy.NO_SHARE,
                "case_meets_threshold": True,
                "about_referral_information": True,
            },
            policy.NO_SHARE_REFUSED_THRESHOLD,
        ),
        # P6.8: the consent position, and the justification without consent.
        ({"consent": ""}, policy.CONSENT_POSITION_REQUIRED),
        ({"consent": Consent.REFUSED, "consent_record": ""}, policy.JUSTIFICATION_REQUIRED),
        ({"consent": Consent.WITHDRAWN, "consent_record": ""}, policy.JUSTIFICATION_REQUIRED),
        ({"consent": Consent.NOT_SOUGHT, "consent_record": ""}, policy.JUSTIFICATION_REQUIRED),
        # P6.9: method and urgency of a share.
        ({"method": ""}, policy.METHOD_REQUIRED),
        ({"urgency": ""}, policy.METHOD_REQUIRED),
        # P6.10: facts apart from opinion.
        ({"facts": ""}, policy.FACTS_REQUIRED),
        # P6.11: the reason, for a share and for a no-share alike.
        ({"reason": ""}, policy.REASON_REQUIRED),
        ({"reason": "", "outcome": policy.NO_SHARE}, policy.REASON_REQUIRED),
        # P6.3 to P6.7: what a share on each basis must cite.
        ({"basis": Basis.STATUTORY_ADVICE}, policy.ADVICE_REQUIRED),
        (
            {"basis": Basis.STATUTORY_ADVICE, "cited_kind": "statutory_advice"},
            policy.ADVICE_DOES_NOT_NAME_RECIPIENT,
        ),
        ({"basis": Basis.PLANNING_REQUEST}, policy.PLANNING_REQUEST_REQUIRED),
        (
            {"basis": Basis.COURT_DIRECTION, "cited_kind": "referral"},
            policy.COURT_DIRECTION_REQUIRED,
        ),
        (
            {"basis": Basis.DISCIPLINARY_NEED_TO_KNOW, "cited_kind": "disciplinary_outcome"},
            policy.DISCIPLINARY_WITHIN_TTW,
        ),
        (
            {
                "basis": Basis.CMG_DECISION,
                "cited_kind": "cmg_decision",
                "cited_outcome": policy.CMG_NO_ACTION,
            },
            policy.CMG_DECISION_REQUIRED,
        ),
        # The group's final decision on a case about an adult, with no action: refused too.
        (
            {
                "basis": Basis.CMG_DECISION,
                "cited_kind": "cmg_final_decision",
                "cited_outcome": policy.CMG_NO_ACTION,
            },
            policy.CMG_DECISION_REQUIRED,
        ),
    ],
)
def test_each_clause_refuses_what_it_forbids(changes, refused_with):
    assert refused_with in messages(facts(**changes))


@pytest.mark.parametrize(
    "changes",
    [
        # P6.2: a no-share of information that does not meet the threshold is allowed.
        {"outcome": policy.NO_SHARE, "case_meets_threshold": True},
        {"outcome": policy.NO_SHARE, "about_referral_information": True},
        {"case_meets_threshold": True, "about_referral_information": True},
        # P6.8: without consent, with the significant-harm justification.
        {
            "consent": Consent.REFUSED,
            "consent_record": "",
            "significant_harm_justification": "Risk of harm",
        },
        {
            "consent": Consent.NOT_SOUGHT,
            "consent_record": "harm-1",
            "case_consent_records": (
                dataclasses.replace(
                    GIVEN,
                    ref="harm-1",
                    position=Consent.NOT_SOUGHT,
                    not_sought_because=policy.NOT_SOUGHT_SIGNIFICANT_HARM,
                ),
            ),
            "significant_harm_justification": "Would alert abuser",
        },
        # P6.8: not sharing needs no justification; P6.9: nor a method.
        {
            "outcome": policy.NO_SHARE,
            "consent": Consent.REFUSED,
            "consent_record": "",
            "method": "",
            "urgency": "",
        },
        # P6.10: professional opinion may be empty; facts may not.
        {"professional_opinion": ""},
        # P6.3 to P6.7 with the records they need.
        {
            "basis": Basis.STATUTORY_ADVICE,
            "cited_kind": "statutory_advice",
            "advice_names_recipient": True,
        },
        {"basis": Basis.PLANNING_REQUEST, "cited_kind": "planning_request"},
        {"basis": Basis.COURT_DIRECTION, "cited_kind": "court_direction"},
        {
            "basis": Basis.DISCIPLINARY_NEED_TO_KNOW,
            "cited_kind": "disciplinary_outcome",
            "recipient_within_ttw": True,
        },
        {
            "basis": Basis.CMG_DECISION,
            "cited_kind": "cmg_decision",
            "cited_outcome": policy.CMG_RESTRICTIONS,
        },
        {
            "basis": Basis.CMG_DECISION,
            "cited_kind": "cmg_decision",
            "cited_outcome": policy.CMG_UNSUITABLE,
        },
        # The group's final decision on a case about an adult counts as P6.7's decision.
        {
            "basis": Basis.CMG_DECISION,
            "cited_kind": "cmg_final_decision",
            "cited_outcome": policy.CMG_RESTRICTIONS,
        },
        {
            "basis": Basis.CMG_DECISION,
            "cited_kind": "cmg_final_decision",
            "cited_outcome": policy.CMG_UNSUITABLE,
        },
        # A no-share on a citing basis needs no citation.
        {"outcome": policy.NO_SHARE, "basis": Basis.COURT_DIRECTION},
    ],
)
def test_each_clause_allows_what_it_permits(changes):
    assert messages(facts(**changes)) == []


def test_every_message_names_its_clause():
    for changes in [{"consent": Consent.REFUSED}, {"reason": ""}, {"method": ""}]:
        for problem in evaluate_share(facts(**changes)).problems:
            assert problem.message.startswith(problem.clause + ":")


@pytest.mark.parametrize(
    ("changes", "clause"),
    [
        ({"case_meets_threshold": True, "about_referral_information": True}, "P6.2"),
        ({"basis": Basis.COURT_DIRECTION, "cited_kind": "court_direction"}, "P6.5"),
        (
            {
                "basis": Basis.CMG_DECISION,
                "cited_kind": "cmg_decision",
                "cited_outcome": policy.CMG_UNSUITABLE,
            },
            "P6.7",
        ),
    ],
)
def test_the_clauses_a_decision_rests_on_follow_its_facts(changes, clause):
    assert clause in evaluate_share(facts(**changes)).clauses
    assert clause not in evaluate_share(GOOD).clauses

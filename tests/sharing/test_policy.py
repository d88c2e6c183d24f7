"""Every rule of the policy module for share decisions, consent and review, both ways.

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


# --- consent records (P6.8) -------------------------------------------------------------

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"was_sought": True, "answer": "given"}, []),
        ({"was_sought": True, "answer": "refused"}, []),
        ({"was_sought": True, "answer": "withdrawn"}, []),
        ({"was_sought": True, "answer": ""}, [policy.CONSENT_ANSWER_REQUIRED]),
        ({"was_sought": True, "answer": "forged"}, [policy.CONSENT_ANSWER_REQUIRED]),
        (
            {"was_sought": True, "answer": "given", "not_sought_because": "other"},
            [policy.CONSENT_WHY_NOT_SOUGHT_WHEN_SOUGHT],
        ),
        ({"was_sought": False, "not_sought_because": "significant_harm"}, []),
        ({"was_sought": False, "not_sought_because": "other", "explanation": "Child is 2"}, []),
        (
            {"was_sought": False, "not_sought_because": "other"},
            [policy.CONSENT_OTHER_REASON_REQUIRED],
        ),
        ({"was_sought": False}, [policy.CONSENT_WHY_NOT_SOUGHT_REQUIRED]),
        (
            {"was_sought": False, "answer": "given", "not_sought_because": "significant_harm"},
            [policy.CONSENT_ANSWER_WITHOUT_SEEKING],
        ),
        (
            {"was_sought": True, "answer": "given", "occurred_on": TODAY + dt.timedelta(days=1)},
            [policy.DATE_IN_FUTURE],
        ),
    ],
)
def test_consent_record_rule(kwargs, expected):
    arguments = {
        "answer": "",
        "not_sought_because": "",
        "explanation": "",
        "occurred_on": TODAY,
        "today": TODAY,
        **kwargs,
    }
    assert [p.message for p in policy.consent_record_problems(**arguments)] == expected


@pytest.mark.parametrize(
    ("consent", "lawful_basis", "expected"),
    [
        ("given", "dpa_safeguarding", []),
        ("refused", "dpa_safeguarding", []),
        ("given", policy.LAWFUL_BASIS_CONSENT, []),
        ("refused", policy.LAWFUL_BASIS_CONSENT, ["P6.8"]),
        ("not_sought", policy.LAWFUL_BASIS_CONSENT, ["P6.8"]),
    ],
)
def test_consent_is_a_lawful_basis_only_when_given(consent, lawful_basis, expected):
    problems = policy.share_consent_problems(consent=consent, lawful_basis=lawful_basis)
    assert [p.clause for p in problems] == expected


# --- NSO review -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"verdict": policy.REVIEW_ENDORSE}, []),
        ({"verdict": policy.REVIEW_ENDORSE_WITH_COMMENTS, "comments": "Good"}, []),
        ({"verdict": policy.REVIEW_CONCERN, "action_required": "Tell the family"}, []),
        ({"verdict": policy.REVIEW_ENDORSE, "reviewer_id": 2}, [policy.REVIEW_OWN_DECISION]),
        ({"verdict": policy.REVIEW_ENDORSE_WITH_COMMENTS}, [policy.REVIEW_COMMENTS_REQUIRED]),
        ({"verdict": policy.REVIEW_CONCERN}, [policy.REVIEW_ACTION_REQUIRED]),
    ],
)
def test_review_rule(kwargs, expected):
    arguments = {
        "reviewer_id": 1,
        "decided_by_id": 2,
        "comments": "",
        "action_required": "",
        **kwargs,
    }
    arguments["decided_by_id"] = 2
    assert [p.message for p in policy.review_problems(**arguments)] == expected


def test_nobody_reviews_their_own_decision():
    assert policy.may_review(reviewer_id=1, decided_by_id=2)
    assert not policy.may_review(reviewer_id=2, decided_by_id=2)


# --- working days and what is overdue ---------------------------------------------------

THU = dt.date(2026, 11, 26)
FRI = dt.date(2026, 11, 27)
MON = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (THU, 1, FRI),
        (FRI, 1, MON),  # the weekend is not working days
        (dt.date(2026, 11, 28), 1, MON),  # a Saturday counts from Monday
        (THU, 5, dt.date(2026, 12, 3)),
        (dt.date(2026, 12, 24), 1, dt.date(2026, 12, 29)),  # Christmas and the substitute day
        (dt.date(2026, 4, 2), 1, dt.date(2026, 4, 7)),  # Good Friday and Easter Monday
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(start, days, expected):
    assert policy.add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("today", "reviewed", "overdue"),
    [
        (dt.date(2026, 12, 3), False, False),  # fifth working day: due, not overdue
        (dt.date(2026, 12, 4), False, True),  # more than five working days
        (dt.date(2026, 12, 4), True, False),  # reviewed: never overdue
    ],
)
def test_review_is_overdue_after_five_working_days(today, reviewed, overdue):
    assert policy.review_overdue(decided_on=THU, today=today, reviewed=reviewed) is overdue


@pytest.mark.parametrize(
    ("method", "outcome", "today", "confirmed", "overdue"),
    [
        ("phone", policy.SHARE, FRI, False, False),  # due by the next working day
        ("phone", policy.SHARE, MON, False, True),
        ("meeting", policy.SHARE, MON, False, True),
        ("phone", policy.SHARE, MON, True, False),  # confirmed
        ("secure_email", policy.SHARE, MON, False, False),  # written already
        ("letter", policy.SHARE, MON, False, False),
        ("phone", policy.NO_SHARE, MON, False, False),  # nothing was shared
    ],
)
def test_written_report_after_phone_or_in_person_share_is_due_in_one_working_day(
    method, outcome, today, confirmed, overdue
):
    assert (
        policy.written_report_overdue(
            outcome=outcome, method=method, shared_on=THU, today=today, confirmed=confirmed
        )
        is overdue
    )


@pytest.mark.parametrize("today", [dt.date(2026, 11, 23) + dt.timedelta(days=n) for n in range(60)])
@pytest.mark.parametrize("working_days", [1, 5])
def test_overdue_cut_off_day_agrees_with_the_due_date(today, working_days):
    cut_off = policy.overdue_if_decided_on_or_before(today=today, working_days=working_days)
    assert policy.add_working_days(cut_off, working_days) < today
    later = cut_off + dt.timedelta(days=1)
    assert policy.add_working_days(later, working_days) >= today


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, []),
        ({"method": "secure_email"}, [policy.WRITTEN_REPORT_NOT_DUE]),
        ({"outcome": policy.NO_SHARE}, [policy.WRITTEN_REPORT_NOT_DUE]),
        ({"sent_on": FRI + dt.timedelta(days=1)}, [policy.DATE_IN_FUTURE]),
        ({"sent_on": THU - dt.timedelta(days=1)}, [policy.WRITTEN_REPORT_SENT_BEFORE_SHARE]),
    ],
)
def test_written_report_sent_rule(kwargs, expected):
    arguments = {
        "outcome": policy.SHARE,
        "method": "phone",
        "shared_on": THU,
        "sent_on": FRI,
        "today": FRI,
        **kwargs,
    }
    assert [p.message for p in policy.written_report_sent_problems(**arguments)] == expected

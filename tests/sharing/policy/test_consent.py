"""Consent records and consent as a lawful basis (``sharing.policy.consent``, P6.8), both ways."""

from __future__ import annotations

import datetime as dt

import pytest

from sharing import policy

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


# --- sharing without consent (P6.8) ------------------------------------------------------


@pytest.mark.parametrize(
    ("consent", "without"),
    [
        (policy.Consent.GIVEN, False),
        (policy.Consent.REFUSED, True),
        (policy.Consent.WITHDRAWN, True),
        (policy.Consent.NOT_SOUGHT, True),
    ],
)
def test_a_share_is_without_consent_unless_consent_is_given(consent, without):
    assert policy.share_without_consent(consent) is without


@pytest.mark.parametrize(
    "consent", [policy.Consent.REFUSED, policy.Consent.WITHDRAWN, policy.Consent.NOT_SOUGHT]
)
def test_a_share_without_consent_needs_the_significant_harm_justification(consent):
    problems = policy.share_consent_position_problems(
        outcome=policy.SHARE,
        consent=consent,
        consent_record="",
        case_consent_records=(),
        significant_harm_justification="",
    )
    assert policy.JUSTIFICATION_REQUIRED in [p.message for p in problems]
    justified = policy.share_consent_position_problems(
        outcome=policy.SHARE,
        consent=consent,
        consent_record="",
        case_consent_records=(),
        significant_harm_justification="The father threatened the child.",
    )
    assert policy.JUSTIFICATION_REQUIRED not in [p.message for p in justified]

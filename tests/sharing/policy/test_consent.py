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

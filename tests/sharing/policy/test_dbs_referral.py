"""The DBS referral pack and the DBS's answer (``sharing.policy.dbs_referral``, SVGA35), both
ways."""

from __future__ import annotations

import datetime as dt

import pytest

from sharing import policy

ALL = [key for key, _ in policy.DBS_PACK_ITEMS]
LABELS = dict(policy.DBS_PACK_ITEMS)
TODAY = dt.date(2026, 11, 30)


def test_the_checklist_holds_what_the_dbs_asks_for():
    assert ALL == [
        "personal_details",
        "contact_details",
        "role_and_activities",
        "history",
        "training",
        "investigation_evidence",
        "chronology",
        "witness_statements",
        "victim_account",
        "minutes_and_outcome",
    ]


def test_a_complete_pack_is_ready():
    assert policy.dbs_referral_pack_problems(ALL) == []


def test_an_item_not_available_with_its_reason_counts():
    present = [key for key in ALL if key != "witness_statements"]
    assert (
        policy.dbs_referral_pack_problems(
            present, not_available={"witness_statements": "Nobody else was present."}
        )
        == []
    )


@pytest.mark.parametrize(
    ("present", "not_available", "expected"),
    [
        (
            [key for key in ALL if key != "chronology"],
            {},
            [policy.DBS_PACK_ITEM_MISSING.format(label=LABELS["chronology"])],
        ),
        (
            [key for key in ALL if key != "training"],
            {"training": " "},
            [policy.DBS_PACK_ITEM_WHY_NOT_REQUIRED.format(label=LABELS["training"])],
        ),
        (
            [*ALL, "horoscope"],
            {},
            [policy.DBS_PACK_ITEM_UNKNOWN.format(key="horoscope")],
        ),
    ],
)
def test_what_is_missing_before_the_pack_is_ready(present, not_available, expected):
    problems = policy.dbs_referral_pack_problems(present, not_available=not_available)
    assert [p.message for p in problems] == expected
    assert all(p.clause == "SVGA35" for p in problems)


def test_an_empty_pack_lists_every_item_in_the_guidance_order():
    problems = policy.dbs_referral_pack_problems([])
    assert [p.field for p in problems] == ALL


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, []),
        ({"reference": "", "outcome": "", "outcome_on": None}, []),  # no answer yet
        ({"reference": ""}, [policy.DBS_REFERENCE_REQUIRED]),
        ({"outcome": ""}, [policy.DBS_OUTCOME_REQUIRED]),
        ({"outcome_on": None}, [policy.DBS_OUTCOME_DATE_REQUIRED]),
        ({"outcome_on": TODAY + dt.timedelta(days=1)}, [policy.DATE_IN_FUTURE]),
        ({"outcome_on": dt.date(2026, 9, 30)}, [policy.DBS_OUTCOME_BEFORE_REFERRAL]),
        ({"referred_on": None}, [policy.DBS_OUTCOME_WITHOUT_REFERRAL]),
    ],
)
def test_dbs_reference_and_outcome_rule(kwargs, expected):
    arguments = {
        "referred_on": dt.date(2026, 10, 1),
        "reference": "DBS/2026/0042",
        "outcome": "Included in the children's barred list.",
        "outcome_on": TODAY,
        "today": TODAY,
        **kwargs,
    }
    assert [p.message for p in policy.dbs_referral_outcome_problems(**arguments)] == expected

"""Allegations about adults (``sharing.policy.allegations``, WSP5 and SOA22A), both ways."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sharing import policy

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC


def at(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


# Thursday 26 and Friday 27 November 2026, Monday 30 November: no bank holiday between them.
THU_16 = at(2026, 11, 26, 16)
FRI_16 = at(2026, 11, 27, 16)
FRI_18 = at(2026, 11, 27, 18)
MON_17 = at(2026, 11, 30, 17)


# --- the designated officer's clock -----------------------------------------------------------


@pytest.mark.parametrize(
    ("reported_at", "due_at"),
    [
        # In office hours, the 24 hours end in office hours: 24 hours.
        (THU_16, FRI_16),
        (at(2026, 11, 26, 9), at(2026, 11, 27, 9)),
        (at(2026, 11, 26, 16, 59), at(2026, 11, 27, 16, 59)),
        # In office hours, the 24 hours end on Saturday: the close of Monday's office hours.
        (FRI_16, MON_17),
        (at(2026, 11, 27, 9), MON_17),
        # Out of office hours: the close of the next office hours.
        (FRI_18, MON_17),
        (at(2026, 11, 27, 17), MON_17),  # closing time is out of office hours
        (at(2026, 11, 28, 11), MON_17),  # Saturday
        (at(2026, 11, 29, 23), MON_17),  # Sunday night
        (at(2026, 11, 30, 18), at(2026, 12, 1, 17)),  # Monday evening: Tuesday
        (at(2026, 12, 1, 7, 30), at(2026, 12, 1, 17)),  # before opening: that day's hours
        # A bank holiday Monday (spring bank holiday, 31 May 2027): Tuesday.
        (at(2027, 5, 28, 16), at(2027, 6, 1, 17)),
        (at(2027, 5, 28, 18), at(2027, 6, 1, 17)),
        (at(2027, 5, 31, 10), at(2027, 6, 1, 17)),
        # Christmas Day on a Friday, Boxing Day on Saturday (substitute Monday 28 December).
        (at(2026, 12, 24, 12), at(2026, 12, 29, 17)),
    ],
)
def test_designated_officer_is_told_within_24_hours_or_by_the_next_working_days_close(
    reported_at, due_at
):
    assert policy.designated_officer_due_at(reported_at) == due_at


def test_the_clock_is_the_same_whatever_time_zone_the_report_is_given_in():
    in_utc = FRI_16.astimezone(UTC)
    assert policy.designated_officer_due_at(in_utc) == MON_17
    # Summer time: 15:00 UTC on Friday 28 May 2027 is 16:00 in London.
    summer = dt.datetime(2027, 5, 28, 15, tzinfo=UTC)
    assert policy.designated_officer_due_at(summer) == at(2027, 6, 1, 17)


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError):
        policy.designated_officer_due_at(dt.datetime(2026, 11, 26, 16))


def test_a_later_report_is_never_due_earlier():
    # Six weeks from 23 November 2026, Christmas and New Year included.
    start = at(2026, 11, 23, 0)
    moments = [start + dt.timedelta(minutes=30 * n) for n in range(2 * 24 * 42)]
    dues = [policy.designated_officer_due_at(moment) for moment in moments]
    assert dues == sorted(dues)
    assert all(due > moment for due, moment in zip(dues, moments, strict=True))


def test_office_hours_are_a_setting():
    hours = policy.OfficeHours(opens=dt.time(8, 30), closes=dt.time(16, 30))
    # 16:00 is still in these hours; 16:45 is not.
    assert policy.designated_officer_due_at(THU_16, office_hours=hours) == FRI_16
    evening = at(2026, 11, 26, 16, 45)
    assert policy.designated_officer_due_at(evening, office_hours=hours) == at(2026, 11, 27, 16, 30)


@pytest.mark.parametrize(
    ("reported_at", "told_at", "now", "overdue"),
    [
        # Reported on Friday at 16:00: not overdue over the weekend, nor on Monday by 17:00.
        (FRI_16, None, at(2026, 11, 28, 16, 1), False),
        (FRI_16, None, at(2026, 11, 29, 23), False),
        (FRI_16, None, MON_17, False),
        (FRI_16, None, MON_17 + dt.timedelta(minutes=1), True),
        # Reported on Thursday at 16:00: overdue after one working day.
        (THU_16, None, FRI_16, False),
        (THU_16, None, FRI_16 + dt.timedelta(minutes=1), True),
        # Told: never overdue, even when told late.
        (THU_16, at(2026, 11, 30, 9), at(2026, 12, 2, 9), False),
    ],
)
def test_designated_officer_overdue(reported_at, told_at, now, overdue):
    assert policy.designated_officer_overdue(reported_at, told_at, now) is overdue


def test_told_late_is_marked_and_on_time_is_not():
    assert not policy.designated_officer_told_late(THU_16, FRI_16)
    assert policy.designated_officer_told_late(THU_16, FRI_16 + dt.timedelta(minutes=1))


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, []),
        ({"local_authority": " "}, [policy.DESIGNATED_OFFICER_AUTHORITY_REQUIRED]),
        ({"risk_assessment": ""}, [policy.DESIGNATED_OFFICER_RISK_ASSESSMENT_REQUIRED]),
        ({"immediate_safeguards": ""}, [policy.DESIGNATED_OFFICER_SAFEGUARDS_REQUIRED]),
        (
            {"told_at": THU_16 - dt.timedelta(minutes=1)},
            [policy.DESIGNATED_OFFICER_TOLD_BEFORE_REPORT],
        ),
        ({"told_at": THU_16}, []),  # at the moment TTW learnt of it
        ({"told_at": FRI_18 + dt.timedelta(minutes=1)}, [policy.DESIGNATED_OFFICER_TOLD_IN_FUTURE]),
        ({"told_at": at(2026, 11, 27, 17, 30)}, []),  # late is recorded, not refused
    ],
)
def test_designated_officer_notice_needs_the_risk_assessment_and_immediate_safeguards(
    kwargs, expected
):
    arguments = {
        "local_authority": "Gwynedd",
        "risk_assessment": "Coach has 1:1 sessions with the child; stood down.",
        "immediate_safeguards": "Stood down from all sessions until the strategy discussion.",
        "reported_at": THU_16,
        "told_at": FRI_16,
        "now": FRI_18,
        **kwargs,
    }
    problems = policy.designated_officer_notice_problems(**arguments)
    assert [p.message for p in problems] == expected
    assert all(p.clause == "WSP5" for p in problems)


# --- the professional strategy discussion -----------------------------------------------------

TODAY = dt.date(2026, 11, 30)


def strategy(**kwargs):
    arguments = {
        "threshold": policy.StrategyThreshold.MET,
        "threshold_reason": "Allegation of sexual touching by a coach.",
        "outside_activities_elsewhere": True,
        "outside_activities": "Coaches juniors at Bala Leisure Centre.",
        "who_tells_other_organisations": "The designated officer tells the leisure centre.",
        "interim_safeguards": "Suspended from coaching; no contact with juniors.",
        "share_with_adult": "The nature of the allegation, not the child's name.",
        "share_with_child": "That the adult is not coaching while it is looked into.",
        "share_with_parents": "The allegation and the interim safeguards.",
        "who_tells_whom": "NSO tells the adult; police tell the parents.",
        "held_on": TODAY,
        "reported_on": dt.date(2026, 11, 26),
        "today": TODAY,
        **kwargs,
    }
    return [p.message for p in policy.strategy_discussion_problems(**arguments)]


def test_a_complete_strategy_discussion_is_recorded():
    assert strategy() == []
    assert strategy(threshold=policy.StrategyThreshold.NOT_MET) == []


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"threshold": ""}, [policy.STRATEGY_THRESHOLD_REQUIRED]),
        ({"threshold": "maybe"}, [policy.STRATEGY_THRESHOLD_REQUIRED]),
        ({"threshold_reason": ""}, [policy.STRATEGY_THRESHOLD_REASON_REQUIRED]),
        (
            {"outside_activities_elsewhere": None},
            [policy.STRATEGY_OUTSIDE_ACTIVITIES_ANSWER_REQUIRED],
        ),
        ({"outside_activities": ""}, [policy.STRATEGY_OUTSIDE_ACTIVITIES_REQUIRED]),
        (
            {"who_tells_other_organisations": ""},
            [policy.STRATEGY_WHO_TELLS_ORGANISATIONS_REQUIRED],
        ),
        ({"interim_safeguards": ""}, [policy.STRATEGY_INTERIM_SAFEGUARDS_REQUIRED]),
        ({"share_with_adult": ""}, [policy.STRATEGY_SHARE_WITH_ADULT_REQUIRED]),
        ({"share_with_child": ""}, [policy.STRATEGY_SHARE_WITH_CHILD_REQUIRED]),
        ({"share_with_parents": ""}, [policy.STRATEGY_SHARE_WITH_PARENTS_REQUIRED]),
        ({"who_tells_whom": ""}, [policy.STRATEGY_WHO_TELLS_WHOM_REQUIRED]),
        ({"held_on": TODAY + dt.timedelta(days=1)}, [policy.DATE_IN_FUTURE]),
        ({"held_on": dt.date(2026, 11, 25)}, [policy.STRATEGY_HELD_BEFORE_REPORT]),
    ],
)
def test_strategy_discussion_refused_without_each_part(kwargs, expected):
    assert strategy(**kwargs) == expected


def test_p63_who_tells_other_organisations_only_where_the_adult_works_with_children_elsewhere():
    # No activities elsewhere: nothing to name and nobody to tell.
    assert (
        strategy(
            outside_activities_elsewhere=False,
            outside_activities="",
            who_tells_other_organisations="",
        )
        == []
    )
    problems = policy.strategy_discussion_problems(
        threshold=policy.StrategyThreshold.MET,
        threshold_reason="r",
        outside_activities_elsewhere=True,
        outside_activities="",
        who_tells_other_organisations="",
        interim_safeguards="s",
        share_with_adult="a",
        share_with_child="c",
        share_with_parents="p",
        who_tells_whom="w",
        held_on=TODAY,
        reported_on=TODAY,
        today=TODAY,
    )
    assert [p.clause for p in problems] == ["P6.3", "P6.3"]


# --- the outcome ------------------------------------------------------------------------------


def test_the_four_outcomes_of_section_5_each_with_its_definition():
    values = [value for value, _ in policy.AllegationOutcome.CHOICES]
    assert values == ["substantiated", "unsubstantiated", "unfounded", "malicious"]
    assert set(policy.AllegationOutcome.DEFINITIONS) == set(values)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"outcome": policy.AllegationOutcome.SUBSTANTIATED}, []),
        ({"outcome": policy.AllegationOutcome.UNSUBSTANTIATED}, []),
        ({"outcome": policy.AllegationOutcome.UNFOUNDED}, []),
        (
            {
                "outcome": policy.AllegationOutcome.MALICIOUS,
                "evidence_of_deceit": "Texts planning it.",
            },
            [],
        ),
        (
            {"outcome": policy.AllegationOutcome.MALICIOUS},
            [policy.ALLEGATION_MALICIOUS_EVIDENCE_REQUIRED],
        ),
        ({"outcome": ""}, [policy.ALLEGATION_OUTCOME_REQUIRED]),
        ({"outcome": "proven"}, [policy.ALLEGATION_OUTCOME_REQUIRED]),
        (
            {"outcome": policy.AllegationOutcome.UNFOUNDED, "reason": " "},
            [policy.ALLEGATION_OUTCOME_REASON_REQUIRED],
        ),
        (
            {
                "outcome": policy.AllegationOutcome.UNFOUNDED,
                "decided_on": TODAY + dt.timedelta(days=1),
            },
            [policy.DATE_IN_FUTURE],
        ),
    ],
)
def test_allegation_outcome_rule(kwargs, expected):
    arguments = {
        "reason": "Two witnesses saw it; the coach's account changed.",
        "evidence_of_deceit": "",
        "decided_on": TODAY,
        "today": TODAY,
        **kwargs,
    }
    assert [p.message for p in policy.allegation_outcome_problems(**arguments)] == expected


# --- positions of trust -----------------------------------------------------------------------

IN_FORCE = dt.date(2022, 6, 28)


@pytest.mark.parametrize(
    ("age", "roles", "event_date", "sexual", "applies"),
    [
        (16, {"coaches"}, IN_FORCE, True, True),  # the day it came into force
        (17, {"supervises", "other"}, dt.date(2026, 3, 1), True, True),
        (17, {"instructs"}, dt.date(2026, 3, 1), True, True),
        (16, {"teaches"}, dt.date(2026, 3, 1), True, True),
        (16, {"trains"}, dt.date(2026, 3, 1), True, True),
        (16, {"coaches"}, IN_FORCE - dt.timedelta(days=1), True, False),  # before the law
        (15, {"coaches"}, dt.date(2026, 3, 1), True, False),  # under 16: another offence
        (18, {"coaches"}, dt.date(2026, 3, 1), True, False),  # an adult
        (None, {"coaches"}, dt.date(2026, 3, 1), True, False),  # age not known
        (16, {"other"}, dt.date(2026, 3, 1), True, False),  # not coaching them
        (16, set(), dt.date(2026, 3, 1), True, False),
        (16, {"coaches"}, dt.date(2026, 3, 1), False, False),  # no sexual activity
    ],
)
def test_position_of_trust_applies(age, roles, event_date, sexual, applies):
    assert policy.position_of_trust_applies(age, roles, event_date, sexual) is applies


def test_position_of_trust_needs_the_coaching_to_be_regular():
    assert not policy.position_of_trust_applies(
        16, {"coaches"}, dt.date(2026, 3, 1), True, regularly=False
    )


@pytest.mark.parametrize(
    ("categories", "about_an_adult", "low_level", "routes"),
    [
        ([policy.CATEGORY_POSITION_OF_TRUST], True, False, True),
        ([policy.CATEGORY_POSITION_OF_TRUST], True, True, True),  # never low-level
        ([policy.CATEGORY_POSITION_OF_TRUST, "sexual"], False, False, True),
        (["physical"], True, False, True),  # harm by an adult: an allegation
        (["emotional"], True, True, False),  # low-level: kept apart
        (["neglect"], False, False, False),  # no adult: a concern about a child
    ],
)
def test_concern_routes_as_allegation(categories, about_an_adult, low_level, routes):
    assert (
        policy.concern_routes_as_allegation(
            categories, about_an_adult=about_an_adult, low_level=low_level
        )
        is routes
    )

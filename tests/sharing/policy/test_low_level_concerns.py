"""Low-level concerns about an adult and the NSO's pattern alert
(``sharing.policy.low_level_concerns``), both ways."""

from __future__ import annotations

import datetime as dt

import pytest

from sharing import policy

TODAY = dt.date(2026, 11, 30)


def days_ago(*numbers):
    return [TODAY - dt.timedelta(days=n) for n in numbers]


@pytest.mark.parametrize(
    ("dates", "reached"),
    [
        ([], False),
        (days_ago(0), False),
        (days_ago(0, 40), False),  # one short of the threshold: not before
        (days_ago(0, 40, 200), True),  # at the threshold
        (days_ago(0, 40, 200, 300), True),
        (days_ago(0, 40, 364), True),  # the first day of the period counts
        (days_ago(0, 40, 365), False),  # a day earlier is outside it
        (days_ago(400, 500, 600), False),  # an old pattern outside the period
        ([TODAY + dt.timedelta(days=1), *days_ago(0, 1)], False),  # a future date does not count
    ],
)
def test_the_nso_is_alerted_at_the_threshold_within_the_period_and_not_before(dates, reached):
    assert policy.low_level_pattern_reached(dates, today=TODAY) is reached


def test_concerns_from_every_club_count_together():
    # One concern at each of three clubs: no club sees a pattern, the adult's record does.
    by_club = {"Bala": days_ago(3), "Rhyl": days_ago(50), "Wrexham": days_ago(100)}
    assert not any(policy.low_level_pattern_reached(d, today=TODAY) for d in by_club.values())
    everything = [day for dates in by_club.values() for day in dates]
    assert policy.low_level_pattern_reached(everything, today=TODAY)


def test_threshold_and_period_are_settings():
    dates = days_ago(0, 20, 45)
    assert not policy.low_level_pattern_reached(dates, today=TODAY, threshold=4)
    assert policy.low_level_pattern_reached(dates, today=TODAY, threshold=2, period_days=30)
    assert not policy.low_level_pattern_reached(dates, today=TODAY, threshold=3, period_days=30)
    assert policy.low_level_concerns_in_period(dates, today=TODAY, period_days=30) == 2


def test_the_defaults_are_three_within_a_year():
    assert (policy.LOW_LEVEL_THRESHOLD, policy.LOW_LEVEL_PERIOD_DAYS) == (3, 365)


def test_a_position_of_trust_concern_is_never_recorded_as_low_level():
    assert policy.low_level_concern_problems(categories=["emotional"]) == []
    problems = policy.low_level_concern_problems(categories=[policy.CATEGORY_POSITION_OF_TRUST])
    assert [p.message for p in problems] == [policy.LOW_LEVEL_NOT_FOR_POSITION_OF_TRUST]

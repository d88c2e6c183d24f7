"""A concern is due for triage one working day after the day it was recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from sharing import policy

MON = dt.date(2026, 11, 23)
TUE = dt.date(2026, 11, 24)
WED = dt.date(2026, 11, 25)
FRI = dt.date(2026, 11, 27)
SAT = dt.date(2026, 11, 28)
SUN = dt.date(2026, 11, 29)
NEXT_MON = dt.date(2026, 11, 30)
NEXT_TUE = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("recorded_on", "due"),
    [
        (MON, TUE),
        (FRI, NEXT_MON),  # the weekend does not count
        (SAT, NEXT_MON),
        (SUN, NEXT_MON),
        (dt.date(2026, 12, 24), dt.date(2026, 12, 29)),  # Christmas, Boxing Day's substitute
        (dt.date(2026, 4, 2), dt.date(2026, 4, 7)),  # Good Friday and Easter Monday
        (dt.date(2026, 5, 1), dt.date(2026, 5, 5)),  # the early May bank holiday
    ],
)
def test_triage_is_due_one_working_day_after_the_concern(recorded_on, due):
    assert policy.triage_due_on(recorded_on) == due


@pytest.mark.parametrize(
    ("recorded_on", "today"),
    [
        (MON, MON),  # on the day
        (MON, TUE),  # the next working day is the due day
        (FRI, SAT),
        (FRI, SUN),
        (FRI, NEXT_MON),  # a weekend between does not count
        (dt.date(2026, 5, 1), dt.date(2026, 5, 4)),  # nor a bank holiday
        (dt.date(2026, 5, 1), dt.date(2026, 5, 5)),
    ],
)
def test_an_untriaged_concern_is_not_overdue_by_its_due_day(recorded_on, today):
    assert not policy.triage_overdue(recorded_on=recorded_on, today=today)


@pytest.mark.parametrize(
    ("recorded_on", "today"),
    [
        (MON, WED),
        (FRI, NEXT_TUE),
        (SAT, NEXT_TUE),
        (dt.date(2026, 5, 1), dt.date(2026, 5, 6)),
    ],
)
def test_an_untriaged_concern_is_overdue_after_one_working_day(recorded_on, today):
    assert policy.triage_overdue(recorded_on=recorded_on, today=today)


def test_a_triaged_concern_is_never_overdue():
    assert not policy.triage_overdue(recorded_on=MON, today=NEXT_TUE, triaged=True)


@pytest.mark.parametrize("today", [MON + dt.timedelta(days=n) for n in range(400)])
def test_the_cut_off_day_agrees_with_the_rule(today):
    cut_off = policy.triage_overdue_if_recorded_on_or_before(today)
    assert policy.triage_overdue(recorded_on=cut_off, today=today)
    assert not policy.triage_overdue(recorded_on=cut_off + dt.timedelta(days=1), today=today)
    assert policy.triage_overdue(recorded_on=cut_off - dt.timedelta(days=30), today=today)


def test_on_a_tuesday_the_weekends_concerns_and_earlier_are_overdue():
    assert policy.triage_overdue_if_recorded_on_or_before(NEXT_TUE) == SUN
    assert policy.triage_overdue_if_recorded_on_or_before(NEXT_MON) == dt.date(2026, 11, 26)

"""Working days (``sharing.policy.calendar``): weekends and bank holidays of England and Wales."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from sharing import policy

# A Thursday, Friday and Monday with no bank holiday between them.
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


@pytest.mark.parametrize("today", [dt.date(2026, 11, 23) + dt.timedelta(days=n) for n in range(60)])
@pytest.mark.parametrize("working_days", [1, 5])
def test_overdue_cut_off_day_agrees_with_the_due_date(today, working_days):
    cut_off = policy.overdue_if_decided_on_or_before(today=today, working_days=working_days)
    assert policy.add_working_days(cut_off, working_days) < today
    later = cut_off + dt.timedelta(days=1)
    assert policy.add_working_days(later, working_days) >= today


# --- bank holidays in any year, not a list that ends --------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2029, 3, 30), "Good Friday"),
        (dt.date(2029, 4, 2), "Easter Monday"),
        (dt.date(2029, 5, 7), "early May bank holiday"),
        (dt.date(2029, 5, 28), "spring bank holiday"),
        (dt.date(2029, 8, 27), "summer bank holiday"),
        (dt.date(2030, 4, 19), "Good Friday"),
        (dt.date(2030, 4, 22), "Easter Monday"),
        (dt.date(2030, 5, 6), "early May bank holiday"),
        (dt.date(2030, 5, 27), "spring bank holiday"),
        (dt.date(2030, 12, 25), "Christmas Day"),
        (dt.date(2030, 12, 26), "Boxing Day"),
        # Christmas on a Saturday, Boxing Day on a Sunday: the substitute days are Mon and Tue.
        (dt.date(2027, 12, 27), "Christmas Day (substitute day)"),
        (dt.date(2027, 12, 28), "Boxing Day (substitute day)"),
        (dt.date(2032, 12, 27), "Christmas Day (substitute day)"),
        (dt.date(2032, 12, 28), "Boxing Day (substitute day)"),
    ],
)
def test_bank_holidays_of_england_and_wales_are_not_working_days(day, name):
    assert day.weekday() < 5, f"{name} is a weekday"
    assert policy.is_bank_holiday(day), name
    assert not policy.is_working_day(day), name


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2029, 3, 29),  # the Thursday before Good Friday
        dt.date(2029, 4, 3),  # the Tuesday after Easter Monday
        dt.date(2029, 5, 8),
        dt.date(2030, 4, 18),
        dt.date(2030, 4, 23),
        dt.date(2032, 12, 29),
    ],
)
def test_the_days_around_bank_holidays_are_working_days(day):
    assert policy.is_working_day(day)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Over Easter 2029: Good Friday and Easter Monday are skipped.
        (dt.date(2029, 3, 29), 1, dt.date(2029, 4, 3)),
        (dt.date(2029, 3, 29), 5, dt.date(2029, 4, 9)),
        # Over Easter 2030.
        (dt.date(2030, 4, 18), 1, dt.date(2030, 4, 23)),
        # Over the spring bank holiday 2030 (Monday 27 May).
        (dt.date(2030, 5, 24), 1, dt.date(2030, 5, 28)),
        # Over Christmas 2032: the weekend, then both substitute days.
        (dt.date(2032, 12, 24), 1, dt.date(2032, 12, 29)),
    ],
)
def test_working_days_after_2028_skip_that_year_s_bank_holidays(start, days, expected):
    assert policy.add_working_days(start, days) == expected


def test_a_p69_written_report_due_over_easter_2029_waits_for_the_tuesday():
    # The hand-written list ended in 2028: it would have made this report due on Good Friday,
    # and shown it overdue on the Tuesday it is in fact due.
    thursday = dt.date(2029, 3, 29)
    assert policy.written_report_due_on(thursday) == dt.date(2029, 4, 3)
    assert not policy.written_report_overdue(
        outcome=policy.SHARE,
        method="phone",
        shared_on=thursday,
        today=dt.date(2029, 4, 3),
        confirmed=False,
    )
    assert policy.review_due_on(thursday) == dt.date(2029, 4, 9)


def test_england_and_wales_have_the_same_bank_holidays():
    # The calendar asks for Wales; a difference from England would need a decision, not a guess.
    for year in range(2025, 2061):
        wales = holidays.country_holidays("GB", subdiv="WLS", years=year)
        england = holidays.country_holidays("GB", subdiv="ENG", years=year)
        assert set(wales) == set(england), year
        assert policy.bank_holidays(year) == frozenset(wales)


def test_the_calendar_keeps_the_bank_holidays_the_old_list_gave():
    weekday_holidays = {
        day for year in range(2025, 2029) for day in policy.bank_holidays(year) if day.weekday() < 5
    }
    assert weekday_holidays == {
        dt.date.fromisoformat(day)
        for day in [
            "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
            "2025-12-25", "2025-12-26",
            "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
            "2026-12-25", "2026-12-28",
            "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
            "2027-12-27", "2027-12-28",
            "2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28",
            "2028-12-25", "2028-12-26",
        ]
    }  # fmt: skip

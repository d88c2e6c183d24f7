"""Working days (``sharing.policy.calendar``): weekends and bank holidays of England and Wales."""

from __future__ import annotations

import datetime as dt

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

"""Working days: Monday to Friday except the bank holidays of England and Wales.

Every working-day deadline counts with ``add_working_days``: the written report that follows a
share by phone or in person (P6.9) and the NSO's review of a share decision.

The bank holidays come from the ``holidays`` package, for any year, substitute days included
(Christmas or Boxing Day at a weekend moves to the Monday or Tuesday after). TTW is in Wales, so
the Wales subdivision ("WLS") is asked for; England and Wales have the same bank holidays (the
Banking and Financial Dealings Act 1971 lists them together), and the package agrees: "ENG" and
"WLS" give the same days in every year it knows, which a test checks.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays as holiday_calendars

COUNTRY = "GB"
SUBDIVISION = "WLS"


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays of England and Wales in ``year``, substitute days included."""
    return frozenset(holiday_calendars.country_holidays(COUNTRY, subdiv=SUBDIVISION, years=year))


def is_bank_holiday(day: date) -> bool:
    return day in bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, working_days: int) -> date:
    """The day ``working_days`` working days after ``start`` (a day off counts from the next)."""
    day = start
    left = working_days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def overdue_if_decided_on_or_before(*, today: date, working_days: int) -> date:
    """The latest decision date whose due date (``working_days`` later) is before ``today``.

    The due date grows with the decision date, so a list can be filtered in the
    database with ``decided on <= this``.
    """
    day = today - timedelta(days=1)
    while add_working_days(day, working_days) >= today:
        day -= timedelta(days=1)
    return day

"""When a concern is due for triage: one working day after the day it was recorded.

A concern from a club or from TTW's own events reaches the officers and the National
Safeguarding Officer at once; it is due for triage on the working day after the day it was
recorded (a concern recorded at a weekend or on a bank holiday is due on the first working
day after), and is overdue from the day after that. The recorded day is the day in TTW's own
time zone (the caller works it out), not in UTC.
"""

from __future__ import annotations

from datetime import date

from .calendar import add_working_days, overdue_if_decided_on_or_before

TRIAGE_WORKING_DAYS = 1


def triage_due_on(recorded_on: date) -> date:
    """The day a concern recorded on ``recorded_on`` is to be triaged by."""
    return add_working_days(recorded_on, TRIAGE_WORKING_DAYS)


def triage_overdue(*, recorded_on: date, today: date, triaged: bool = False) -> bool:
    """A concern not triaged by its due day."""
    return not triaged and today > triage_due_on(recorded_on)


def triage_overdue_if_recorded_on_or_before(today: date) -> date:
    """The latest recorded day whose concerns, untriaged, are overdue on ``today``.

    The due day grows with the recorded day, so a list is filtered in the database with
    ``recorded on <= this``.
    """
    return overdue_if_decided_on_or_before(today=today, working_days=TRIAGE_WORKING_DAYS)

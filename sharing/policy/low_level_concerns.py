"""Low-level concerns about an adult: behaviour short of the harm threshold, kept apart from
allegations, and the pattern alert to the National Safeguarding Officer.

A low-level concern is behaviour towards children that is inconsistent with TTW's code of
conduct but does not meet the harm threshold of an allegation (WSP5). It is recorded against the
adult, never as an allegation (``allegations.concern_routes_as_allegation``), and never for a
concern of the position-of-trust category, which describes an offence.

The pattern alert. When an adult gathers ``threshold`` low-level concerns within
``period_days`` days, across every club (the rule takes all of the adult's low-level concerns,
whichever club recorded them), the NSO is alerted, because a pattern can be the first sign of
grooming that no single club sees. Neither number is set by a published source that TTW
follows; they are TTW's settings, with the defaults ``LOW_LEVEL_THRESHOLD`` = 3 concerns within
``LOW_LEVEL_PERIOD_DAYS`` = 365 days.

The period ends on ``today`` and counts back: a concern dated ``today - (period_days - 1)`` is
inside it, one a day earlier is not; a concern dated after ``today`` does not count. The rule is
asked when a low-level concern is recorded (``today`` being its date), so the window that ends
with the newest concern finds every pattern as it forms; the alert raised is then a record of
its own, not worked out again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from .allegations import CATEGORY_POSITION_OF_TRUST, WSP5
from .base import Problem

LOW_LEVEL_THRESHOLD = 3
LOW_LEVEL_PERIOD_DAYS = 365

LOW_LEVEL_NOT_FOR_POSITION_OF_TRUST = (
    "WSP5: sexual activity by an adult in a position of trust is an offence, never a low-level "
    "concern: record it as an allegation about the adult."
)
LOW_LEVEL_PATTERN_ALERT = (
    "An adult has {count} low-level concerns within {days} days, across clubs: the National "
    "Safeguarding Officer considers whether, together, they meet the threshold of an allegation."
)


def low_level_concern_problems(*, categories: Iterable[str]) -> list[Problem]:
    """A concern marked low-level cannot be of the position-of-trust category (WSP5, SOA22A)."""
    if CATEGORY_POSITION_OF_TRUST in categories:
        return [Problem(WSP5, "low_level", LOW_LEVEL_NOT_FOR_POSITION_OF_TRUST)]
    return []


def low_level_concerns_in_period(
    dates: Iterable[date], *, today: date, period_days: int = LOW_LEVEL_PERIOD_DAYS
) -> int:
    """How many of the adult's low-level concerns fall in the ``period_days`` ending today."""
    first = today - timedelta(days=period_days - 1)
    return sum(1 for day in dates if first <= day <= today)


def low_level_pattern_reached(
    dates: Iterable[date],
    *,
    today: date,
    threshold: int = LOW_LEVEL_THRESHOLD,
    period_days: int = LOW_LEVEL_PERIOD_DAYS,
) -> bool:
    """The adult's low-level concerns (all clubs) reach ``threshold`` within the period: the
    NSO is alerted. At the threshold, not before; concerns outside the period do not count."""
    return low_level_concerns_in_period(dates, today=today, period_days=period_days) >= threshold

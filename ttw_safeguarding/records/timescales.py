"""Timescales: things that fall due, declared by the apps that know them.

Each app registers a source from its ``AppConfig.ready()``: a function of the time
now returning every item still open (not yet done) with its owners and when it falls
due and when it is overdue. The core's alerts command (``send_due_alerts``) reads
every source and tells owners when an item falls due and the NSO when it is overdue,
once per stage; home pages may read the same sources. The core knows no app: it sees
only ``Timed`` items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


@dataclass(frozen=True)
class Timed:
    # stable across runs and unique across sources: "<source>:<record code>[:<step>]"
    key: str
    # ids of the users who must act
    owners: tuple[int, ...]
    falls_due_at: dt.datetime
    overdue_at: dt.datetime
    # one sentence with no case detail (it goes by e-mail): "A concern is due for triage."
    message: str
    # the page where it is acted on
    path: str


TimescaleSource = Callable[[dt.datetime], Iterable[Timed]]

_sources: dict[str, TimescaleSource] = {}


def register_timescale(name: str, source: TimescaleSource) -> None:
    """Declare a source of timed items under ``name`` (once)."""
    known = _sources.get(name)
    if known is not None and known is not source:
        raise ImproperlyConfigured(f"Timescale {name!r} declared twice.")
    _sources[name] = source


def timescale_sources() -> dict[str, TimescaleSource]:
    return dict(_sources)


def items_open_at(now: dt.datetime) -> list[tuple[str, Timed]]:
    """Every open item of every source, with the source's name."""
    return [(name, item) for name, source in _sources.items() for item in source(now)]


def due_on_day(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """An item due by ``day``: it falls due at the start of that day and is overdue from
    the start of the next (the policy's "overdue when today > due day"), in TTW's time zone.
    Returns (falls_due_at, overdue_at)."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    following = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return start, following

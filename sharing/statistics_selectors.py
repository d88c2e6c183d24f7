"""The NSO's statistics for a period, and the trustees' report made from the same figures.

Every figure is counted in the database from the records the viewer may see (the concerns,
triages, referrals, share decisions, written reports, reviews and media approaches that
``decisions_visible_to`` and ``concerns_visible_to`` give them), in a fixed number of queries
whatever the number of records. A record belongs to the period by the day it was recorded, in
TTW's own time zone, from the first day to the last, both included.

Timeliness follows the policy's own rules, asked on the day the thing was done
(``sharing.policy.statistics``): the triage of a concern within one working day of the day it
was recorded (``triage_overdue``), the written report of a share by phone or in person within
one working day of the share (P6.9, ``written_report_overdue``), the NSO's review of a share
or no-share decision within five working days (``review_overdue``). The database groups the
records by (day recorded, day done), so the rule runs once per pair of days, not per record.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from cases.access import concerns_visible_to
from cases.models import CaseClosure, Concern, Referral, Triage
from sharing import policy
from sharing.models import NSOReview, ShareDecision, WrittenReportSent
from sharing.policy import statistics as suppression
from ttw_safeguarding.records.access import decisions_visible_to

# The kind of a media approach (media_contacts.models.MediaApproach.KIND), counted through the
# core's decisions so that this app does not import its sibling.
MEDIA_APPROACH_KIND = "media_approach"
NO_CLUB = "TTW's own events (no club)"
NO_REGION = "No region"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # included

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """From the start of the first day to the start of the day after the last, TTW time."""
        tz = timezone.get_current_timezone()
        first = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return first, after

    def described(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


def default_period(today: dt.date | None = None) -> Period:
    """The last 12 months: the year up to and including today."""
    today = today or timezone.localdate()
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return Period(start=year_ago + dt.timedelta(days=1), end=today)


@dataclass(frozen=True)
class Row:
    label: str
    count: int

    @property
    def shown(self) -> str:
        """The count as the trustees' report shows it."""
        return suppression.suppressed(self.count)


@dataclass(frozen=True)
class Timeliness:
    label: str
    rule: str
    in_time: int
    late: int  # done late, or not done and overdue
    waiting: int  # not done, not yet due

    @property
    def counted(self) -> int:
        return self.in_time + self.late

    @property
    def share(self) -> int | None:
        return suppression.percentage(self.in_time, self.counted)

    @property
    def share_shown(self) -> str:
        return suppression.suppressed_percentage(self.in_time, self.counted)

    def rows(self) -> list[Row]:
        return [
            Row("In time", self.in_time),
            Row("Late or overdue", self.late),
            Row("Not yet due", self.waiting),
        ]


@dataclass
class Statistics:
    period: Period
    concerns: int = 0
    by_category: list[Row] = field(default_factory=list)
    by_club: list[Row] = field(default_factory=list)
    by_region: list[Row] = field(default_factory=list)
    outcomes: list[Row] = field(default_factory=list)
    referrals: list[Row] = field(default_factory=list)
    timeliness: list[Timeliness] = field(default_factory=list)
    shares: list[Row] = field(default_factory=list)
    media_approaches: int = 0

    @property
    def referrals_total(self) -> int:
        return sum(row.count for row in self.referrals)

    @property
    def summary(self) -> list[Row]:
        return [
            Row("Concerns", self.concerns),
            Row("Referrals", self.referrals_total),
            Row("Media approaches", self.media_approaches),
        ]

    @property
    def clubs_for_trustees(self) -> list[Row]:
        """Clubs with 5 or more concerns by name; the others together, unnamed, so that the
        report names no club with a child or two in it and stays short."""
        named = [row for row in self.by_club if row.count >= suppression.SUPPRESSION_THRESHOLD]
        others = [row for row in self.by_club if row.count < suppression.SUPPRESSION_THRESHOLD]
        if others:
            named.append(
                Row(
                    f"Others ({len(others)} clubs or events, each {suppression.FEWER_THAN})",
                    sum(row.count for row in others),
                )
            )
        return named


def _in_period(qs: QuerySet[Any], period: Period, field_name: str = "recorded_at") -> QuerySet:
    first, after = period.bounds()
    return qs.filter(**{f"{field_name}__gte": first, f"{field_name}__lt": after})


def _day(field_name: str) -> TruncDate:
    return TruncDate(field_name, tzinfo=timezone.get_current_timezone())


def _as_date(value: Any) -> dt.date:
    # SQLite may answer a TruncDate as text.
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _timeliness(
    *,
    label: str,
    rule: str,
    done: Iterable[Mapping[str, Any]],
    not_done: Iterable[Mapping[str, Any]],
    overdue: Callable[[dt.date, dt.date], bool],
    today: dt.date,
) -> Timeliness:
    """``done``: rows of (from, on, n); ``not_done``: rows of (from, n). ``overdue(from, day)``
    is the policy's rule: overdue on ``day`` if not done by then."""
    in_time = late = waiting = 0
    for row in done:
        if overdue(_as_date(row["from_day"]), _as_date(row["done_on"])):
            late += row["n"]
        else:
            in_time += row["n"]
    for row in not_done:
        if overdue(_as_date(row["from_day"]), today):
            late += row["n"]
        else:
            waiting += row["n"]
    return Timeliness(label=label, rule=rule, in_time=in_time, late=late, waiting=waiting)


def statistics_for(
    user: Any, period: Period | None = None, *, today: dt.date | None = None
) -> Statistics:
    """The figures of ``period`` (default: the last 12 months) from what ``user`` may see."""
    today = today or timezone.localdate()
    period = period or default_period(today)
    stats = Statistics(period=period)

    concerns = _in_period(concerns_visible_to(user), period)
    categories = Concern.Category.choices
    # A concern's categories are a JSON list of values; a value is found as its quoted text.
    counted = concerns.aggregate(
        total=Count("pk"),
        **{
            f"category_{index}": Count("pk", filter=Q(categories__icontains=f'"{value}"'))
            for index, (value, _label) in enumerate(categories)
        },
    )
    stats.concerns = counted["total"]
    stats.by_category = [
        Row(str(label), counted[f"category_{index}"])
        for index, (_value, label) in enumerate(categories)
    ]
    stats.by_club = [
        Row(row["club__name"] or NO_CLUB, row["n"])
        for row in concerns.values("club__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "club__name")
    ]
    stats.by_region = [
        Row(row["club__region__name"] or (NO_REGION if row["has_club"] else NO_CLUB), row["n"])
        for row in concerns.annotate(
            has_club=ExpressionWrapper(Q(club__isnull=False), output_field=BooleanField())
        )
        .values("club__region__name", "has_club")
        .annotate(n=Count("pk"))
        .order_by("-n", "club__region__name")
    ]

    # Triage: of the concerns of the period, by (day recorded, day triaged).
    triages = decisions_visible_to(user, model=Triage).filter(concern__in=concerns)
    triaged = list(
        triages.values(
            "opens_case",
            "meets_referral_threshold",
            from_day=_day("concern__recorded_at"),
            done_on=_day("recorded_at"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    untriaged = list(
        concerns.exclude(pk__in=triages.values("concern_id"))
        .values(from_day=_day("recorded_at"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    closures = _in_period(decisions_visible_to(user), period).aggregate(
        media=Count("pk", filter=Q(kind=MEDIA_APPROACH_KIND)),
        closed=Count("pk", filter=Q(kind=CaseClosure.KIND)),
    )
    stats.media_approaches = closures["media"]
    stats.outcomes = [
        Row("Triaged: a new case opened", sum(r["n"] for r in triaged if r["opens_case"])),
        Row(
            "Triaged: added to an existing case",
            sum(r["n"] for r in triaged if not r["opens_case"]),
        ),
        Row("Not yet triaged", sum(r["n"] for r in untriaged)),
        Row(
            "Found to meet the threshold for referral",
            sum(r["n"] for r in triaged if r["meets_referral_threshold"]),
        ),
        Row("Cases closed in the period", closures["closed"]),
    ]

    agencies = dict(Referral.Agency.choices)
    stats.referrals = [
        Row(str(agencies.get(row["agency"], row["agency"])), row["n"])
        for row in _in_period(decisions_visible_to(user, model=Referral), period)
        .values("agency")
        .annotate(n=Count("pk"))
        .order_by("-n", "agency")
    ]

    shares = _in_period(decisions_visible_to(user, model=ShareDecision), period)
    positions = dict(policy.Consent.CHOICES)
    by_position: dict[str, int] = defaultdict(int)
    not_shared = 0
    for row in shares.values("share_outcome", "consent").annotate(n=Count("pk")).order_by():
        if row["share_outcome"] == policy.SHARE:
            by_position[row["consent"]] += row["n"]
        else:
            not_shared += row["n"]
    stats.shares = [
        Row(f"Shared: {str(label).lower()}", by_position[value])
        for value, label in positions.items()
    ] + [Row("Decided not to share", not_shared)]

    verbal = shares.filter(share_outcome=policy.SHARE, method__in=policy.UNWRITTEN_METHODS)
    reports = decisions_visible_to(user, model=WrittenReportSent).filter(share_decision__in=verbal)
    reviews = decisions_visible_to(user, model=NSOReview).filter(share_decision__in=shares)
    stats.timeliness = [
        _timeliness(
            label="Concerns triaged within one working day",
            rule="Triage by the working day after the day the concern was recorded.",
            done=triaged,
            not_done=untriaged,
            overdue=lambda recorded, day: policy.triage_overdue(recorded_on=recorded, today=day),
            today=today,
        ),
        _timeliness(
            label="Written reports within one working day (P6.9)",
            rule="A share by phone or in person is followed by the written report within one "
            "working day.",
            done=reports.values(from_day=_day("share_decision__recorded_at"), done_on=F("sent_on"))
            .annotate(n=Count("pk"))
            .order_by(),
            not_done=verbal.exclude(pk__in=reports.values("share_decision_id"))
            .values(from_day=_day("recorded_at"))
            .annotate(n=Count("pk"))
            .order_by(),
            overdue=lambda shared, day: day > policy.written_report_due_on(shared),
            today=today,
        ),
        _timeliness(
            label="Share decisions reviewed within five working days",
            rule="The NSO reviews a share or no-share decision within five working days.",
            done=reviews.values(
                from_day=_day("share_decision__recorded_at"), done_on=_day("recorded_at")
            )
            .annotate(n=Count("pk"))
            .order_by(),
            not_done=shares.exclude(pk__in=reviews.values("share_decision_id"))
            .values(from_day=_day("recorded_at"))
            .annotate(n=Count("pk"))
            .order_by(),
            overdue=lambda decided, day: policy.review_overdue(
                decided_on=decided, today=day, reviewed=False
            ),
            today=today,
        ),
    ]
    return stats

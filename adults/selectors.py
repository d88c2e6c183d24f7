"""Reads for adults' records: one person across merges, the one timeline, likely matches,
and the restrictions in place that welfare officers are told of (never the detail)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from adults import access as adult_access
from adults.models import (
    Adult,
    AdultMerge,
    AdultRole,
    AllegationOutcome,
    CaseManagementGroup,
    CmgAppeal,
    CmgFinalDecision,
    CmgRouteDecision,
    DesignatedOfficerNotice,
    StrategyDiscussion,
    Suspension,
    SuspensionReview,
)
from cases import access as case_access
from cases.models import AdultSubjectToAllegation, Triage
from clubs.access import welfare_clubs_of
from clubs.models import Club
from sharing import policy
from sharing.models import (
    CmgDecision,
    CourtDirection,
    DbsDisclosure,
    DisciplinaryOutcome,
    PlanningRequest,
    StatutoryAdvice,
)
from ttw_safeguarding.records import access

RESTRICTION_FLAG = "a restriction is in place: contact the NSO"


# --- one person across merges ---------------------------------------------------------


def _merges() -> list[tuple[int, int]]:
    # (keep, merged) of every merge: few rows, read in one query, so that a person's
    # group costs the same however long the chain of merges.
    return list(AdultMerge.objects.values_list("keep_id", "merged_id"))


def _kept_of(merges: Iterable[tuple[int, int]]) -> dict[int, int]:
    return {merged: keep for keep, merged in merges}


def root_id(adult_id: int, kept_of: dict[int, int]) -> int:
    """The person ``adult_id`` is part of after every merge (itself when never merged)."""
    seen = {adult_id}
    while adult_id in kept_of:
        adult_id = kept_of[adult_id]
        if adult_id in seen:  # a merge cannot make a loop (policy), but never spin
            break
        seen.add(adult_id)
    return adult_id


def person_of(adult: Adult) -> Adult:
    """The kept person ``adult`` is part of (``adult`` itself when not merged)."""
    kept = root_id(adult.pk, _kept_of(_merges()))
    return adult if kept == adult.pk else Adult.objects.get(pk=kept)


def group_ids(adult: Adult) -> set[int]:
    """``adult`` and every record merged into it, directly or through another merge."""
    kept_of = _kept_of(_merges())
    root = root_id(adult.pk, kept_of)
    return {root} | {merged for merged in kept_of if root_id(merged, kept_of) == root}


# --- the one timeline -------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    label: str
    case_reference: str
    club: str
    url: str
    is_restricted: bool = False


def _decision_entry(decision: Any, line: AdultSubjectToAllegation) -> TimelineEntry:
    return TimelineEntry(
        at=decision.recorded_at,
        label=decision.LABEL,
        case_reference=line.case.reference,
        club=_club_name(line.case.club),
        url=reverse("decisions:detail", args=[decision.code]),
        is_restricted=decision.is_restricted,
    )


def _club_name(club: Club | None) -> str:
    return club.name if club is not None else "TTW event (no club)"


STATUTORY_MODELS: tuple[type[Any], ...] = (
    StatutoryAdvice,
    PlanningRequest,
    CourtDirection,
    DisciplinaryOutcome,
    DbsDisclosure,
)

WALES_MODELS: tuple[type[Any], ...] = (
    DesignatedOfficerNotice,
    StrategyDiscussion,
    AllegationOutcome,
)

# The Case Management Group's records, each with the path from it to the allegation's line.
CMG_PATHS: tuple[tuple[type[Any], str], ...] = (
    (CaseManagementGroup, "allegation"),
    (CmgRouteDecision, "group__allegation"),
    (Suspension, "group__allegation"),
    (SuspensionReview, "reviewed_suspension__group__allegation"),
    (CmgFinalDecision, "group__allegation"),
    (CmgAppeal, "final_decision__group__allegation"),
)


def timeline(*, user: Any, adult: Adult) -> list[TimelineEntry]:
    """Every case, concern and statutory record about the person (``adult`` and every record
    merged into it), across cases and clubs, oldest first: only what ``user`` may see, so a
    restricted record (P6.6) shows only to the NSO and those named on it."""
    lines = {
        line.pk: line
        for line in case_access.adults_visible_to(user)
        .filter(person__in=group_ids(adult))
        .select_related("case", "case__club")
    }
    entries: list[TimelineEntry] = []
    cases = {line.case_id: line for line in lines.values()}
    for line in cases.values():
        entries.append(
            TimelineEntry(
                at=line.case.opened_at,
                label="Case opened",
                case_reference=line.case.reference,
                club=_club_name(line.case.club),
                url=reverse("cases:detail", args=[line.case.code]),
            )
        )
    visible = access.decisions_visible_to(user)
    triages = Triage.objects.filter(case__in=list(cases), pk__in=visible.values("pk")).filter(
        concern__in=visible.values("pk")
    )
    for triage in triages.select_related("concern"):
        if triage.case_id is not None:
            entries.append(_decision_entry(triage.concern, cases[triage.case_id]))
    for model in STATUTORY_MODELS:
        for record in access.decisions_visible_to(user, model=model).filter(adult__in=list(lines)):
            entries.append(_decision_entry(record, lines[record.adult_id]))
    # The Wales procedure's records (WSP5) point at the line as ``allegation``.
    for model in WALES_MODELS:
        on_lines = access.decisions_visible_to(user, model=model).filter(allegation__in=list(lines))
        for record in on_lines:
            entries.append(_decision_entry(record, lines[record.allegation_id]))
    cmg = access.decisions_visible_to(user, model=CmgDecision).filter(
        disclosure__adult__in=list(lines)
    )
    for decision in cmg.select_related("disclosure"):
        entries.append(_decision_entry(decision, lines[decision.disclosure.adult_id]))
    # The group for the allegation (WSP5): convened, its route, suspensions and their
    # reviews, the final decision and any appeal, one query per kind of record.
    for model, path in CMG_PATHS:
        group_records = (
            access.decisions_visible_to(user, model=model)
            .filter(**{f"{path}__in": list(lines)})
            .annotate(line_id=F(path))
        )
        for record in group_records:
            entries.append(_decision_entry(record, lines[record.line_id]))
    entries.sort(key=lambda entry: entry.at)
    return entries


def merges_of(*, user: Any, adult: Adult) -> QuerySet[AdultMerge]:
    """The merges that made this person one record, as the user may see them."""
    return (
        access.decisions_visible_to(user, model=AdultMerge)
        .filter(keep__in=group_ids(adult))
        .select_related("merged", "recorded_by")
        .order_by("recorded_at")
    )


def roles_of(adult: Adult) -> QuerySet[AdultRole]:
    """The person's roles, their merged records' included."""
    return (
        AdultRole.objects.filter(adult__in=group_ids(adult))
        .select_related("club")
        .order_by("ended_on", "-started_on", "pk")
    )


# --- finding a person -------------------------------------------------------------------


def adults_found(*, user: Any, term: str = "") -> QuerySet[Adult]:
    """The people a user may open, not merged into another, found by name."""
    found = adult_access.adults_visible_to(user).filter(merged_into__isnull=True)
    term = term.strip()
    if term:
        found = found.filter(name__icontains=term)
    return found.order_by("name", "created_at")


def likely_matches(
    *, user: Any, name: str, date_of_birth: dt.date | None = None, limit: int = 10
) -> list[Adult]:
    """People already on record who may be the adult being added: the same name (or a name
    holding it), or the same date of birth with a shared word of the name. An officer
    decides; nothing is matched automatically."""
    name = (name or "").strip()
    if not name:
        return []
    same = Q(name__iexact=name) | Q(name__icontains=name)
    words = [word for word in name.split() if len(word) > 2]
    if date_of_birth is not None and words:
        shared = Q()
        for word in words:
            shared |= Q(name__icontains=word)
        same |= Q(date_of_birth=date_of_birth) & shared
    return list(adults_found(user=user).filter(same)[:limit])


# --- restrictions in place (what a welfare officer is told) -------------------------------

# Each source gives the ids of people with a restriction in place; another kind of
# restriction (a suspension) adds its own with register_restriction_source.
RestrictionSource = Callable[[], Iterable[int]]
RESTRICTION_SOURCES: list[RestrictionSource] = []


def register_restriction_source(source: RestrictionSource) -> None:
    if source not in RESTRICTION_SOURCES:
        RESTRICTION_SOURCES.append(source)


def cmg_restrictions() -> Iterable[int]:
    """P6.7: a CMG decision that restrictions are needed or the person is unsuitable."""
    return (
        CmgDecision.objects.filter(cmg_outcome__in=policy.CMG_OUTCOMES_THAT_ALLOW_SHARING)
        .exclude(disclosure__adult__person__isnull=True)
        .values_list("disclosure__adult__person", flat=True)
    )


register_restriction_source(cmg_restrictions)


def restrictions_in_place() -> set[int]:
    """Ids of the people (kept records) with a restriction in place, from every source."""
    kept_of = _kept_of(_merges())
    return {root_id(pk, kept_of) for source in RESTRICTION_SOURCES for pk in source()}


@dataclass(frozen=True)
class RestrictionFlag:
    name: str
    club: str


def restriction_flags_for(user: Any) -> list[RestrictionFlag]:
    """For a club's or a region's welfare officer: the people with a current role at one of
    their clubs and a restriction in place, by name and club only (never why)."""
    if not access.can_see_club_records(user):
        return []
    restricted = restrictions_in_place()
    if not restricted:
        return []
    kept_of = _kept_of(_merges())
    today = timezone.localdate()
    roles = (
        AdultRole.objects.filter(club__in=welfare_clubs_of(user))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("club")
        .order_by("club__name")
    )
    flagged: dict[tuple[int, int], str] = {}
    for role in roles:
        person = root_id(role.adult_id, kept_of)
        if person in restricted and role.club is not None:
            flagged[(person, role.club.pk)] = role.club.name
    names = dict(Adult.objects.filter(pk__in={p for p, _ in flagged}).values_list("pk", "name"))
    return sorted(
        (RestrictionFlag(name=names[person], club=club) for (person, _), club in flagged.items()),
        key=lambda flag: (flag.club, flag.name),
    )


def home_context(user: Any) -> dict[str, Any]:
    """What this app adds to the home page: a welfare officer's restriction flags."""
    if access.can_manage_cases(user) or not access.can_see_club_records(user):
        return {}
    return {
        "adults_restriction_flags": restriction_flags_for(user),
        "restriction_flag_text": RESTRICTION_FLAG,
    }

"""Who records and sees low-level concerns about adults, declared to the core's access
mechanism (``AdultsConfig.ready`` registers ``PAGE_RULES`` and the visibility rule).

Officers and the NSO record them for any club or TTW itself, see all of them and link each
to a person's record. A club's or a region's welfare officer records them for their own
clubs and sees those that they, or the welfare officers of their clubs, recorded: never one
an officer recorded, never another club's, never the person's record or any allegation.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from adults.models import LowLevelConcern
from clubs.access import welfare_clubs_of
from clubs.models import Club
from ttw_safeguarding.records.access import (
    Predicate,
    by_code,
    can_manage_cases,
    can_see_club_records,
    decisions_visible_to,
)


def may_record_low_level(user: Any) -> bool:
    """Officers and the NSO, and club and regional welfare officers."""
    if can_manage_cases(user):
        return True
    return can_see_club_records(user)


def low_level_clubs_for(user: Any) -> QuerySet[Club]:
    """The clubs ``user`` may record a low-level concern for."""
    if can_manage_cases(user):
        return Club.objects.order_by("name")
    if can_see_club_records(user):
        return welfare_clubs_of(user).order_by("name")
    return Club.objects.none()


def may_record_for_club(user: Any, club: Club | None) -> bool:
    """An officer any club or TTW itself (``None``); a welfare officer only their clubs."""
    if can_manage_cases(user):
        return True
    if club is None:
        return False
    return low_level_clubs_for(user).filter(pk=club.pk).exists()


def club_low_level_for_welfare_officer(user: Any) -> Q:
    """Decisions a welfare officer sees (a rule over Decision, registered with the core):
    the low-level concerns welfare officers recorded for the clubs they cover."""
    if not can_see_club_records(user):
        return Q(pk__in=[])
    return Q(
        as_low_level_concern__club__in=welfare_clubs_of(user),
        as_low_level_concern__by_welfare_officer=True,
        is_restricted=False,
    )


def low_level_concerns_visible_to(user: Any) -> QuerySet[LowLevelConcern]:
    """Every low-level concern for officers and the NSO; a welfare officer's own and their
    clubs' welfare officers'; nobody else any (not even one they once recorded as staff)."""
    if not may_record_low_level(user):
        return LowLevelConcern.objects.none()
    return decisions_visible_to(user, model=LowLevelConcern)


def low_level_concern_for_officer(user: Any, code: Any) -> LowLevelConcern:
    """A low-level concern an officer or the NSO links to a person, or 404."""
    if not can_manage_cases(user):
        return by_code(LowLevelConcern.objects.none(), code)
    return by_code(low_level_concerns_visible_to(user).select_related("club"), code)


# Which concern: low_level_concern_for_officer gives 404.
PAGE_RULES: dict[str, Predicate] = {
    "adults:low_level_new": may_record_low_level,
    "adults:low_level_list": can_manage_cases,
    "adults:low_level_mine": can_see_club_records,
    "adults:low_level_link": can_manage_cases,
}

"""Which clubs a welfare officer's roles cover: the scope of what they record and see.

A club welfare officer covers the clubs they are welfare officer of, a regional welfare
officer every club of their region (CPSU). The membership counts only while the person
holds the role: a role taken away takes the clubs with it. Officers and the NSO are not
scoped by club (``cases.access`` decides that); this says only which clubs a welfare role
reaches.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from clubs.models import Club
from ttw_safeguarding.records.access import (
    is_club_welfare_officer,
    is_regional_welfare_officer,
)


def welfare_clubs_of(user: Any) -> QuerySet[Club]:
    """The clubs whose records ``user`` sees as a club or regional welfare officer."""
    covered = Q(pk__in=[])
    if is_club_welfare_officer(user):
        covered |= Q(welfare_officers__user=user)
    if is_regional_welfare_officer(user):
        covered |= Q(region__welfare_officers__user=user)
    return Club.objects.filter(covered).distinct()


def clubs_all() -> QuerySet[Club]:
    return Club.objects.select_related("region").order_by("name")

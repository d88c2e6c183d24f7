"""Reads for low-level concerns: the lists, the adult's own section, the decision page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from adults import selectors
from adults.low_level_access import low_level_concerns_visible_to
from adults.low_level_services import concerns_about
from adults.models import Adult, LowLevelConcern, LowLevelPatternAlert
from ttw_safeguarding.records import access


def low_level_list(user: Any) -> QuerySet[LowLevelConcern]:
    """Every low-level concern ``user`` may see, newest first, with what the list shows."""
    return (
        low_level_concerns_visible_to(user)
        .select_related("club", "recorded_by", "person", "link__person")
        .order_by("-occurred_on", "-sequence")
    )


def low_level_mine(user: Any) -> QuerySet[LowLevelConcern]:
    """A welfare officer's list: theirs and their clubs' welfare officers' (never a person)."""
    return (
        low_level_concerns_visible_to(user)
        .select_related("club", "recorded_by")
        .order_by("-occurred_on", "-sequence")
    )


def low_level_of(*, user: Any, adult: Adult) -> list[LowLevelConcern]:
    """The person's low-level concerns (their merged records' included), oldest first:
    listed apart from the allegation timeline."""
    if not access.can_manage_cases(user):
        return []
    return list(
        low_level_concerns_visible_to(user)
        .filter(concerns_about(adult))
        .select_related("club", "recorded_by")
        .order_by("occurred_on", "sequence")
    )


def pattern_alerts_of(*, user: Any, adult: Adult) -> list[LowLevelPatternAlert]:
    if not access.can_manage_cases(user):
        return []
    return list(
        LowLevelPatternAlert.objects.filter(person__in=selectors.group_ids(adult)).order_by(
            "raised_at"
        )
    )


def person_of_concern(concern: LowLevelConcern) -> Adult | None:
    """The person's record a concern is about: named at once, or linked later."""
    if concern.person is not None:
        return concern.person
    link = getattr(concern, "link", None)
    return link.person if link is not None else None


def low_level_page_context(concern: LowLevelConcern, user: Any) -> dict[str, Any]:
    """What a low-level concern's decision page adds: for officers and the NSO the person's
    record it is about, or the link to make; for a welfare officer nothing (no adult)."""
    if not access.can_manage_cases(user):
        return {}
    person = person_of_concern(concern)
    return {
        "person": person,
        "person_url": reverse("adults:detail", args=[person.code]) if person else "",
        "link_url": "" if person else reverse("adults:low_level_link", args=[concern.code]),
    }

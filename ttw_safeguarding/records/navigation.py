"""The navigation bar: each entry is shown only to users its page rule admits.

Each app adds its own entries from its ``AppConfig.ready()`` (``register_nav``,
``register_actions``); ``order`` places them among the others'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from ttw_safeguarding.records.access import PAGE_RULES


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    order: int


# The core's own pages; apps register theirs. A URL that does not exist is skipped.
NAV_ITEMS: list[NavEntry] = [
    NavEntry("Home", "home", 0),
    NavEntry("Audit log", "audit:log", 80),
    NavEntry("Roles", "accounts:roles", 85),
]

# Calls to action shown on every page for users who may use them.
ACTION_ITEMS: list[NavEntry] = []


def _add(items: list[NavEntry], entries: tuple[NavEntry, ...]) -> None:
    for entry in entries:
        if entry not in items:
            items.append(entry)
    items.sort(key=lambda entry: entry.order)


def register_nav(*entries: NavEntry) -> None:
    _add(NAV_ITEMS, entries)


def register_actions(*entries: NavEntry) -> None:
    _add(ACTION_ITEMS, entries)


def _visible(items: list[NavEntry], user: Any) -> list[dict[str, str]]:
    visible = []
    for entry in items:
        rule = PAGE_RULES.get(entry.url_name)
        if rule is None or not rule(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        visible.append({"label": entry.label, "url": url, "name": entry.url_name})
    return visible


def nav_for(user: Any) -> dict[str, list[dict[str, str]]]:
    if not user.is_authenticated:
        return {"nav_items": [], "action_items": []}
    return {"nav_items": _visible(NAV_ITEMS, user), "action_items": _visible(ACTION_ITEMS, user)}

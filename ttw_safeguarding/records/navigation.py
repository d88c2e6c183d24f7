"""The navigation bar: each entry is shown only to users its page rule admits."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from ttw_safeguarding.records.access import PAGE_RULES

# (label, URL name). Apps add their pages here; a URL that does not exist is skipped.
NAV_ITEMS: list[tuple[str, str]] = [
    ("Home", "home"),
    ("Cases", "cases:list"),
    ("Children", "cases:children"),
    ("My submissions", "cases:my_submissions"),
    ("Review queue", "sharing:review_queue"),
    ("Statutory records", "sharing:statutory_list"),
    ("Planning register", "sharing:planning_register"),
    ("Cases put to the CMG", "sharing:cmg_list"),
    ("Audit log", "audit:log"),
    ("Roles", "accounts:roles"),
    ("Media inbox", "media_contacts:inbox"),
]

# Calls to action shown on every page for users who may use them.
ACTION_ITEMS: list[tuple[str, str]] = [
    # Any staff member records a concern about a child from whatever page they are on.
    ("Record a concern", "cases:concern_new"),
    # P6.12: anyone approached by the media records it at once, from whatever page they are on.
    ("Approached by the media?", "media_contacts:record"),
]


def _visible(items: list[tuple[str, str]], user: Any) -> list[dict[str, str]]:
    visible = []
    for label, name in items:
        rule = PAGE_RULES.get(name)
        if rule is None or not rule(user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        visible.append({"label": label, "url": url, "name": name})
    return visible


def nav_for(user: Any) -> dict[str, list[dict[str, str]]]:
    if not user.is_authenticated:
        return {"nav_items": [], "action_items": []}
    return {"nav_items": _visible(NAV_ITEMS, user), "action_items": _visible(ACTION_ITEMS, user)}

"""What this app offers the one search: adults by name, for those who may open them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from adults import access
from adults.models import Adult
from ttw_safeguarding.records import search


def adults_matching(user: Any, query: str) -> QuerySet[Adult]:
    """Adults an officer or the NSO may open whose name is like ``query``."""
    return search.name_search(
        access.adults_visible_to(user).only("code", "name", "date_of_birth"), query, name="name"
    )


def describe_adult(adult: Adult) -> str:
    born = f", born {adult.date_of_birth:%d %b %Y}" if adult.date_of_birth else ""
    return f"{adult.name}{born}"

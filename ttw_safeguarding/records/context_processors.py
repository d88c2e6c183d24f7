from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ttw_safeguarding.records.access import PAGE_RULES, role_names
from ttw_safeguarding.records.navigation import nav_for
from ttw_safeguarding.records.notifications import unread_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    context: dict[str, Any] = nav_for(user)
    if user.is_authenticated:
        context["user_roles"] = role_names(user)
        context["unread_notifications"] = unread_count(user)
        # The search box in the header, for those the search page admits.
        may_search = PAGE_RULES.get("search:results")
        context["may_search"] = bool(may_search and may_search(user))
    return context

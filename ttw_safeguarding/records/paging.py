from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, items: QuerySet | list, per_page: int = 25) -> dict[str, Any]:
    """Context for ``pagination.html``: the page and the query string without ``page``."""
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page_obj": Paginator(items, per_page).get_page(request.GET.get("page")),
        "query_without_page": query.urlencode(),
    }

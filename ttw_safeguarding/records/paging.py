from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(
    request: HttpRequest, items: QuerySet | list, per_page: int = 25, *, param: str = "page"
) -> dict[str, Any]:
    """Context for ``pagination.html``: the page and the query string without ``param``.

    ``param`` names the page number in the address, so that two lists on one page each
    turn their own pages.
    """
    query = request.GET.copy()
    query.pop(param, None)
    return {
        "page_obj": Paginator(items, per_page).get_page(request.GET.get(param)),
        "query_without_page": query.urlencode(),
        "page_param": param,
    }

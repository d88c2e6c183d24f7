"""Reads of the core for pages: what needs the NSO's attention."""

from __future__ import annotations

from typing import Any

from ttw_safeguarding.records import access
from ttw_safeguarding.records.models import WrittenReport

HOME_LIST_LENGTH = 10


def home_context(user: Any) -> dict[str, Any]:
    """Written reports that failed or are stuck, for the NSO's home page (P6.9).

    A report that is not made is a record the organisation cannot hand over; the NSO,
    who reviews every decision, sees each one until it is made.
    """
    if not access.can_review_decisions(user):
        return {}
    waiting = (
        WrittenReport.objects.needing_attention()
        .filter(decision__in=access.decisions_visible_to(user))
        .select_related("decision")
        .order_by("pending_since", "pk")
    )
    return {
        "reports_needing_attention_count": waiting.count(),
        "reports_needing_attention": list(waiting[:HOME_LIST_LENGTH]),
    }

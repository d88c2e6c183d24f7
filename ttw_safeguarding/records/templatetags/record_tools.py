"""``{% record_tools "adult" adult %}``: the links the apps offer on a record's page.

The record's own app draws its page; the apps that work on records of any kind (cases'
actions, for one) declare their links to the core (``pages.register_record_tool``), so a
page never names another app's URL.
"""

from __future__ import annotations

from typing import Any

from django import template

from ttw_safeguarding.records import pages

register = template.Library()


@register.inclusion_tag("records/_record_tools.html", takes_context=True)
def record_tools(context: Any, kind: str, record: Any) -> dict[str, Any]:
    return {"tools": pages.record_tools(kind, record, context["request"].user)}

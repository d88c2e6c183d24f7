"""``{% evidence_files "case" case %}``: the files on a record, for the pages of any app.

The record's own app draws its page; the core lists the files on it that the user may
see, and offers "Attach a file" to those who may attach one, so no app imports another.
"""

from __future__ import annotations

from typing import Any

from django import template

from ttw_safeguarding.records import access, evidence

register = template.Library()


@register.inclusion_tag("evidence/_files.html", takes_context=True)
def evidence_files(context: Any, kind: str, record: Any) -> dict[str, Any]:
    user = context["request"].user
    files = evidence.evidence_files_on(user, kind, record)
    corrected = {f.replaces_id for f in files if f.replaces_id is not None}
    return {
        "files": files,
        "corrected": corrected,
        "kind": kind,
        "record": record,
        "can_attach": access.can_manage_cases(user),
    }

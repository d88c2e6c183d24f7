"""What this app offers the one search (``ttw_safeguarding.records.search``).

Each source starts from this app's own ``*_visible_to(user)``: the search answers with
the records the user may open, and nothing says whether others exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cases import access
from cases.models import Case, CaseNote, Child
from ttw_safeguarding.records import search


def cases_matching(user: Any, query: str) -> QuerySet[Case]:
    """Cases the user may open whose reference contains ``query``."""
    return search.reference_search(access.cases_visible_to(user).only("code", "reference"), query)


def describe_case(case: Case) -> str:
    return f"Case {case.reference}"


def children_matching(user: Any, query: str) -> QuerySet[Child]:
    """Children an officer or the NSO may open, by name (typos and parts of names too, on
    PostgreSQL) or reference. Nobody else finds a child: whether TTW holds a record on a
    child is itself confidential."""
    return search.name_search(
        access.children_visible_to(user).only("code", "reference", "name", "date_of_birth"),
        query,
        name="name",
        reference="reference",
    )


def describe_child(child: Child) -> str:
    born = f", born {child.date_of_birth:%d %b %Y}" if child.date_of_birth else ""
    return f"{child.name} ({child.reference}){born}"


def notes_matching(user: Any, query: str) -> QuerySet[CaseNote]:
    """Officers' case notes, of the cases the user may open, whose text matches."""
    notes = access.case_notes_visible_to(user).filter(case__in=access.cases_visible_to(user))
    return search.text_search(
        notes.select_related("case").only(
            "code", "text", "written_at", "case__code", "case__reference"
        ),
        query,
        ("text",),
    )


def describe_note(note: CaseNote) -> str:
    return f"Note on case {note.case.reference}, {note.written_at:%d %b %Y}"

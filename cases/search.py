"""What this app offers the one search (``ttw_safeguarding.records.search``).

Each source starts from this app's own ``*_visible_to(user)``: the search answers with
the records the user may open, and nothing says whether others exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

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


DUPLICATES_SHOWN = 10


def likely_duplicates(user: Any, child: Child) -> list[Child]:
    """Other children on record who may be ``child``: the same date of birth and a similar
    name (trigram similarity on PostgreSQL, a shared word of the name on SQLite). Shown to
    officers and the NSO on the child's page; never a match the application acts on."""
    if child.date_of_birth is None:
        return []
    others = access.children_visible_to(user).filter(date_of_birth=child.date_of_birth)
    # A child already merged into another is part of that one: not offered again.
    others = others.exclude(pk=child.pk).filter(merged_into__isnull=True)
    found: QuerySet[Any]
    if search.is_postgresql():
        from django.contrib.postgres.search import TrigramSimilarity

        found = (
            others.filter(name__trigram_similar=child.name)
            .annotate(similarity=TrigramSimilarity("name", child.name))
            .order_by("-similarity", "reference")
        )
    else:
        words = [word for word in search.query_words(child.name) if len(word) >= 3]
        if not words:
            return []
        similar = Q()
        for word in words:
            similar |= Q(name__icontains=word)
        found = others.filter(similar).order_by("reference")
    return list(found.only("code", "reference", "name", "date_of_birth")[:DUPLICATES_SHOWN])

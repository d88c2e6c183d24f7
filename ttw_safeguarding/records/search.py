"""One search across the records: sources the apps declare, ranked, with the matching words.

Each app declares a ``SearchSource`` from its ``AppConfig.ready()``: what its records are
called, a function ``(user, query) -> QuerySet`` of the records of that kind the user may
open that match (built on the app's own ``*_visible_to(user)``, so its access module decides
and nothing else), and how a row is linked and described. The search page asks every
source and shows, for each, how many of the user's visible records match and the best of
them with a snippet: a record the user may not open is in no list, count or snippet.

Text is found with PostgreSQL's full-text search (``websearch_to_tsquery``, English) and
ranked with ``ts_rank``, through indexes the migrations make on PostgreSQL only; SQLite
finds the same fields with ``icontains`` on every word, ranked simply, and the snippet is
cut in Python. Either way the snippet is built so that only the highlight markup is trusted:
every other character is the record's text, escaped.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Expression, F, FloatField, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# How many rows of each source the page shows (the count says how many match in all).
ROWS_PER_SOURCE = 10
# How many matches are ranked and counted at most ("1,000 or more" beyond): the newest.
CANDIDATES = 1000
# A query longer than this is refused by the form; the words beyond it say nothing more.
QUERY_MAX_LENGTH = 200
# Words shown either side of the first match in a snippet cut in Python (SQLite).
SNIPPET_WORDS = 14

# The highlight markers a PostgreSQL headline wraps around matching words. They are chosen
# when the process starts, so no text typed into a record can forge one; the headline is
# split on them and everything between them escaped (see ``safe_headline``).
_START = "ttwhl" + secrets.token_hex(6) + "s"
_STOP = "ttwhl" + secrets.token_hex(6) + "e"


@dataclass(frozen=True)
class SearchHit:
    """One row of the results: what the record is, where it opens, why it matched."""

    title: str
    url: str
    snippet: SafeString
    rank: float


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: str
    order: int
    # (user, query) -> the matching records the user may open, best first, each annotated
    # with ``search_rank`` and ``search_headline`` (see ``text_search``)
    find: Callable[[Any, str], QuerySet[Any]]
    # the path of a record's own page, for ``user``
    url: Callable[[Any], str]
    # how a record is named to a person ("Case CASE-2026-0003")
    describe: Callable[[Any], str]
    # who may use this source at all (others are not asked: no query, no count)
    may_search: Callable[[Any], bool] = field(default=lambda user: True)


@dataclass
class SourceResults:
    source: SearchSource
    count: int
    hits: list[SearchHit]

    @property
    def more_than_counted(self) -> bool:
        return self.count >= CANDIDATES


_sources: dict[str, SearchSource] = {}


def register_search_source(source: SearchSource) -> None:
    """Declare a source (once; a different declaration under one key is an error)."""
    known = _sources.get(source.key)
    if known is not None and known != source:
        raise ImproperlyConfigured(f"Search source {source.key!r} declared twice.")
    _sources[source.key] = source


def search_sources() -> list[SearchSource]:
    return sorted(_sources.values(), key=lambda source: source.order)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


# --- the query's words --------------------------------------------------------------

_WORD = re.compile(r"[\w][\w'\-/.]*", re.UNICODE)


def query_words(query: str) -> list[str]:
    """The words of ``query`` the SQLite path looks for (operators and quotes dropped)."""
    words = []
    for match in _WORD.finditer(query):
        word = match.group(0).strip("'-/.")
        if word and word.lower() not in {"or", "and", "not"} and word not in words:
            words.append(word)
    return words[:12]


# --- finding text -------------------------------------------------------------------


def _concatenated(fields: Sequence[str]) -> Expression:
    parts: list[Any] = []
    for name in fields:
        if parts:
            parts.append(Value(" … "))
        parts.append(Coalesce(F(name), Value(""), output_field=TextField()))
    if len(parts) == 1:
        return parts[0]
    return Concat(*parts, output_field=TextField())


def text_search(
    qs: QuerySet[Any],
    query: str,
    fields: Sequence[str],
    *,
    vector: Expression | None = None,
) -> QuerySet[Any]:
    """The rows of ``qs`` whose ``fields`` match ``query``, best first.

    Each row carries ``search_rank`` and ``search_headline`` (the matching passage, with
    the sentinels ``safe_headline`` turns into highlights on PostgreSQL; raw text on
    SQLite, cut by ``python_snippet``). ``vector``: the stored or indexed tsvector of the
    fields on PostgreSQL (what the index covers), by default one built from ``fields``.
    """
    if is_postgresql():
        from django.contrib.postgres.search import (
            SearchHeadline,
            SearchQuery,
            SearchRank,
            SearchVector,
        )

        tsquery = SearchQuery(query, search_type="websearch", config="english")
        tsvector = vector if vector is not None else SearchVector(*fields, config="english")
        # A common word matches most records: only the newest CANDIDATES of the matches
        # are ranked (and counted), so a search costs the same whatever the table holds.
        candidates = (
            qs.alias(search_match=tsvector)
            .filter(search_match=tsquery)
            .order_by("-pk")
            .values("pk")[:CANDIDATES]
        )
        return (
            qs.filter(pk__in=candidates)
            .annotate(
                search_rank=SearchRank(tsvector, tsquery),
                search_headline=SearchHeadline(
                    _concatenated(fields),
                    tsquery,
                    config="english",
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-search_rank", "-pk")
        )
    words = query_words(query)
    if not words:
        return qs.none()
    matches = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        matches &= any_field
    return (
        qs.filter(matches)
        .annotate(
            search_rank=Value(1.0, output_field=FloatField()),
            search_headline=_concatenated(fields),
        )
        .order_by("-pk")
    )


def safe_headline(headline: str) -> SafeString:
    """A PostgreSQL headline as HTML: the highlighted words in ``<mark>``, all else escaped."""
    pieces = headline.split(_START)
    out: list[str] = [escape(pieces[0].replace(_STOP, ""))]
    for piece in pieces[1:]:
        marked, _, rest = piece.partition(_STOP)
        out.append(f"<mark>{escape(marked)}</mark>{escape(rest.replace(_STOP, ''))}")
    return mark_safe("".join(out))  # noqa: S308 - every piece of record text is escaped


def python_snippet(text: str, query: str) -> SafeString:
    """A passage of ``text`` around the first word of ``query``, matches in ``<mark>``,
    every character of the text escaped (the SQLite path)."""
    words = query_words(query)
    if not text or not words:
        return mark_safe("")
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    tokens = text.split()
    if first is not None:
        before = len(text[: first.start()].split())
        start = max(0, before - SNIPPET_WORDS // 2)
    else:
        start = 0
    passage = " ".join(tokens[start : start + SNIPPET_WORDS * 2])
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + SNIPPET_WORDS * 2 < len(tokens) else ""
    out: list[str] = []
    last = 0
    for match in pattern.finditer(passage):
        out.append(escape(passage[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(passage[last:]))
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - text escaped


def snippet_for(row: Any, query: str) -> SafeString:
    """The snippet of a row ``text_search`` returned."""
    headline = getattr(row, "search_headline", "") or ""
    if is_postgresql():
        return safe_headline(headline)
    return python_snippet(headline, query)


# --- the search ---------------------------------------------------------------------


def search_for(user: Any, query: str) -> list[SourceResults]:
    """Every source's matches for ``user``: a count and the best rows, visible ones only."""
    results = []
    for source in search_sources():
        if not source.may_search(user):
            continue
        found = source.find(user, query)
        rows = list(found[:ROWS_PER_SOURCE])
        # Always counted, so the page makes the same queries however many match, and
        # counted up to CANDIDATES, so a common word costs no more than a rare one. The
        # count selects keys only, unordered: no rank or snippet is made for it.
        count = found.order_by().values("pk")[:CANDIDATES].count()
        hits = [
            SearchHit(
                title=source.describe(row),
                url=source.url(row),
                # P6.6: a restricted record's text is read on its page, where the
                # reason for opening it is asked and logged; the list only names it.
                snippet=(
                    mark_safe(escape(RESTRICTED_SNIPPET))  # noqa: S308 - escaped
                    if getattr(row, "is_restricted", False)
                    else snippet_for(row, query)
                ),
                rank=float(getattr(row, "search_rank", 0.0) or 0.0),
            )
            for row in rows
        ]
        results.append(SourceResults(source=source, count=count, hits=hits))
    return results


# --- the core's own source: the text of every decision ------------------------------

DECISION_FIELDS = ("outcome", "facts", "professional_opinion", "reason")
RESTRICTED_SNIPPET = "Restricted record (P6.6): open it to read it; the reason you give is logged."


class StoredColumn(Expression):
    """A column the database keeps that the model does not declare (a generated tsvector),
    of the query's own table, under whatever alias the query gives it (a subquery's too)."""

    def __init__(self, column: str, output_field: Any, alias: str | None = None) -> None:
        super().__init__(output_field=output_field)
        self.column = column
        self.alias = alias

    def resolve_expression(self, query: Any = None, *args: Any, **kwargs: Any) -> StoredColumn:
        resolved = self.copy()
        resolved.alias = query.get_initial_alias() if query is not None else None
        return resolved

    def relabeled_clone(self, change_map: Mapping[str, str]) -> StoredColumn:
        clone = self.copy()
        if clone.alias is not None:
            clone.alias = change_map.get(clone.alias, clone.alias)
        return clone

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        # The parameters as a list, as the expressions around it add theirs to it.
        alias = compiler.quote_name_unless_alias(self.alias)
        return f"{alias}.{connection.ops.quote_name(self.column)}", []


def _decision_vector() -> Expression:
    """The stored, indexed tsvector of a decision's text (migration 0016, PostgreSQL)."""
    from django.contrib.postgres.search import SearchVectorField

    return StoredColumn("search_vector", SearchVectorField())


def decisions_matching(user: Any, query: str) -> QuerySet[Any]:
    """Decisions ``user`` may see (``access.decisions_visible_to``: restricted ones only for
    the NSO and those named on them, P6.6) whose text matches ``query``."""
    from ttw_safeguarding.records import access

    vector = _decision_vector() if is_postgresql() else None
    return text_search(
        access.decisions_visible_to(user).only(
            "code", "kind", "recorded_at", "is_restricted", *DECISION_FIELDS
        ),
        query,
        DECISION_FIELDS,
        vector=vector,
    )


def describe_decision(decision: Any) -> str:
    from ttw_safeguarding.records.models import decision_models

    model = decision_models().get(decision.kind)
    label = model.LABEL if model is not None else "Decision"
    return f"{label} {decision.short_code}, recorded {decision.recorded_at:%d %b %Y}"


# --- names and references -----------------------------------------------------------


def name_search(
    qs: QuerySet[Any],
    query: str,
    *,
    name: str = "name",
    reference: str | None = None,
) -> QuerySet[Any]:
    """The rows of ``qs`` whose ``name`` is like ``query`` (typos and parts of names too,
    by trigram similarity on PostgreSQL) or whose ``reference`` contains it, best first.

    SQLite has no trigrams: every word of the query must be in the name (or the reference).
    """
    if is_postgresql():
        from django.contrib.postgres.search import TrigramWordSimilarity

        matches = Q(**{f"{name}__trigram_word_similar": query}) | Q(**{f"{name}__icontains": query})
        if reference is not None:
            matches |= Q(**{f"{reference}__contains": query.strip().upper()})
        return (
            qs.filter(matches)
            .annotate(
                search_rank=TrigramWordSimilarity(query, name),
                search_headline=Value(""),
            )
            .order_by("-search_rank", "-pk")
        )
    words = query_words(query)
    if not words:
        return qs.none()
    matches = Q()
    for word in words:
        one = Q(**{f"{name}__icontains": word})
        if reference is not None:
            one |= Q(**{f"{reference}__icontains": word})
        matches &= one
    return (
        qs.filter(matches)
        .annotate(search_rank=Value(1.0, output_field=FloatField()), search_headline=Value(""))
        .order_by("-pk")
    )


def reference_search(
    qs: QuerySet[Any], query: str, *, reference: str = "reference"
) -> QuerySet[Any]:
    """The rows of ``qs`` whose ``reference`` contains ``query`` (an exact one first)."""
    from django.db.models import Case, When

    term = query.strip().strip('"').strip()
    if not term:
        return qs.none()
    # References are written in capitals (``CASE-2026-0003``): matched as such, so the
    # trigram index on the column serves a part of one as well as the whole.
    term = term.upper()
    return (
        qs.filter(**{f"{reference}__contains": term})
        .annotate(
            search_rank=Case(
                When(**{reference: term}, then=Value(1.0)),
                default=Value(0.5),
                output_field=FloatField(),
            ),
            search_headline=Value(""),
        )
        .order_by("-search_rank", f"-{reference}")
    )

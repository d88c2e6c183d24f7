"""What apps contribute to the core's pages: home panels, decision-page parts, clauses.

Each app registers from its ``AppConfig.ready()``. The core draws the home page and the
decision page (and its written report) from what is registered here, so it never imports
an app or the policy.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol


class HomePanel(Protocol):
    """Context a home page panel adds for ``user`` (empty when the user sees none of it)."""

    def __call__(self, user: Any) -> dict[str, Any]: ...


class ClauseDescriber(Protocol):
    """The policy clauses named by a decision's ``clauses``, described for its page and report."""

    def __call__(self, clauses: list[str] | tuple[str, ...], /) -> list[Any]: ...


class DecisionPagePart(Protocol):
    """What a decision type adds to its decision page for ``user`` (related records, actions)."""

    def __call__(self, decision: Any, user: Any, /) -> dict[str, Any]: ...


class SubjectDescriber(Protocol):
    """Who and where a decision is about (its case's child and club), as labelled rows for
    its written report's header; none for a decision about no child."""

    def __call__(self, decision: Any, /) -> list[tuple[str, Any]]: ...


class RecordTool(Protocol):
    """A link an app offers on any record's page (``kind`` as in ``record_kinds``), or None
    for a user who may not use it: e.g. cases' "Add an action"."""

    def __call__(self, kind: str, record: Any, user: Any, /) -> tuple[str, str] | None: ...


HOME_PANELS: list[HomePanel] = []
_record_tools: list[RecordTool] = []
_subject_describers: list[SubjectDescriber] = []
_page_parts: dict[type, DecisionPagePart] = {}
_clause_describers: list[ClauseDescriber] = []


def register_home_panel(panel: HomePanel) -> None:
    """Add ``panel`` to the home page, after those already registered."""
    if panel not in HOME_PANELS:
        HOME_PANELS.append(panel)


def home_context(user: Any) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for panel in HOME_PANELS:
        context.update(panel(user))
    return context


def register_decision_page_part(models: Iterable[type], part: DecisionPagePart) -> None:
    """Declare what the decision page of each of ``models`` (and their subclasses) adds."""
    for model in models:
        _page_parts[model] = part


def decision_page_context(decision: Any, user: Any) -> dict[str, Any]:
    """The part registered for the decision's type, or nothing."""
    for model in type(decision).__mro__:
        part = _page_parts.get(model)
        if part is not None:
            return part(decision, user)
    return {}


def register_clause_describer(describer: ClauseDescriber) -> None:
    """Declare how decisions' clauses are described (the policy's own descriptions)."""
    _clause_describers[:] = [describer]


def clauses_described(clauses: list[str] | tuple[str, ...]) -> list[Any]:
    """P6.9: the clauses a decision rests on, as its page and written report show them."""
    if not _clause_describers:
        return []
    return _clause_describers[0](clauses)


def register_subject_describer(describer: SubjectDescriber) -> None:
    """Declare how a written report names who and where its decision is about."""
    _subject_describers[:] = [describer]


def subject_described(decision: Any) -> list[tuple[str, Any]]:
    """The rows naming the child and club ``decision`` is about; none if it is about none."""
    if not _subject_describers:
        return []
    return _subject_describers[0](decision)


def register_record_tool(tool: RecordTool) -> None:
    """Offer ``tool``'s link on the pages of every kind of record (once)."""
    if tool not in _record_tools:
        _record_tools.append(tool)


def record_tools(kind: str, record: Any, user: Any) -> list[tuple[str, str]]:
    """The (label, path) links the apps offer ``user`` on ``record``'s page."""
    return [link for tool in _record_tools if (link := tool(kind, record, user)) is not None]

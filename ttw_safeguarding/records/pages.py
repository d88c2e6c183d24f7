"""What apps contribute to the core's pages: home panels and the clauses a decision rests on.

Each app registers from its ``AppConfig.ready()``. The core draws the home page and the
decision page (and its written report) from what is registered here, so it never imports
an app or the policy.
"""

from __future__ import annotations

from typing import Any, Protocol


class HomePanel(Protocol):
    """Context a home page panel adds for ``user`` (empty when the user sees none of it)."""

    def __call__(self, user: Any) -> dict[str, Any]: ...


class ClauseDescriber(Protocol):
    """The policy clauses named by a decision's ``clauses``, described for its page and report."""

    def __call__(self, clauses: list[str] | tuple[str, ...], /) -> list[Any]: ...


HOME_PANELS: list[HomePanel] = []
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


def register_clause_describer(describer: ClauseDescriber) -> None:
    """Declare how decisions' clauses are described (the policy's own descriptions)."""
    _clause_describers[:] = [describer]


def clauses_described(clauses: list[str] | tuple[str, ...]) -> list[Any]:
    """P6.9: the clauses a decision rests on, as its page and written report show them."""
    if not _clause_describers:
        return []
    return _clause_describers[0](clauses)

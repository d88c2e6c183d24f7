"""What every family of rules shares: the problem a rule reports, and the decision outcomes."""

from __future__ import annotations

from dataclasses import dataclass

SHARE = "share"
NO_SHARE = "no_share"

# P6.11, for every kind of decision.
REASON_REQUIRED = "P6.11: record the reason for this decision, whether to share or not to share."
DATE_IN_FUTURE = "P6.11: the date cannot be in the future."


@dataclass(frozen=True)
class Problem:
    clause: str
    field: str  # the form field the message belongs to ("" for the whole form)
    message: str


@dataclass(frozen=True)
class Evaluation:
    clauses: tuple[str, ...]  # the clauses the decision rests on, in policy order
    problems: tuple[Problem, ...]  # what is missing or refused; empty when it may be recorded

    @property
    def ok(self) -> bool:
        return not self.problems


def blank(text: str) -> bool:
    return not (text or "").strip()

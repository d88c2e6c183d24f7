"""The trustees' report: small numbers hidden, so that no child can be identified.

A figure of 1 to 4 in the trustees' report is shown as "fewer than 5": a count that small, with
a club, a region or a category beside it, can point at one child. A figure of 0 is shown as 0:
nobody can be identified from nobody, and "fewer than 5" for a 0 would tell the trustees that
something happened when nothing did. The NSO's own statistics page shows exact numbers (the NSO
sees every record behind them); only what leaves for the trustees is suppressed.

A share (a percentage) is shown only when neither its part, nor the rest, nor the whole is
suppressed: "33%" of 3 would give the 1 away, and "11%" beside "8 late" the 1 in time.

This is suppression of each small figure on its own. A small figure can still be worked out
from two others the report shows (a total less the rows shown above it); the report names no
child, but its reader should be told so, which the report's note does.

Whether a concern was triaged in time, and its written report and review, are the policy's own
rules (``triage_overdue``, ``written_report_overdue``, ``review_overdue``), asked on the day the
thing was done: done in time is "not overdue on the day it was done".
"""

from __future__ import annotations

SUPPRESSION_THRESHOLD = 5
FEWER_THAN = f"fewer than {SUPPRESSION_THRESHOLD}"


def is_suppressed(count: int) -> bool:
    """A count the trustees' report does not show: 1 to 4 (0 is shown)."""
    return 0 < count < SUPPRESSION_THRESHOLD


def suppressed(count: int) -> str:
    """A count as the trustees' report shows it: "fewer than 5" for 1 to 4, else the number."""
    if count < 0:
        raise ValueError("a count is never negative")
    return FEWER_THAN if is_suppressed(count) else str(count)


def percentage(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` as a whole percentage (rounded half up); None of nothing."""
    if whole <= 0:
        return None
    return (200 * part + whole) // (2 * whole)


def suppressed_percentage(part: int, whole: int) -> str:
    """A share as the trustees' report shows it: none of nothing, and none when the part, the
    rest or the whole is 1 to 4 (the share would tell the small number)."""
    share = percentage(part, whole)
    if share is None or any(is_suppressed(n) for n in (part, whole - part, whole)):
        return ""
    return f"{share}%"

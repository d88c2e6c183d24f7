"""Merging two records of one child into one.

A merge is an officer's decision, recorded with its reason (P6.11), never a match the
application makes by itself: two children can share a name and a date of birth. The merged
child's cases then show under the child kept; nothing is deleted or re-pointed.
"""

from __future__ import annotations

from .base import REASON_REQUIRED, Problem, blank

CHILD_MERGE_SAME_CHILD = "A record cannot be merged into itself: choose another child."
CHILD_MERGE_ALREADY_MERGED = (
    "This child's record is already merged into another one: merge into the one it is part of."
)
CHILD_MERGE_KEEP_MERGED = (
    "The child to keep is already merged into another record: keep the one it is part of."
)


def child_merge_problems(
    *,
    same_child: bool,
    merged_is_merged: bool,
    keep_is_merged: bool,
    reason: str,
) -> list[Problem]:
    """What stops the merge of one child's record (``merged``) into another's (``keep``)."""
    problems: list[Problem] = []
    if same_child:
        problems.append(Problem("P6.11", "keep", CHILD_MERGE_SAME_CHILD))
    if merged_is_merged:
        problems.append(Problem("P6.11", "", CHILD_MERGE_ALREADY_MERGED))
    if keep_is_merged:
        problems.append(Problem("P6.11", "keep", CHILD_MERGE_KEEP_MERGED))
    if blank(reason):
        problems.append(Problem("P6.11", "reason", REASON_REQUIRED))
    return problems

"""Merging two records of one child into one (the rule: ``record_merge``)."""

from __future__ import annotations

from .base import Problem
from .record_merge import ALREADY_MERGED, KEEP_MERGED, SAME_RECORD, merge_problems

CHILD = "child"
CHILD_MERGE_SAME_CHILD = SAME_RECORD.format(noun=CHILD)
CHILD_MERGE_ALREADY_MERGED = ALREADY_MERGED.format(noun=CHILD)
CHILD_MERGE_KEEP_MERGED = KEEP_MERGED.format(noun=CHILD)


def child_merge_problems(
    *, same_child: bool, merged_is_merged: bool, keep_is_merged: bool, reason: str
) -> list[Problem]:
    """What stops the merge of one child's record (``merged``) into another's (``keep``)."""
    return merge_problems(
        noun=CHILD,
        same_record=same_child,
        merged_is_merged=merged_is_merged,
        keep_is_merged=keep_is_merged,
        reason=reason,
    )

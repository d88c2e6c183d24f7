"""Merging two records of one person into one: a child's, or an adult's.

A merge is an officer's decision, recorded with its reason (P6.11), never a match the
application makes by itself: two people can share a name and a date of birth. The merged
record's cases then show under the record kept; nothing is deleted or re-pointed. The rule
is the same whoever the records are of; only the word for them differs.
"""

from __future__ import annotations

from .base import REASON_REQUIRED, Problem, blank

SAME_RECORD = "A record cannot be merged into itself: choose another {noun}."
ALREADY_MERGED = (
    "This {noun}'s record is already merged into another one: merge into the one it is part of."
)
KEEP_MERGED = (
    "The {noun} to keep is already merged into another record: keep the one it is part of."
)


def merge_problems(
    *,
    noun: str,
    same_record: bool,
    merged_is_merged: bool,
    keep_is_merged: bool,
    reason: str,
) -> list[Problem]:
    """What stops the merge of one record (``merged``) into another (``keep``) of one person."""
    problems: list[Problem] = []
    if same_record:
        problems.append(Problem("P6.11", "keep", SAME_RECORD.format(noun=noun)))
    if merged_is_merged:
        problems.append(Problem("P6.11", "", ALREADY_MERGED.format(noun=noun)))
    if keep_is_merged:
        problems.append(Problem("P6.11", "keep", KEEP_MERGED.format(noun=noun)))
    if blank(reason):
        problems.append(Problem("P6.11", "reason", REASON_REQUIRED))
    return problems

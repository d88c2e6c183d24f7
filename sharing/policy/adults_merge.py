"""Merging two records of one adult subject to an allegation into one person.

A merge is an officer's decision, recorded with its reason (P6.11), never a match the
application makes by itself: two people can share a name and a date of birth.
"""

from __future__ import annotations

from .base import REASON_REQUIRED, Problem, blank

MERGE_SAME_PERSON = "A record cannot be merged into itself: choose another person."
MERGE_ALREADY_MERGED = (
    "This person's record is already merged into another one: merge into the one it is part of."
)
MERGE_KEEP_MERGED = (
    "The person to keep is already merged into another record: keep the one it is part of."
)


def adult_merge_problems(
    *,
    same_person: bool,
    merged_is_merged: bool,
    keep_is_merged: bool,
    reason: str,
) -> list[Problem]:
    """What stops the merge of one adult's record (``merged``) into another's (``keep``)."""
    problems: list[Problem] = []
    if same_person:
        problems.append(Problem("P6.11", "keep", MERGE_SAME_PERSON))
    if merged_is_merged:
        problems.append(Problem("P6.11", "", MERGE_ALREADY_MERGED))
    if keep_is_merged:
        problems.append(Problem("P6.11", "keep", MERGE_KEEP_MERGED))
    if blank(reason):
        problems.append(Problem("P6.11", "reason", REASON_REQUIRED))
    return problems

"""Merging two records of one adult subject to an allegation into one person (the rule:
``record_merge``)."""

from __future__ import annotations

from .base import Problem
from .record_merge import ALREADY_MERGED, KEEP_MERGED, SAME_RECORD, merge_problems

PERSON = "person"
MERGE_SAME_PERSON = SAME_RECORD.format(noun=PERSON)
MERGE_ALREADY_MERGED = ALREADY_MERGED.format(noun=PERSON)
MERGE_KEEP_MERGED = KEEP_MERGED.format(noun=PERSON)


def adult_merge_problems(
    *, same_person: bool, merged_is_merged: bool, keep_is_merged: bool, reason: str
) -> list[Problem]:
    """What stops the merge of one adult's record (``merged``) into another's (``keep``)."""
    return merge_problems(
        noun=PERSON,
        same_record=same_person,
        merged_is_merged=merged_is_merged,
        keep_is_merged=keep_is_merged,
        reason=reason,
    )

"""Merging two records of one adult: each rule both ways."""

from __future__ import annotations

from sharing import policy

OK = {"same_person": False, "merged_is_merged": False, "keep_is_merged": False, "reason": "Same."}


def _messages(**facts: object) -> list[str]:
    return [p.message for p in policy.adult_merge_problems(**{**OK, **facts})]  # type: ignore[arg-type]


def test_two_records_not_yet_merged_may_be_merged_with_a_reason() -> None:
    assert _messages() == []


def test_a_record_is_not_merged_into_itself() -> None:
    assert _messages(same_person=True) == [policy.MERGE_SAME_PERSON]


def test_a_record_already_merged_is_not_merged_again() -> None:
    assert _messages(merged_is_merged=True) == [policy.MERGE_ALREADY_MERGED]


def test_the_kept_record_is_not_one_already_merged() -> None:
    assert _messages(keep_is_merged=True) == [policy.MERGE_KEEP_MERGED]


def test_a_merge_needs_its_reason() -> None:
    assert _messages(reason="  ") == [policy.REASON_REQUIRED]

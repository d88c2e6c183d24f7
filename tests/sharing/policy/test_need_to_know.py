"""P6.6, the pure statement: who sees a restricted record and who a record about one names."""

from __future__ import annotations

from sharing import policy


def test_the_nso_sees_every_restricted_record_and_others_only_those_naming_them() -> None:
    assert policy.may_see_restricted(sees_every_restricted_record=True, named_on_it=False)
    assert policy.may_see_restricted(sees_every_restricted_record=False, named_on_it=True)
    assert not policy.may_see_restricted(sees_every_restricted_record=False, named_on_it=False)


def test_only_a_restricted_record_asks_for_a_reason() -> None:
    assert policy.reason_required_to_open(is_restricted=True)
    assert not policy.reason_required_to_open(is_restricted=False)


def test_a_new_record_names_its_recorder_first_and_everyone_once() -> None:
    assert policy.named_on_new_record(1, []) == [1]
    assert policy.named_on_new_record(1, [2, 1, 3, 2]) == [1, 2, 3]


def test_a_record_about_a_restricted_record_names_the_same_people() -> None:
    assert policy.inherited_names([2, 3]) == [2, 3]
    assert policy.inherited_names([2, 3], recorder=4) == [2, 3, 4]
    assert policy.inherited_names([2, 3], recorder=3) == [2, 3]


def test_a_record_about_one_not_restricted_names_nobody() -> None:
    assert policy.inherited_names([]) == []
    assert policy.inherited_names([], recorder=4) == []

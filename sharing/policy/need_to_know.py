"""P6.6: outcomes of internal disciplinary investigations are shared strictly need-to-know.

The pure statement of the rule. The access mechanism of the record core carries it out
over the database (``ttw_safeguarding.records.need_to_know``: which rows a user may read,
who a record inherits, the reason asked before one opens), and its tests check that it
answers as these functions do. People are compared by whatever identifies them (a key).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

P = TypeVar("P", bound=Hashable)


def may_see_restricted(*, sees_every_restricted_record: bool, named_on_it: bool) -> bool:
    """A restricted record is seen by the NSO (who sees every one) and the people named on it."""
    if sees_every_restricted_record:
        return True
    return named_on_it


def reason_required_to_open(*, is_restricted: bool) -> bool:
    """Opening a restricted record asks why; the reason is logged with the read."""
    return is_restricted


def named_on_new_record(recorder: P, named: Iterable[P]) -> list[P]:
    """Who a new restricted record names: its recorder first, then everyone else named once.

    The recorder is always named, so the record is restricted even when nobody else
    needs to know.
    """
    people = [recorder]
    for person in named:
        if person not in people:
            people.append(person)
    return people


def inherited_names(named_on_original: Iterable[P], *, recorder: P | None = None) -> list[P]:
    """Who a record about a restricted record names: the same people (a correction, a record
    answering it). ``recorder``, when given, is named too if not already, so whoever records
    a decision resting on it keeps sight of their own record. Nobody, for an original that is
    not restricted (it names nobody)."""
    people = list(dict.fromkeys(named_on_original))
    if not people:
        return []
    if recorder is not None and recorder not in people:
        people.append(recorder)
    return people

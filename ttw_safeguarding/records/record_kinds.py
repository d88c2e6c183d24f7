"""Kinds of record other records may be attached to (actions, evidence files).

An action or an evidence file belongs to one record of some app: a case, a decision
(a concern, a statutory record), an adult's record. The core cannot import those
apps, so each app declares its kinds here from its ``AppConfig.ready()``: what the
kind is called, how a user's view of one record is found (a 404 for a record the
user may not see, exactly as the record's own page answers) and where it is shown.
The core then stores a reference as ``(kind key, record code)`` and asks the kind
for the record each time, so access is decided by the owning app, once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.http import Http404


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: str
    # the record with ``code`` as ``user`` may see it; Http404 otherwise
    for_user: Callable[[Any, Any], Any]
    # every record of the kind ``user`` may see (lists, counts, search)
    visible_to: Callable[[Any], QuerySet[Any]]
    # the path of the record's own page
    url: Callable[[Any], str]
    # how the record is named to a person ("Case CASE-2026-0003")
    describe: Callable[[Any], str]


_kinds: dict[str, RecordKind] = {}


def register_record_kind(kind: RecordKind) -> None:
    """Declare a kind (once; a different declaration under one key is an error)."""
    known = _kinds.get(kind.key)
    if known is not None and known != kind:
        raise ImproperlyConfigured(f"Record kind {kind.key!r} declared twice.")
    _kinds[kind.key] = kind


def record_kinds() -> dict[str, RecordKind]:
    return dict(_kinds)


def record_kind(key: str) -> RecordKind:
    """The kind called ``key``; a 404 for a key no app declared (it came from a URL)."""
    try:
        return _kinds[key]
    except KeyError as exc:
        raise Http404("No such record") from exc


def record_for_user(user: Any, key: str, code: Any) -> tuple[RecordKind, Model]:
    """The record ``(key, code)`` as ``user`` may see it, with its kind; 404 otherwise."""
    kind = record_kind(key)
    return kind, kind.for_user(user, code)

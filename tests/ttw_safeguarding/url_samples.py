"""Example URLs for every URL name, for tests that walk the whole URLconf."""

from __future__ import annotations

import uuid

from django.urls import NoReverseMatch, reverse

# A code that belongs to no record.
UNKNOWN = uuid.UUID("00000000-0000-4000-8000-000000000000")


def sample_url(name: str) -> str:
    """Reverse ``name``, with a code that belongs to no record where it takes one."""
    try:
        return reverse(name)
    except NoReverseMatch:
        pass
    try:
        return reverse(name, kwargs={"code": UNKNOWN})
    except NoReverseMatch:
        # evidence files: a page about a record of some kind (records.record_kinds)
        return reverse(name, kwargs={"kind": "case", "code": UNKNOWN})

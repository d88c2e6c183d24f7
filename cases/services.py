"""Writes for the cases app."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cases.models import ReferenceCounter


@transaction.atomic
def reference_next(*, prefix: str) -> str:
    """The next reference for ``prefix`` this year, e.g. ``C-2026-0042``."""
    year = timezone.localdate().year
    counter, _ = ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
    # Lock the counter row so two writers never issue the same number.
    counter = ReferenceCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}-{year}-{counter.last:04d}"

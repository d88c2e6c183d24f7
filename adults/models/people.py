"""Adults subject to an allegation, as people: one record per adult across cases and clubs.

A case's line about an adult (``cases.AdultSubjectToAllegation``) points at the person it
is about, so the same coach in two cases, or at two clubs, is one person with one timeline.
Two records found to be one person are merged by an officer's decision (``AdultMerge``):
nothing is re-pointed, the kept person's timeline takes in the merged person's records.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ttw_safeguarding.records.models import Decision

# What a role without a club is at.
TTW_ITSELF = "TTW"


class Adult(models.Model):
    """A person against whom an allegation has been made (P6.3, P6.6, P6.7)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    # Often not known when an allegation is first made.
    date_of_birth = models.DateField(null=True, blank=True)
    # P6.3: other roles with children that are known (other clubs, schools, groups).
    other_roles_with_children = models.TextField("other roles with children known", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["name", "created_at"]
        indexes = [models.Index(fields=["name"], name="adult_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def described(self) -> str:
        """Name, date of birth and a short code: enough to tell two people of one name apart."""
        born = f", born {self.date_of_birth:%d %b %Y}" if self.date_of_birth else ""
        return f"{self.name}{born} ({str(self.code).split('-')[0].upper()})"

    def url_after_recording(self) -> str:
        return reverse("adults:detail", args=[self.code])


class AdultRole(models.Model):
    """A role the adult holds, or held, in TTW itself (no club) or at a club."""

    class Role(models.TextChoices):
        COACH = "coach", "Coach"
        VOLUNTEER = "volunteer", "Volunteer"
        OFFICIAL = "official", "Official"
        STAFF = "staff", "Staff"
        CONTRACTOR = "contractor", "Contractor"

    adult = models.ForeignKey(Adult, on_delete=models.PROTECT, related_name="roles")
    club = models.ForeignKey(
        "clubs.Club", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    started_on = models.DateField("from", null=True, blank=True)
    ended_on = models.DateField("to", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="adult_role_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.where}"

    @property
    def where(self) -> str:
        return self.club.name if self.club_id else TTW_ITSELF  # type: ignore[union-attr]

    def url_after_recording(self) -> str:
        return reverse("adults:detail", args=[self.adult.code])


class AdultMerge(Decision):
    """An officer's decision that two records are one person: ``merged`` is part of ``keep``
    from then on. Never edited; nothing is re-pointed (the timeline follows the merge)."""

    KIND = "adult_merge"
    LABEL = "Merge of two records of one adult"
    DEFAULT_CLAUSES = ("P6.11",)

    keep = models.ForeignKey(Adult, on_delete=models.PROTECT, related_name="merges_kept")
    # A person is merged into another once.
    merged = models.OneToOneField(Adult, on_delete=models.PROTECT, related_name="merged_into")

    def report_context(self) -> dict:
        return {
            "rows": [
                ("Kept", self.keep.described),
                ("Merged into it", self.merged.described),
            ]
        }

    def url_after_recording(self) -> str:
        return reverse("adults:detail", args=[self.keep.code])

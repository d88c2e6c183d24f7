"""Low-level concerns about an adult: behaviour short of the harm threshold (WSP5).

Kept apart from allegations: a low-level concern names no case and is never on a case's
pages. It is recorded by an officer, the NSO, or a club's or region's welfare officer for
their clubs. A welfare officer sees no adult's record, so they name the adult as they know
them (name, date of birth, role); an officer links the concern to the person's record, by a
recorded decision (``LowLevelConcernLink``) or at once when the officer records it.

When an adult's low-level concerns, across every club and every record merged into the
person, reach the pattern the policy sets (``sharing.policy.low_level_pattern_reached``),
the National Safeguarding Officer is alerted: the alert is a record of its own
(``LowLevelPatternAlert``), raised once each time the count crosses the threshold.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone

from adults.models.people import TTW_ITSELF, Adult, AdultRole
from sharing import policy
from ttw_safeguarding.records.db import append_only_record
from ttw_safeguarding.records.models import Decision


class LowLevelConcern(Decision):
    """Behaviour towards children inconsistent with the code of conduct, short of the
    harm threshold of an allegation (WSP5). Facts and opinion apart (P6.10)."""

    KIND = "low_level_concern"
    LABEL = "Low-level concern about an adult"
    DEFAULT_CLAUSES = ("WSP5", "P6.10", "P6.11")

    class Category(models.TextChoices):
        BOUNDARIES = "boundaries", "Personal boundaries (contact, favouritism, gifts)"
        PRIVATE_CONTACT = "private_contact", "Private messages or contact with a junior"
        LANGUAGE = "language", "Language or humour"
        CONDUCT = "conduct", "Other conduct short of harm"
        # Offered so that choosing it is refused with the reason (WSP5, SOA22A).
        POSITION_OF_TRUST = policy.CATEGORY_POSITION_OF_TRUST, policy.POSITION_OF_TRUST_LABEL

    decision_ptr = models.OneToOneField(
        Decision,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="as_low_level_concern",
    )
    # The adult as the person recording knows them; a welfare officer sees no adult record.
    adult_name = models.CharField("the adult's name", max_length=200)
    adult_date_of_birth = models.DateField("the adult's date of birth", null=True, blank=True)
    adult_role = models.CharField(
        "the adult's role", max_length=12, choices=AdultRole.Role.choices, blank=True
    )
    # The person's record, when an officer records it (otherwise LowLevelConcernLink).
    person = models.ForeignKey(
        Adult,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="low_level_concerns",
        verbose_name="person's record",
    )
    # Where it happened: a club, or none for TTW itself.
    club = models.ForeignKey(
        "clubs.Club",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="club",
    )
    occurred_on = models.DateField("when it happened")
    category = models.CharField("what kind of behaviour", max_length=20, choices=Category.choices)
    # Recorded by a club's or region's welfare officer: their clubs' welfare officers see it.
    by_welfare_officer = models.BooleanField(default=False, editable=False)

    class Meta:
        indexes = [models.Index(fields=["occurred_on"], name="low_level_occurred")]

    @property
    def where(self) -> str:
        return self.club.name if self.club_id else TTW_ITSELF  # type: ignore[union-attr]

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                "adult_name",
                ("The adult's date of birth", self.adult_date_of_birth or "Not known"),
                "adult_role",
                ("Club", self.where),
                "occurred_on",
                "category",
            )
        }


class LowLevelConcernLink(Decision):
    """An officer's decision that a low-level concern is about a person on record."""

    KIND = "low_level_concern_link"
    LABEL = "Low-level concern linked to a person"
    DEFAULT_CLAUSES = ("WSP5", "P6.11")

    # A concern is linked once.
    concern = models.OneToOneField(
        LowLevelConcern, on_delete=models.PROTECT, related_name="link", verbose_name="concern"
    )
    person = models.ForeignKey(
        Adult, on_delete=models.PROTECT, related_name="low_level_links", verbose_name="person"
    )

    def report_context(self) -> dict:
        return {
            "rows": [
                ("Low-level concern", self.concern.short_code),
                ("Named as", self.concern.adult_name),
                ("Person's record", f"{self.person.name} ({str(self.person.code)[:8].upper()})"),
            ]
        }

    def url_after_recording(self) -> str:
        return reverse("decisions:detail", args=[self.concern.code])


@append_only_record
class LowLevelPatternAlert(models.Model):
    """The NSO alerted that a person's low-level concerns reached the pattern: raised by the
    concern (or its link) that crossed the threshold, in the same transaction."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Adult, on_delete=models.PROTECT, related_name="+")
    concern = models.OneToOneField(
        LowLevelConcern, on_delete=models.PROTECT, related_name="pattern_alert"
    )
    count = models.PositiveIntegerField()
    threshold = models.PositiveIntegerField()
    period_days = models.PositiveIntegerField()
    period_from = models.DateField()
    period_to = models.DateField()
    raised_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["raised_at", "pk"]

    def __str__(self) -> str:
        return f"Low-level pattern alert {self.code}"

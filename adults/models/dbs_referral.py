"""The DBS referral pack (Safeguarding Vulnerable Groups Act 2006 s.35; SVGA35).

A pack is started for a person by an officer or the NSO, linked to the decision that the
duty to refer applies (``sharing.DbsReferralDuty``) when one is on record. What the DBS
asks for (``sharing.policy.DBS_PACK_ITEMS``) is accounted for item by item: each change is
a new row (``DbsPackItem``), never an edit, and the latest row of an item is what counts.
The evidence list is likewise added to, row by row (``DbsPackEvidence``). When nothing is
left unaccounted for the pack is marked sent (``DbsReferralSent``, a decision carrying the
checklist, the evidence list and the person's dated chronology as they were sent: its
written report is the pack); the DBS's reference and outcome, when they come, are a second
decision (``DbsReferralOutcome``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from adults.models.people import Adult
from sharing import policy
from ttw_safeguarding.records.db import append_only_record
from ttw_safeguarding.records.models import Decision

ITEM_CHOICES = policy.DBS_PACK_ITEMS


@append_only_record
class DbsReferralPack(models.Model):
    """The pack that goes with a referral to the DBS about ``adult``. Written once."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    adult = models.ForeignKey(Adult, on_delete=models.PROTECT, related_name="dbs_referral_packs")
    # The decision that the duty to refer applies, when one is on record.
    duty = models.ForeignKey(
        "sharing.DbsReferralDuty",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="DBS referral duty",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    started_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-started_at", "pk"]

    def __str__(self) -> str:
        return f"DBS referral pack {self.short_code}"

    @property
    def short_code(self) -> str:
        return str(self.code).split("-")[0].upper()

    def url_after_recording(self) -> str:
        return reverse("adults:dbs_pack", args=[self.code])


@append_only_record
class DbsPackItem(models.Model):
    """One checklist item of a pack, accounted for: present (and where it is), or not
    available with the reason. Never changed: a later row of the same item replaces it."""

    pack = models.ForeignKey(DbsReferralPack, on_delete=models.PROTECT, related_name="items")
    item = models.CharField(max_length=40, choices=ITEM_CHOICES)
    is_present = models.BooleanField("present in the pack")
    where = models.TextField("where it is", blank=True)
    not_available_because = models.TextField("why it is not available", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["pack", "item", "recorded_at"], name="dbs_pack_item_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_present=True, not_available_because="")
                | models.Q(is_present=False, where=""),
                name="dbs_pack_item_present_or_why_not",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} of pack {self.pack_id}"

    def url_after_recording(self) -> str:
        return reverse("adults:dbs_pack", args=[self.pack.code])


@append_only_record
class DbsPackEvidence(models.Model):
    """One item of the pack's evidence list: what it is, its date, where it is held."""

    pack = models.ForeignKey(DbsReferralPack, on_delete=models.PROTECT, related_name="evidence")
    what = models.TextField("what it is")
    dated = models.DateField("its date", null=True, blank=True)
    held_at = models.TextField("where it is held")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["dated", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"evidence of pack {self.pack_id}"

    def url_after_recording(self) -> str:
        return reverse("adults:dbs_pack", args=[self.pack.code])


class DbsReferralSent(Decision):
    """SVGA35: the pack is ready and was sent to the DBS. It keeps the checklist, the
    evidence list and the chronology as sent (hashed with it); its written report is the
    pack. Refused while an item is unaccounted for (``policy.dbs_referral_pack_problems``)."""

    KIND = "dbs_referral_sent"
    LABEL = "DBS referral pack sent"
    DEFAULT_CLAUSES = ("SVGA35", "P6.11")

    pack = models.OneToOneField(DbsReferralPack, on_delete=models.PROTECT, related_name="sent")
    referred_on = models.DateField("sent to the DBS on")
    # [{"item", "label", "is_present", "where", "not_available_because"}, ...] in the
    # DBS guidance's order.
    checklist = models.JSONField(default=list, blank=True)
    # [{"what", "dated", "held_at"}, ...]
    evidence = models.JSONField("evidence list", default=list, blank=True)
    # [{"at", "label", "case_reference", "club", "is_restricted"}, ...], oldest first.
    chronology = models.JSONField(default=list, blank=True)

    def report_context(self) -> dict[str, Any]:
        return {
            "rows": [
                ("About", self.pack.adult.name),
                ("Pack", self.pack.short_code),
                self.field_row("referred_on"),
            ],
            "checklist": self.checklist,
            "evidence": [
                {**row, "dated": dt.date.fromisoformat(row["dated"]) if row["dated"] else None}
                for row in self.evidence
            ],
            "chronology": [
                {**row, "at": dt.datetime.fromisoformat(row["at"])} for row in self.chronology
            ],
        }

    def url_after_recording(self) -> str:
        return reverse("adults:dbs_pack", args=[self.pack.code])


class DbsReferralOutcome(Decision):
    """SVGA35: the DBS's answer to a referral sent: its reference and outcome, in its words."""

    KIND = "dbs_referral_outcome"
    LABEL = "DBS referral outcome"
    DEFAULT_CLAUSES = ("SVGA35", "P6.11")

    sent = models.OneToOneField(DbsReferralSent, on_delete=models.PROTECT, related_name="answer")
    dbs_reference = models.CharField("DBS reference", max_length=100)
    dbs_outcome = models.TextField("the DBS's outcome, in its words")
    outcome_on = models.DateField("date of the outcome")

    def report_context(self) -> dict[str, Any]:
        return {
            "rows": self.report_rows(
                ("About", self.sent.pack.adult.name),
                ("Pack", self.sent.pack.short_code),
                ("Sent to the DBS on", f"{self.sent.referred_on:%d %b %Y}"),
                "dbs_reference",
                "outcome_on",
                "dbs_outcome",
            )
        }

    def url_after_recording(self) -> str:
        return reverse("adults:dbs_pack", args=[self.sent.pack.code])

"""The NSO's alert to clubs ("be safeguarding aware"): a warning about a person or an
approach, with no case detail, sent to the welfare officers of chosen clubs or regions.

An alert is a decision to share (P6.1, with its reason, P6.11): recorded only by
``decision_record``, hashed into the chain, never changed. Who it went to is resolved when
it is sent and kept, in the hashed record (``sent_to``, ``recipients``) and as a row per
person (``AlertRecipient``), so a later change of who is welfare officer changes no history.
Each recipient's first opening of the alert is kept as an ``AlertReceipt``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ttw_safeguarding.records.db import append_only_record
from ttw_safeguarding.records.models import Decision

__all__ = [
    "ClubAlert",
    "ClubAlertClub",
    "ClubAlertRegion",
    "AlertRecipient",
    "AlertReceipt",
]


class ClubAlert(Decision):
    """P6.1: the NSO alerts the welfare officers of chosen clubs or regions."""

    KIND = "club_alert"
    LABEL = "Safeguarding alert to clubs"
    DEFAULT_CLAUSES = ("P6.1", "P6.11")

    warning = models.TextField(
        "what to be aware of",
        help_text="A person or an approach to watch for. No case detail: no child, no case.",
    )
    action = models.TextField("what welfare officers should do")
    clubs = models.ManyToManyField(
        "clubs.Club", through="ClubAlertClub", related_name="+", blank=True
    )
    regions = models.ManyToManyField(
        "clubs.Region", through="ClubAlertRegion", related_name="+", blank=True
    )
    # The rows above are written after the record; what they say is hashed here with it:
    # {"clubs": [names], "regions": [names]} as chosen, and each person alerted as
    # {"user": id, "name": ..., "as": "Club welfare officer, Bangor"}.
    sent_to = models.JSONField("sent to", default=dict)
    recipients = models.JSONField("welfare officers alerted", default=list)

    def sent_to_described(self) -> str:
        parts = []
        if self.sent_to.get("clubs"):
            parts.append("Clubs: " + ", ".join(self.sent_to["clubs"]))
        if self.sent_to.get("regions"):
            parts.append("Regions: " + ", ".join(self.sent_to["regions"]))
        return "; ".join(parts)

    def recipients_described(self) -> str:
        return "; ".join(f"{person['name']} ({person['as']})" for person in self.recipients)

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                "warning",
                "action",
                ("Sent to", self.sent_to_described()),
                ("Welfare officers alerted", self.recipients_described()),
            )
        }


@append_only_record
class ClubAlertClub(models.Model):
    """A club chosen for an alert (insert-only; the choice is hashed in ``sent_to``)."""

    alert = models.ForeignKey(ClubAlert, on_delete=models.PROTECT, related_name="+")
    club = models.ForeignKey("clubs.Club", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "club"], name="club_alert_club_once"),
        ]

    def __str__(self) -> str:
        return f"{self.club_id} on alert {self.alert_id}"


@append_only_record
class ClubAlertRegion(models.Model):
    """A region chosen for an alert (insert-only; the choice is hashed in ``sent_to``)."""

    alert = models.ForeignKey(ClubAlert, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("clubs.Region", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "region"], name="club_alert_region_once"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} on alert {self.alert_id}"


@append_only_record
class AlertRecipient(models.Model):
    """A welfare officer an alert was sent to, as resolved when it was sent."""

    alert = models.ForeignKey(ClubAlert, on_delete=models.PROTECT, related_name="recipient_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Why they received it: "Club welfare officer, Bangor; Regional welfare officer, North".
    described_as = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "user"], name="alert_recipient_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on alert {self.alert_id}"


@append_only_record
class AlertReceipt(models.Model):
    """When a recipient first opened an alert (written once, never changed)."""

    alert = models.ForeignKey(ClubAlert, on_delete=models.PROTECT, related_name="receipts")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "recipient"], name="alert_receipt_once"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} read alert {self.alert_id}"

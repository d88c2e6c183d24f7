"""The Wales Safeguarding Procedures, section 5 (WSP5), for an allegation about an adult.

Each record is a decision about one allegation line (``cases.AdultSubjectToAllegation``):
telling the local authority's designated officer for safeguarding, the professional
strategy discussion, and the outcome on the balance of probabilities. The rules they follow
are ``sharing.policy.allegations``; the designated officer's clock starts when the line was
recorded, which is when TTW learnt of the allegation about this adult.
"""

from __future__ import annotations

from django.db import models

from sharing import policy
from ttw_safeguarding.records.models import Decision


class DesignatedOfficerNotice(Decision):
    """WSP5: the local authority's designated officer for safeguarding is told, with the risk
    assessment and the immediate safeguards taken."""

    KIND = "designated_officer_notice"
    LABEL = "Designated officer for safeguarding told"
    DEFAULT_CLAUSES = ("WSP5", "P6.11")

    class Method(models.TextChoices):
        PHONE = "phone", "Phone"
        SECURE_EMAIL = "secure_email", "Secure e-mail"
        ONLINE_FORM = "online_form", "Online form"
        MEETING = "meeting", "Meeting"

    allegation = models.ForeignKey(
        "cases.AdultSubjectToAllegation",
        on_delete=models.PROTECT,
        related_name="designated_officer_notices",
    )
    told_at = models.DateTimeField("when the designated officer was told")
    local_authority = models.ForeignKey(
        "cases.LocalAuthority",
        verbose_name="local authority",
        on_delete=models.PROTECT,
        related_name="+",
    )
    officer_name = models.CharField("designated officer's name", max_length=200)
    officer_contact = models.CharField("designated officer's contact", max_length=200)
    method = models.CharField("how they were told", max_length=20, choices=Method.choices)
    risk_assessment = models.TextField("risk assessment")
    immediate_safeguards = models.TextField("immediate safeguards taken")
    # Set from the clock when recorded, so the record keeps whether it was late.
    due_at = models.DateTimeField("due by")
    told_late = models.BooleanField("told after the due time", default=False)
    lateness_reason = models.TextField("why later than due", blank=True)

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("About", self.allegation.name),
                "due_at",
                "told_at",
                "told_late",
                "lateness_reason",
                ("Local authority", str(self.local_authority)),
                "officer_name",
                "officer_contact",
                "method",
                "risk_assessment",
                "immediate_safeguards",
            )
        }


class StrategyDiscussion(Decision):
    """WSP5 and P6.3: the record of the professional strategy discussion."""

    KIND = "strategy_discussion"
    LABEL = "Professional strategy discussion"
    DEFAULT_CLAUSES = ("WSP5", "P6.3", "P6.11")

    allegation = models.ForeignKey(
        "cases.AdultSubjectToAllegation",
        on_delete=models.PROTECT,
        related_name="strategy_discussions",
    )
    held_on = models.DateField("date of the discussion")
    participants = models.TextField("who took part", blank=True)
    threshold = models.CharField(
        "threshold for a strategy meeting",
        max_length=10,
        choices=policy.StrategyThreshold.CHOICES,
    )
    threshold_reason = models.TextField("why the threshold is, or is not, met")
    outside_activities_elsewhere = models.BooleanField(
        "works with children or has caring responsibilities outside TTW"
    )
    outside_activities = models.TextField("activities and organisations outside TTW", blank=True)
    who_tells_other_organisations = models.TextField("who tells those organisations", blank=True)
    interim_safeguards = models.TextField("interim safeguards")
    share_with_adult = models.TextField("what may be shared with the adult")
    share_with_child = models.TextField("what may be shared with the child")
    share_with_parents = models.TextField("what may be shared with the parents or carers")
    who_tells_whom = models.TextField("who tells whom, who briefs whom")

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("About", self.allegation.name),
                "held_on",
                "participants",
                "threshold",
                "threshold_reason",
                "outside_activities_elsewhere",
                "outside_activities",
                "who_tells_other_organisations",
                "interim_safeguards",
                "share_with_adult",
                "share_with_child",
                "share_with_parents",
                "who_tells_whom",
            )
        }


class AllegationOutcome(Decision):
    """WSP5: the outcome of the allegation, on the balance of probabilities, with its reason
    (the decision's own reason)."""

    KIND = "allegation_outcome"
    LABEL = "Outcome of the allegation"
    DEFAULT_CLAUSES = ("WSP5", "P6.11")

    allegation = models.ForeignKey(
        "cases.AdultSubjectToAllegation",
        on_delete=models.PROTECT,
        related_name="allegation_outcomes",
    )
    allegation_outcome = models.CharField(
        "outcome", max_length=20, choices=policy.AllegationOutcome.CHOICES
    )
    decided_on = models.DateField("date of the outcome")
    evidence_of_deceit = models.TextField(
        "the clear evidence of a deliberate act to deceive", blank=True
    )

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("About", self.allegation.name),
                "allegation_outcome",
                (
                    "What it means",
                    policy.AllegationOutcome.DEFINITIONS.get(self.allegation_outcome, ""),
                ),
                "decided_on",
                "evidence_of_deceit",
            )
        }

"""Consent records, share and no-share decisions, NSO reviews, written-report confirmations.

Each is a decision type (``ttw_safeguarding.records.models.Decision``): recorded only
through ``ttw_safeguarding.records.decisions.decision_record``, hash-chained, never
edited. State that changes later (a review, a confirmation that the written
report was sent) is another decision pointing at the share decision.
"""

from __future__ import annotations

from django.db import models

from sharing import policy
from ttw_safeguarding.records.models import Decision

__all__ = ["ConsentRecord", "NSOReview", "ShareDecision", "WrittenReportSent"]


class ConsentRecord(Decision):
    """Whose consent to share was sought, and the answer; or why it was not sought (P6.8)."""

    KIND = "consent"
    LABEL = "Consent record"
    DEFAULT_CLAUSES = ("P6.8", "P6.10", "P6.11")

    class Whose(models.TextChoices):
        CHILD = "child", "The child"
        PARENT_OR_CARER = "parent_carer", "A parent or carer"
        ADULT_CONCERNED = "adult_concerned", "The adult concerned"

    class Answer(models.TextChoices):
        GIVEN = policy.Consent.GIVEN, "Given"
        REFUSED = policy.Consent.REFUSED, "Refused"
        WITHDRAWN = policy.Consent.WITHDRAWN, "Withdrawn"

    class NotSoughtBecause(models.TextChoices):
        SIGNIFICANT_HARM = (
            policy.NOT_SOUGHT_SIGNIFICANT_HARM,
            "Seeking it would put a child at risk of significant harm",
        )
        OTHER = policy.NOT_SOUGHT_OTHER, "Not appropriate, for another stated reason"

    whose = models.CharField("whose consent", max_length=20, choices=Whose.choices)
    person_name = models.CharField("name of the person", max_length=200, blank=True)
    was_sought = models.BooleanField("consent was sought")
    answer = models.CharField(max_length=12, choices=Answer.choices, blank=True)
    occurred_on = models.DateField("date")
    not_sought_because = models.CharField(
        "why consent was not sought", max_length=20, choices=NotSoughtBecause.choices, blank=True
    )
    not_sought_explanation = models.TextField("explanation", blank=True)

    class Meta:
        constraints = [
            # P6.8: a sought consent has an answer; an unsought one says why instead
            # (the rule: sharing.policy.consent.consent_record_problems).
            models.CheckConstraint(
                condition=(models.Q(was_sought=True, not_sought_because="") & ~models.Q(answer=""))
                | (models.Q(was_sought=False, answer="") & ~models.Q(not_sought_because="")),
                name="consent_answer_or_why_not_sought",
            ),
            models.CheckConstraint(
                condition=~models.Q(not_sought_because=policy.NOT_SOUGHT_OTHER)
                | ~models.Q(not_sought_explanation=""),
                name="consent_other_reason_explained",
            ),
        ]

    @property
    def position(self) -> str:
        """The consent position a share decision relying on this record takes (P6.8)."""
        return self.answer if self.was_sought else policy.Consent.NOT_SOUGHT

    def report_context(self) -> dict:
        rows: list[tuple[str, object]] = [
            ("Whose consent", self.get_whose_display()),
            ("Name", self.person_name),
            ("Date", self.occurred_on),
            ("Consent sought", "Yes" if self.was_sought else "No"),
        ]
        if self.was_sought:
            rows.append(("Answer", self.get_answer_display()))
        else:
            rows.append(("Why not sought", self.get_not_sought_because_display()))
            rows.append(("Explanation", self.not_sought_explanation))
        return {"rows": rows}

    def described(self) -> str:
        """Who gave or refused consent, what they said, and when: how a share cites it (P6.8)."""
        who = self.get_whose_display().lower()
        if self.person_name:
            who = f"{self.person_name} ({who})"
        on = f"{self.occurred_on:%-d %B %Y}"
        if self.was_sought:
            return f"{self.get_answer_display()} by {who} on {on}."
        why = self.get_not_sought_because_display()
        if self.not_sought_explanation:
            why = f"{why}: {self.not_sought_explanation}"
        return f"Not sought from {who} on {on}. Why: {why}."


class ShareDecision(Decision):
    """A decision to share, or not to share, information (P6.1, P6.2, P6.8 to P6.11)."""

    KIND = "share_decision"
    LABEL = "Share decision"
    DEFAULT_CLAUSES = ("P6.1", "P6.8", "P6.9", "P6.10", "P6.11")

    class Outcome(models.TextChoices):
        SHARE = policy.SHARE, "Share"
        NO_SHARE = policy.NO_SHARE, "Do not share"

    class LawfulBasis(models.TextChoices):
        SAFEGUARDING = (
            "dpa_safeguarding",
            "UK GDPR Art. 6(1)(e) public task and DPA 2018 Sch. 1 para. 18: safeguarding of "
            "children and individuals at risk",
        )
        LEGITIMATE_INTERESTS = (
            "legitimate_interests",
            "UK GDPR Art. 6(1)(f) legitimate interests and DPA 2018 Sch. 1 para. 18: "
            "safeguarding of children and individuals at risk",
        )
        VITAL_INTERESTS = (
            "vital_interests",
            "UK GDPR Art. 6(1)(d) and 9(2)(c): vital interests (life or serious harm)",
        )
        LEGAL_OBLIGATION = (
            "legal_obligation",
            "UK GDPR Art. 6(1)(c) legal obligation (e.g. a court order), with DPA 2018 "
            "Sch. 1 para. 6 or 18",
        )
        CONSENT = policy.LAWFUL_BASIS_CONSENT, "UK GDPR Art. 6(1)(a) and 9(2)(a): explicit consent"

    class Urgency(models.TextChoices):
        IMMEDIATE = "immediate", "Immediate: a child may be at risk now"
        URGENT = "urgent", "Urgent: within the working day"
        ROUTINE = "routine", "Routine"

    class Method(models.TextChoices):
        PHONE = "phone", "Phone"
        SECURE_EMAIL = "secure_email", "Secure e-mail"
        MEETING = "meeting", "Meeting or in person"
        LETTER = "letter", "Letter"

    purpose = models.TextField("safeguarding purpose")
    information = models.TextField("information to share")
    # P6.2: the decision is about the information that meets the referral threshold.
    about_referral_information = models.BooleanField(
        "about the information that meets the referral threshold", default=False
    )
    recipient_organisation = models.CharField("recipient organisation", max_length=200)
    recipient_name = models.CharField("named person", max_length=200)
    recipient_role = models.CharField("their role", max_length=200)
    recipient_contact = models.CharField("their contact details", max_length=300)
    consent = models.CharField("consent position", max_length=12, choices=policy.Consent.CHOICES)
    consent_record = models.ForeignKey(
        ConsentRecord,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relied_on_by",
        verbose_name="consent record relied on",
    )
    significant_harm_justification = models.TextField("significant-harm justification", blank=True)
    lawful_basis = models.CharField(
        "lawful basis (UK GDPR / DPA 2018)", max_length=24, choices=LawfulBasis.choices
    )
    basis = models.CharField(
        "policy basis",
        max_length=24,
        choices=policy.Basis.CHOICES,
        default=policy.Basis.SAFEGUARDING,
    )
    cited_decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cited_by_shares",
        verbose_name="record the share rests on",
    )
    urgency = models.CharField(max_length=12, choices=Urgency.choices, blank=True)
    method = models.CharField(
        "method of sharing", max_length=16, choices=Method.choices, blank=True
    )
    share_outcome = models.CharField("outcome", max_length=10, choices=Outcome.choices)

    class Meta:
        constraints = [
            # P6.9: information shared always has its method and urgency
            # (the rule: sharing.policy.share.evaluate_share).
            models.CheckConstraint(
                condition=~models.Q(share_outcome=policy.SHARE)
                | (~models.Q(method="") & ~models.Q(urgency="")),
                name="share_has_method_and_urgency",
            ),
        ]
        indexes = [models.Index(fields=["share_outcome", "method"], name="share_outcome_method")]

    @property
    def is_share(self) -> bool:
        return self.share_outcome == policy.SHARE

    @property
    def recipient(self) -> str:
        return self.recipient_organisation

    @property
    def needs_written_report_confirmation(self) -> bool:
        """P6.9: shared by phone or in person, so the written report must follow."""
        return policy.written_report_confirmation_due(
            outcome=self.share_outcome, method=self.method
        )

    def report_context(self) -> dict:
        cited = ""
        if self.cited_decision is not None:
            cited = f"{self.cited_decision.LABEL} {self.cited_decision.short_code}"
        consent_record = ""
        if self.consent_record is not None:
            consent_record = self.consent_record.described()
        rows: list[tuple[str, object]] = [
            # The outcome is the decision itself, said once above the details.
            ("Safeguarding purpose", self.purpose),
            ("Information", self.information),
            (
                "About the information meeting the referral threshold",
                "Yes" if self.about_referral_information else "No",
            ),
            ("Recipient organisation", self.recipient_organisation),
            ("Named person", self.recipient_name),
            ("Their role", self.recipient_role),
            ("Their contact details", self.recipient_contact),
            ("Consent position", self.get_consent_display()),
            ("Consent record relied on", consent_record),
            ("Significant-harm justification", self.significant_harm_justification),
            ("Lawful basis", self.get_lawful_basis_display()),
            ("Policy basis", self.get_basis_display()),
            ("Record the share rests on", cited),
            ("Urgency", self.get_urgency_display()),
            ("Method", self.get_method_display()),
        ]
        return {"rows": rows, **self._follow_up()}

    def _follow_up(self) -> dict:
        """For the decision page: its review and, after a phone or in-person share, whether
        the written report was sent (P6.9). Each is a later decision pointing at this one."""
        from django.utils import timezone

        decided_on = timezone.localdate(self.recorded_at)
        today = timezone.localdate()
        reviews = list(self.reviews.select_related("recorded_by"))
        confirmations = list(self.written_report_confirmations.select_related("recorded_by"))
        return {
            "reviews": reviews,
            "review_due_on": policy.review_due_on(decided_on),
            "review_overdue": policy.review_overdue(
                decided_on=decided_on, today=today, reviewed=bool(reviews)
            ),
            "needs_written_report_confirmation": self.needs_written_report_confirmation,
            "confirmations": confirmations,
            "written_report_due_on": policy.written_report_due_on(decided_on),
            "written_report_overdue": policy.written_report_overdue(
                outcome=self.share_outcome,
                method=self.method,
                shared_on=decided_on,
                today=today,
                confirmed=bool(confirmations),
            ),
        }


class NSOReview(Decision):
    """The National Safeguarding Officer's review of a share or no-share decision."""

    KIND = "nso_review"
    LABEL = "NSO review"
    DEFAULT_CLAUSES = ("P6.11",)

    class Verdict(models.TextChoices):
        ENDORSED = policy.REVIEW_ENDORSE, "Endorsed"
        ENDORSED_WITH_COMMENTS = policy.REVIEW_ENDORSE_WITH_COMMENTS, "Endorsed with comments"
        CONCERN = policy.REVIEW_CONCERN, "Concern raised: action required"

    share_decision = models.ForeignKey(
        ShareDecision, on_delete=models.PROTECT, related_name="reviews"
    )
    verdict = models.CharField(max_length=24, choices=Verdict.choices)
    comments = models.TextField(blank=True)
    action_required = models.TextField("action required", blank=True)

    class Meta:
        constraints = [
            # Each decision is reviewed once; a correction is an amendment of the review.
            models.UniqueConstraint(fields=["share_decision"], name="nso_review_once"),
            models.CheckConstraint(
                condition=~models.Q(verdict=policy.REVIEW_CONCERN) | ~models.Q(action_required=""),
                name="nso_review_concern_has_action",
            ),
        ]

    def report_context(self) -> dict:
        return {
            "rows": [
                (
                    "Decision reviewed",
                    f"{self.share_decision.LABEL} {self.share_decision.short_code} "
                    f"({self.share_decision.get_share_outcome_display().lower()}, "
                    f"{self.share_decision.recipient_organisation})",
                ),
                ("Review", self.get_verdict_display()),
                ("Comments", self.comments),
                ("Action required", self.action_required),
            ],
            "reviewed": self.share_decision,
        }


class WrittenReportSent(Decision):
    """Confirmation that the written report followed a share by phone or in person (P6.9)."""

    KIND = "written_report_sent"
    LABEL = "Written report sent"
    DEFAULT_CLAUSES = ("P6.9",)

    class SentBy(models.TextChoices):
        SECURE_EMAIL = "secure_email", "Secure e-mail"
        LETTER = "letter", "Letter"
        BY_HAND = "by_hand", "By hand"

    share_decision = models.ForeignKey(
        ShareDecision, on_delete=models.PROTECT, related_name="written_report_confirmations"
    )
    sent_on = models.DateField("date the written report was sent")
    sent_by = models.CharField("sent by", max_length=16, choices=SentBy.choices)

    class Meta:
        constraints = [
            # P6.9: the written report is confirmed once
            # (the rule: sharing.policy.written_reports.written_report_sent_problems).
            models.UniqueConstraint(fields=["share_decision"], name="written_report_sent_once"),
        ]

    def report_context(self) -> dict:
        return {
            "rows": [
                (
                    "Share decision",
                    f"{self.share_decision.LABEL} {self.share_decision.short_code} "
                    f"({self.share_decision.recipient_organisation})",
                ),
                ("Written report sent on", self.sent_on),
                ("Sent by", self.get_sent_by_display()),
            ],
            "reviewed": self.share_decision,
        }

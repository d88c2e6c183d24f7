"""Statutory records: advice (P6.3), planning requests (P6.4), court directions (P6.5),
disciplinary outcomes (P6.6), DBS disclosures and Case Management Group decisions (P6.7).

Each record is a decision (``ttw_safeguarding.records.models.Decision``): recorded only by
``decision_record``, hashed into the chain, never changed. What happens later
("the organisation was told", "TTW contributed", "the CMG decided", "the DBS
referral was made") is another decision pointing at the first.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from sharing import policy
from ttw_safeguarding.records.db import append_only_record
from ttw_safeguarding.records.models import Decision

__all__ = [
    "StatutoryAgency",
    "StatutoryAdvice",
    "AdviceConfirmation",
    "PlanningRequest",
    "PlanningContribution",
    "CourtDirection",
    "DisciplinaryOutcome",
    "DbsDisclosure",
    "CmgMemberAssignment",
    "CmgDecision",
    "DbsReferralDuty",
    "STATUTORY_KINDS",
]


class StatutoryAgency(models.TextChoices):
    LADO = "lado", "LADO (Local Authority Designated Officer)"
    SOCIAL_CARE = "social_care", "Children's social care"
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation service"
    MAPPA = "mappa", "MAPPA panel"
    OTHER = "other", "Other statutory agency"


def _agency(code: str, name: str) -> str:
    label = StatutoryAgency(code).label if code in StatutoryAgency.values else code
    return f"{label} ({name})" if name else label


class StatutoryAdvice(Decision):
    """P6.3: advice of a statutory agency on an allegation against an adult who may work
    with children elsewhere: whether to tell those organisations, and who tells each."""

    KIND = "statutory_advice"
    LABEL = "Statutory advice on an allegation"
    DEFAULT_CLAUSES = ("P6.3", "P6.10", "P6.11")

    adult = models.ForeignKey(
        "cases.AdultSubjectToAllegation", on_delete=models.PROTECT, related_name="+"
    )
    agency = models.CharField(max_length=20, choices=StatutoryAgency.choices)
    agency_name = models.CharField("agency name", max_length=200, blank=True)
    adviser = models.CharField("who gave the advice", max_length=200)
    advised_on = models.DateField("date of the advice")
    question = models.TextField("the question put to the agency")
    advice = models.TextField("the advice received")
    # [{"name": "Riverside FC", "told_by": "ttw"|"agency"}, ...]: hashed with the record.
    organisations = models.JSONField("organisations to tell", default=list)

    def organisations_described(self) -> str:
        told_by = dict(policy.TOLD_BY_CHOICES)
        return "; ".join(
            f"{org['name']}: told by {told_by.get(org['told_by'], org['told_by'])}"
            for org in self.organisations
        )

    def report_context(self) -> dict:
        # Each field's label is its verbose name above (Decision.report_rows).
        return {
            "rows": self.report_rows(
                ("Adult subject to the allegation", self.adult.name),
                ("Agency", _agency(self.agency, self.agency_name)),
                "adviser",
                "advised_on",
                "question",
                "advice",
                ("Organisations to tell, and who tells each", self.organisations_described()),
            )
        }

    def share_basis_facts(self, recipient: str) -> dict[str, Any]:
        # P6.3: a share to an organisation rests on advice naming it, with TTW to tell it.
        return {
            "advice_names_recipient": policy.advice_names_recipient(self.organisations, recipient)
        }


class AdviceConfirmation(Decision):
    """P6.3: confirmation that an organisation named in the advice was told."""

    KIND = "advice_confirmation"
    LABEL = "Organisation told, as advised"
    DEFAULT_CLAUSES = ("P6.3", "P6.11")

    advice = models.ForeignKey(
        StatutoryAdvice, on_delete=models.PROTECT, related_name="confirmations"
    )
    organisation = models.CharField(max_length=200)
    told_by = models.CharField(max_length=10, choices=policy.TOLD_BY_CHOICES)
    told_on = models.DateField("date told")

    class Meta:
        constraints = [
            # P6.3: an organisation is confirmed as told once
            # (the rule: sharing.policy.statutory.advice_confirmation_problems).
            models.UniqueConstraint(
                fields=["advice", "organisation"], name="advice_confirmation_once"
            ),
        ]

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("Advice", f"{self.advice.LABEL} {self.advice.short_code}"),
                "organisation",
                "told_by",
                "told_on",
            )
        }


class PlanningRequest(Decision):
    """P6.4: a statutory agency's request for TTW's contribution to its planning."""

    KIND = "planning_request"
    LABEL = "Planning request from a statutory agency"
    DEFAULT_CLAUSES = ("P6.4", "P6.11")

    class RequestKind(models.TextChoices):
        STRATEGY_MEETING = "strategy_meeting", "Strategy meeting"
        MAPPA_MEETING = "mappa_meeting", "MAPPA meeting"
        INVESTIGATION = "investigation", "Statutory investigation"

    adult = models.ForeignKey(
        "cases.AdultSubjectToAllegation", on_delete=models.PROTECT, related_name="+"
    )
    agency = models.CharField(max_length=20, choices=StatutoryAgency.choices)
    agency_name = models.CharField("agency name", max_length=200, blank=True)
    request_kind = models.CharField("kind", max_length=20, choices=RequestKind.choices)
    request = models.TextField("what is requested")
    received_on = models.DateField("date received")
    due_on = models.DateField("date due")

    class Meta:
        constraints = [
            # P6.4: due on or after it is received (the message:
            # sharing.policy.statutory.PLANNING_DUE_BEFORE_RECEIVED).
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("received_on")),
                name="planning_request_due_after_received",
            ),
        ]

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("Adult", self.adult.name),
                ("Agency", _agency(self.agency, self.agency_name)),
                "request_kind",
                "request",
                "received_on",
                "due_on",
            )
        }

    def share_basis_facts(self, recipient: str) -> dict[str, Any]:
        return {}


class PlanningContribution(Decision):
    """P6.4: what TTW contributed to a planning request, and when."""

    KIND = "planning_contribution"
    LABEL = "Contribution to statutory planning"
    DEFAULT_CLAUSES = ("P6.4", "P6.10", "P6.11")

    request = models.OneToOneField(
        PlanningRequest, on_delete=models.PROTECT, related_name="contribution"
    )
    contribution = models.TextField("what TTW contributed")
    provided_on = models.DateField("date provided")

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("Request", f"{self.request.LABEL} {self.request.short_code}"),
                ("Date due", self.request.due_on),
                "contribution",
                "provided_on",
            )
        }


class CourtDirection(Decision):
    """P6.5: a court directs or permits sharing about an individual posing significant risk."""

    KIND = "court_direction"
    LABEL = "Court direction or permission"
    DEFAULT_CLAUSES = ("P6.5", "P6.11")

    class Effect(models.TextChoices):
        DIRECTS = "directs", "Directs sharing"
        PERMITS = "permits", "Permits sharing"

    adult = models.ForeignKey(
        "cases.AdultSubjectToAllegation", on_delete=models.PROTECT, related_name="+"
    )
    court = models.CharField(max_length=200)
    order_reference = models.CharField("order reference", max_length=100)
    order_date = models.DateField("date of the order")
    effect = models.CharField("the order", max_length=10, choices=Effect.choices)
    information = models.TextField("what information")
    recipients = models.TextField("to whom")
    comply_by = models.DateField("by when", null=True, blank=True)

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("About", self.adult.name),
                "court",
                "order_reference",
                "order_date",
                "effect",
                "information",
                "recipients",
                "comply_by",
            )
        }

    def share_basis_facts(self, recipient: str) -> dict[str, Any]:
        return {}


class DisciplinaryOutcome(Decision):
    """P6.6: the outcome of a TTW internal disciplinary investigation. Always restricted:
    only the NSO and the users named on it as needing to know can see it."""

    KIND = "disciplinary_outcome"
    LABEL = "Disciplinary outcome"
    DEFAULT_CLAUSES = ("P6.6", "P6.10", "P6.11")

    class Sanction(models.TextChoices):
        NO_CASE = "no_case", "No case to answer"
        WARNING = "warning", "Written warning"
        FINAL_WARNING = "final_warning", "Final written warning"
        REDEPLOYED = "redeployed", "Redeployed away from work with children"
        DISMISSED = "dismissed", "Dismissed"
        VOLUNTEER_ENDED = "volunteer_ended", "Volunteering ended"

    adult = models.ForeignKey(
        "cases.AdultSubjectToAllegation", on_delete=models.PROTECT, related_name="+"
    )
    concluded_on = models.DateField("investigation concluded on")
    findings = models.TextField("findings of the investigation")
    sanction = models.CharField("outcome", max_length=20, choices=Sanction.choices)
    removed_from_work_with_children = models.BooleanField(default=False)
    because_of_harm = models.BooleanField(
        "because they harmed, or posed a risk of harm to, a child", default=False
    )
    # Who the outcome is shared with, by name, for the record and its report (P6.6);
    # access itself is decided by the NeedToKnow rows written with it.
    need_to_know_names = models.JSONField("named as needing to know", default=list)

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("About", self.adult.name),
                "concluded_on",
                "findings",
                "sanction",
                "removed_from_work_with_children",
                "because_of_harm",
                "need_to_know_names",
            )
        }

    @property
    def dbs_referral_duty_applies(self) -> bool:
        return policy.dbs_referral_duty_applies(
            removed_from_work_with_children=self.removed_from_work_with_children,
            because_of_harm=self.because_of_harm,
        )

    def share_basis_facts(self, recipient: str) -> dict[str, Any]:
        # P6.6: shared only within TTW, with a person named on the record.
        return {
            "recipient_within_ttw": policy.recipient_is_named_person(
                recipient, self.need_to_know_names
            )
        }


class DbsDisclosure(Decision):
    """P6.7: a safeguarding concern from a DBS disclosure, put to the Case Management Group."""

    KIND = "dbs_disclosure"
    LABEL = "DBS disclosure concern put to the CMG"
    DEFAULT_CLAUSES = ("P6.7", "P6.10", "P6.11")

    adult = models.ForeignKey(
        "cases.AdultSubjectToAllegation", on_delete=models.PROTECT, related_name="+"
    )
    certificate_issued_on = models.DateField("DBS certificate issued on")
    concern = models.TextField("the concern the disclosure raises")
    # The members it is put to, by name, as hashed content; access is decided by
    # the insert-only CmgMemberAssignment rows written with it.
    member_names = models.JSONField("put to", default=list)

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("About", self.adult.name),
                "certificate_issued_on",
                "concern",
                ("Put to the Case Management Group members", ", ".join(self.member_names)),
            )
        }


@append_only_record
class CmgMemberAssignment(models.Model):
    """A Case Management Group member a DBS disclosure is put to (insert-only, P6.7)."""

    disclosure = models.ForeignKey(
        DbsDisclosure, on_delete=models.PROTECT, related_name="assignments"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            # P6.7: a disclosure is put to each CMG member once (sharing.policy.CLAUSES["P6.7"]).
            models.UniqueConstraint(
                fields=["disclosure", "member"], name="cmg_member_assignment_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} on {self.disclosure_id}"


class CmgDecision(Decision):
    """P6.7: the Case Management Group's decision on a DBS disclosure concern."""

    KIND = "cmg_decision"
    LABEL = "Case Management Group decision"
    DEFAULT_CLAUSES = ("P6.7", "P6.10", "P6.11")

    disclosure = models.OneToOneField(
        DbsDisclosure, on_delete=models.PROTECT, related_name="cmg_decision"
    )
    meeting_on = models.DateField("date of the meeting")
    # [{"name": ..., "role": ..., "independent": bool}, ...]
    members = models.JSONField(default=list)
    cmg_outcome = models.CharField("outcome", max_length=20, choices=policy.CMG_OUTCOME_CHOICES)
    restrictions = models.TextField("restrictions needed", blank=True)
    removed_from_work_with_children = models.BooleanField(default=False)
    because_of_harm = models.BooleanField(
        "because they harmed, or posed a risk of harm to, a child", default=False
    )

    def members_described(self) -> str:
        return "; ".join(
            member["name"]
            + (f", {member['role']}" if member.get("role") else "")
            + (" (independent)" if member.get("independent") else "")
            for member in self.members
        )

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("DBS disclosure", f"{self.disclosure.LABEL} {self.disclosure.short_code}"),
                ("About", self.disclosure.adult.name),
                "meeting_on",
                ("Members", self.members_described()),
                "cmg_outcome",
                "restrictions",
                "removed_from_work_with_children",
                "because_of_harm",
            )
        }

    @property
    def dbs_referral_duty_applies(self) -> bool:
        return policy.dbs_referral_duty_applies(
            removed_from_work_with_children=self.removed_from_work_with_children,
            because_of_harm=self.because_of_harm,
        )

    def share_basis_facts(self, recipient: str) -> dict[str, Any]:
        # P6.7: only restrictions or unsuitable let the concern be shared.
        return {"cited_outcome": self.cmg_outcome}


class DbsReferralDuty(Decision):
    """Whether and when someone removed from work with children because of harm was
    referred to the DBS (the legal duty to refer)."""

    KIND = "dbs_referral_duty"
    LABEL = "DBS referral duty"
    DEFAULT_CLAUSES = ("P6.11",)

    # The disciplinary outcome or CMG decision that records the removal.
    removal = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="dbs_referral_duties"
    )
    referral_made = models.BooleanField("referral to the DBS made")
    referred_on = models.DateField("date of the referral", null=True, blank=True)
    dbs_reference = models.CharField("DBS reference", max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["removal"], name="dbs_referral_duty_once"),
            models.CheckConstraint(
                condition=models.Q(referral_made=True, referred_on__isnull=False)
                | models.Q(referral_made=False, referred_on__isnull=True),
                name="dbs_referral_date_with_referral",
            ),
        ]

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("Removal recorded in", f"{self.removal.LABEL} {self.removal.short_code}"),
                "referral_made",
                "referred_on",
                "dbs_reference",
            )
        }


# Every kind this module records (lists, search and the CMG view use them).
STATUTORY_KINDS = (
    StatutoryAdvice.KIND,
    AdviceConfirmation.KIND,
    PlanningRequest.KIND,
    PlanningContribution.KIND,
    CourtDirection.KIND,
    DisciplinaryOutcome.KIND,
    DbsDisclosure.KIND,
    CmgDecision.KIND,
    DbsReferralDuty.KIND,
)

"""The Case Management Group for a case about an adult (CPSU case management, P6.7).

The NSO convenes a group for one allegation (``CaseManagementGroup``): its members are users
holding the Case Management Group role, at least one marked independent, written with the
convening decision as insert-only rows (``CmgMembership``) that decide who sees the group.
Each member declares any conflict of interest once, themself (``CmgDeclaration``). The group
then decides: the route of the case, temporary suspensions and their reviews, the final
decision (P6.7's outcomes, citable by a share on a DBS basis), and an appeal is recorded
with a panel apart from the group. Each is a decision: hashed, audited, never edited.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from sharing import policy
from ttw_safeguarding.records.db import append_only_record
from ttw_safeguarding.records.models import Decision
from ttw_safeguarding.records.names import display_name

CPSU_CLAUSES = ("CPSU", "P6.10", "P6.11")


def names_described(people: list[dict[str, Any]]) -> str:
    """People stored on a record as ``[{"id", "name", "independent"?}]``, for its report."""
    return "; ".join(
        person["name"] + (" (independent)" if person.get("independent") else "")
        for person in people
    )


class CaseManagementGroup(Decision):
    """The NSO's decision to convene the group for an allegation about an adult."""

    KIND = "cmg_convened"
    LABEL = "Case Management Group convened"
    DEFAULT_CLAUSES = ("CPSU", "P6.11")

    allegation = models.OneToOneField(
        "cases.AdultSubjectToAllegation",
        on_delete=models.PROTECT,
        related_name="case_management_group",
    )
    # [{"id": user pk, "name": ..., "independent": bool}]: hashed with the record; who sees
    # the group is decided by the insert-only CmgMembership rows written with it.
    members = models.JSONField("members", default=list)

    def report_context(self) -> dict:
        return {
            "rows": [
                ("About", self.allegation.name),
                ("Members", names_described(self.members)),
            ]
        }

    def url_after_recording(self) -> str:
        return reverse("adults:cmg", args=[self.allegation.code])


@append_only_record
class CmgMembership(models.Model):
    """A member of one case's group (insert-only, written with the convening decision)."""

    group = models.ForeignKey(
        CaseManagementGroup, on_delete=models.PROTECT, related_name="memberships"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    independent = models.BooleanField(default=False)

    class Meta:
        constraints = [
            # CPSU: each member is named once (policy.cmg_membership_problems).
            models.UniqueConstraint(fields=["group", "member"], name="cmg_membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} on {self.group_id}"


class GroupDecision(Decision):
    """What every decision of the group holds: the group and who took part (hashed)."""

    # [{"id": user pk, "name": ...}]: the members who took part in the decision.
    voters = models.JSONField("members taking part", default=list)

    class Meta:
        abstract = True

    @property
    def group_of(self) -> CaseManagementGroup:
        raise NotImplementedError

    def voter_ids(self) -> set[int]:
        return {voter["id"] for voter in self.voters}

    def url_after_recording(self) -> str:
        return reverse("adults:cmg", args=[self.group_of.allegation.code])


class CmgDeclaration(Decision):
    """A member's own declaration of any conflict of interest in the case (once)."""

    KIND = "cmg_declaration"
    LABEL = "Declaration of interest in a Case Management Group"
    DEFAULT_CLAUSES = ("CPSU", "P6.11")

    group = models.ForeignKey(
        CaseManagementGroup, on_delete=models.PROTECT, related_name="declarations"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    declaration = models.CharField(max_length=20, choices=policy.Declaration.CHOICES)
    conflict = models.TextField("the conflict of interest", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="cmg_declaration_once"),
        ]

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("About", self.group.allegation.name),
                ("Member", display_name(self.member)),
                "declaration",
                "conflict",
            )
        }

    def url_after_recording(self) -> str:
        return reverse("adults:cmg", args=[self.group.allegation.code])


class CmgRouteDecision(GroupDecision):
    """The route the group chooses for the case (CPSU)."""

    KIND = "cmg_route"
    LABEL = "Case Management Group route"
    DEFAULT_CLAUSES = CPSU_CLAUSES

    group = models.ForeignKey(CaseManagementGroup, on_delete=models.PROTECT, related_name="routes")
    route = models.CharField("route", max_length=30, choices=policy.CaseRoute.CHOICES)

    @property
    def group_of(self) -> CaseManagementGroup:
        return self.group

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("About", self.group.allegation.name),
                "route",
                ("Members taking part", names_described(self.voters)),
            )
        }


class Suspension(GroupDecision):
    """A temporary suspension of the adult while the case is considered (a neutral act)."""

    KIND = "cmg_suspension"
    LABEL = "Temporary suspension"
    DEFAULT_CLAUSES = CPSU_CLAUSES

    group = models.ForeignKey(
        CaseManagementGroup, on_delete=models.PROTECT, related_name="suspensions"
    )
    from_what = models.TextField("suspended from")
    starts_on = models.DateField("from")
    review_on = models.DateField("review by")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_on__gt=models.F("starts_on")),
                name="suspension_review_after_start",
            ),
        ]

    @property
    def group_of(self) -> CaseManagementGroup:
        return self.group

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("About", self.group.allegation.name),
                "from_what",
                "starts_on",
                "review_on",
                ("Members taking part", names_described(self.voters)),
            )
        }


class SuspensionReview(GroupDecision):
    """A review of a suspension, on or before its review date: continue, vary or lift."""

    KIND = "cmg_suspension_review"
    LABEL = "Review of a temporary suspension"
    DEFAULT_CLAUSES = CPSU_CLAUSES

    reviewed_suspension = models.ForeignKey(
        Suspension, on_delete=models.PROTECT, related_name="reviews"
    )
    reviewed_on = models.DateField("reviewed on")
    review_decision = models.CharField(
        "decision", max_length=20, choices=policy.SuspensionReviewDecision.CHOICES
    )
    varied_from_what = models.TextField("suspended from, as varied", blank=True)
    next_review_on = models.DateField("next review by", null=True, blank=True)

    @property
    def group_of(self) -> CaseManagementGroup:
        return self.reviewed_suspension.group

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("About", self.reviewed_suspension.group.allegation.name),
                (
                    "Suspension",
                    f"{self.reviewed_suspension.LABEL} {self.reviewed_suspension.short_code}",
                ),
                "reviewed_on",
                "review_decision",
                "varied_from_what",
                "next_review_on",
                ("Members taking part", names_described(self.voters)),
            )
        }


class CmgFinalDecision(GroupDecision):
    """The group's final decision on the adult (P6.7's outcomes), once per group."""

    KIND = "cmg_final_decision"
    LABEL = "Case Management Group final decision"
    DEFAULT_CLAUSES = ("P6.7", "CPSU", "P6.10", "P6.11")

    group = models.OneToOneField(
        CaseManagementGroup, on_delete=models.PROTECT, related_name="final_decision"
    )
    cmg_outcome = models.CharField("outcome", max_length=20, choices=policy.CMG_OUTCOME_CHOICES)
    restrictions = models.TextField("restrictions needed", blank=True)

    @property
    def group_of(self) -> CaseManagementGroup:
        return self.group

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("About", self.group.allegation.name),
                "cmg_outcome",
                "restrictions",
                ("Members taking part", names_described(self.voters)),
            )
        }

    def share_basis_facts(self, recipient: str) -> dict[str, Any]:
        # P6.7: only restrictions or unsuitable let the concern be shared.
        return {"cited_outcome": self.cmg_outcome}


class CmgAppeal(Decision):
    """An appeal against the final decision, heard by a panel apart from the group."""

    KIND = "cmg_appeal"
    LABEL = "Appeal against a Case Management Group decision"
    DEFAULT_CLAUSES = CPSU_CLAUSES

    final_decision = models.OneToOneField(
        CmgFinalDecision, on_delete=models.PROTECT, related_name="appeal"
    )
    lodged_on = models.DateField("appeal lodged on")
    grounds = models.TextField("grounds of the appeal")
    # [{"id": user pk, "name": ...}]: who heard it.
    panel = models.JSONField("appeal panel", default=list)
    appeal_outcome = models.CharField(
        "outcome of the appeal", max_length=20, choices=policy.AppealOutcome.CHOICES
    )
    variation = models.TextField("how the decision is varied", blank=True)

    def report_context(self) -> dict:
        return {
            "rows": self.report_rows(
                ("About", self.final_decision.group.allegation.name),
                (
                    "Decision appealed",
                    f"{self.final_decision.LABEL} {self.final_decision.short_code}",
                ),
                "lodged_on",
                "grounds",
                ("Appeal panel", names_described(self.panel)),
                "appeal_outcome",
                "variation",
            )
        }

    def url_after_recording(self) -> str:
        return reverse("adults:cmg", args=[self.final_decision.group.allegation.code])


# Every decision kind of the group: a member of the group sees these, of their group only.
CMG_GROUP_KINDS = (
    CaseManagementGroup.KIND,
    CmgDeclaration.KIND,
    CmgRouteDecision.KIND,
    Suspension.KIND,
    SuspensionReview.KIND,
    CmgFinalDecision.KIND,
    CmgAppeal.KIND,
)

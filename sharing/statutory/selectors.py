"""Reads for the statutory records. Every read takes the user and starts from
``access.decisions_visible_to``, so a restricted record (P6.6) or a case not put to
a CMG member (P6.7) is absent from every list, search and count."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from cases.models import AdultSubjectToAllegation
from sharing import policy
from sharing.models import (
    STATUTORY_KINDS,
    AdviceConfirmation,
    CmgDecision,
    DbsDisclosure,
    DbsReferralDuty,
    DisciplinaryOutcome,
    PlanningContribution,
    PlanningRequest,
    StatutoryAdvice,
)
from ttw_safeguarding.records import access
from ttw_safeguarding.records.decisions import decision_models
from ttw_safeguarding.records.models import Decision
from ttw_safeguarding.records.timescales import Timed, due_on_day

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def kind_labels() -> dict[str, str]:
    return {kind: model.LABEL for kind, model in decision_models().items()}


def _visible_pks(user: Any) -> QuerySet:
    return access.decisions_visible_to(user).values("pk")


def statutory_records(user: Any, *, search: str = "") -> QuerySet[Decision]:
    """The statutory records the user may see, newest first, optionally searched."""
    qs = (
        access.decisions_visible_to(user)
        .filter(kind__in=STATUTORY_KINDS)
        .select_related("case", "recorded_by")
        .order_by("-recorded_at", "-sequence")
    )
    if search:
        qs = qs.filter(
            Q(outcome__icontains=search)
            | Q(facts__icontains=search)
            | Q(professional_opinion__icontains=search)
            | Q(reason__icontains=search)
            | Q(case__reference__icontains=search)
        )
    return qs


def adult_records(user: Any, *, adult: AdultSubjectToAllegation) -> list[Decision]:
    """The statutory records of the adult's case the user may see, oldest first."""
    return list(
        access.decisions_visible_to(user)
        .filter(kind__in=STATUTORY_KINDS, case=adult.case_id)
        .select_related("recorded_by")
        .order_by("sequence")
    )


class PlanningAnnotations(TypedDict):
    """What ``planning_register`` adds to each request: TTW's contribution, if any."""

    contributed: bool
    provided_on: dt.date | None
    contribution_code: uuid.UUID | None


class CmgAnnotations(TypedDict):
    """What ``disclosures_put_to_cmg`` adds to each disclosure: the CMG's decision, if any."""

    decided: bool
    cmg_outcome: str | None
    cmg_decision_code: uuid.UUID | None


def planning_register(
    user: Any,
) -> QuerySet[WithAnnotations[PlanningRequest, PlanningAnnotations]]:
    """P6.4: every planning request the user may see, with TTW's contribution, if any."""
    contribution = PlanningContribution.objects.filter(request=OuterRef("pk"))
    return (
        PlanningRequest.objects.filter(pk__in=_visible_pks(user))
        .select_related("adult", "case")
        .annotate(
            contributed=Exists(contribution),
            provided_on=Subquery(contribution.values("provided_on")[:1]),
            contribution_code=Subquery(contribution.values("code")[:1]),
        )
        .order_by("due_on", "sequence")
    )


def planning_rows(requests: Any, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    today = today or timezone.localdate()
    return [
        {
            "request": r,
            "overdue": policy.planning_request_overdue(
                due_on=r.due_on, contributed=r.contributed, today=today
            ),
        }
        for r in requests
    ]


def overdue_planning_requests(user: Any, *, today: dt.date | None = None) -> list[PlanningRequest]:
    """P6.4: requests past their due date with no contribution from TTW."""
    today = today or timezone.localdate()
    return list(planning_register(user).filter(contributed=False, due_on__lt=today))


def disclosures_put_to_cmg(
    user: Any,
) -> QuerySet[WithAnnotations[DbsDisclosure, CmgAnnotations]]:
    """P6.7: DBS disclosures the user may see (a CMG member: those put to them)."""
    decision = CmgDecision.objects.filter(disclosure=OuterRef("pk"))
    return (
        DbsDisclosure.objects.filter(pk__in=_visible_pks(user))
        .select_related("adult", "case")
        .annotate(
            decided=Exists(decision),
            cmg_outcome=Subquery(decision.values("cmg_outcome")[:1]),
            cmg_decision_code=Subquery(decision.values("code")[:1]),
        )
        .order_by("-recorded_at")
    )


def pending_dbs_referral_duties(user: Any) -> list[Decision]:
    """Removals from work with children because of harm with no DBS referral duty recorded."""
    answered = DbsReferralDuty.objects.filter(removal=OuterRef("pk"))
    removal = Q(removed_from_work_with_children=True, because_of_harm=True)
    found: list[Decision] = []
    for model in (DisciplinaryOutcome, CmgDecision):
        found.extend(
            model.objects.filter(removal, pk__in=_visible_pks(user))
            .exclude(Exists(answered))
            .select_related("case")
        )
    return sorted(found, key=lambda d: d.sequence)


def advice_confirmations(advice: StatutoryAdvice) -> list[AdviceConfirmation]:
    return list(advice.confirmations.select_related("recorded_by").order_by("sequence"))


def advice_organisation_rows(advice: StatutoryAdvice) -> list[dict[str, Any]]:
    """P6.3: each organisation the advice names, who tells it, and whether it was told."""
    confirmations = advice_confirmations(advice)
    told_by = dict(policy.TOLD_BY_CHOICES)
    rows = []
    for org in advice.organisations:
        confirmed = next(
            (c for c in confirmations if policy.same_organisation(c.organisation, org["name"])),
            None,
        )
        rows.append(
            {
                "name": org["name"],
                "told_by": told_by.get(org["told_by"], org["told_by"]),
                "confirmation": confirmed,
            }
        )
    return rows


def home_context(user: Any) -> dict[str, Any]:
    """What the statutory records add to the home page."""
    context: dict[str, Any] = {}
    if access.can_manage_cases(user):
        # P6.4: overdue requests show on the officer's and NSO's home pages.
        context["statutory_overdue_requests"] = overdue_planning_requests(user)
        context["statutory_pending_dbs_duties"] = pending_dbs_referral_duties(user)
        context["statutory_panel"] = True
    if access.can_record_cmg_decision(user):
        context["statutory_awaiting_cmg"] = list(disclosures_put_to_cmg(user).filter(decided=False))
        context["statutory_is_cmg"] = True
        context["statutory_panel"] = True
    return context


def statutory_page_context(decision: Decision, user: Any) -> dict[str, Any]:
    """Related records and actions shown on a statutory record's decision page."""
    visible = access.decisions_visible_to(user)
    manages = access.can_manage_cases(user)
    if isinstance(decision, StatutoryAdvice):
        rows = advice_organisation_rows(decision)
        return {
            "organisations": rows,
            "can_confirm": manages and any(r["confirmation"] is None for r in rows),
        }
    if isinstance(decision, PlanningRequest):
        contribution = (
            PlanningContribution.objects.filter(request=decision, pk__in=visible.values("pk"))
            .select_related("recorded_by")
            .first()
        )
        return {
            "contribution": contribution,
            "overdue": policy.planning_request_overdue(
                due_on=decision.due_on,
                contributed=contribution is not None,
                today=timezone.localdate(),
            ),
            "can_contribute": manages and contribution is None,
        }
    if isinstance(decision, DbsDisclosure):
        cmg_decision = CmgDecision.objects.filter(
            disclosure=decision, pk__in=visible.values("pk")
        ).first()
        decided = (
            cmg_decision is not None or CmgDecision.objects.filter(disclosure=decision).exists()
        )
        return {
            "cmg_decision": cmg_decision,
            "can_decide": access.can_record_cmg_decision(user) and not decided,
        }
    if isinstance(decision, (DisciplinaryOutcome, CmgDecision)):
        duty = DbsReferralDuty.objects.filter(removal=decision, pk__in=visible.values("pk")).first()
        return {
            "dbs_duty_applies": decision.dbs_referral_duty_applies,
            "dbs_duty": duty,
            "dbs_duty_prompt": policy.DBS_REFERRAL_DUTY_PROMPT,
            "can_record_duty": manages
            and decision.dbs_referral_duty_applies
            and not DbsReferralDuty.objects.filter(removal=decision).exists(),
        }
    return {}


# --- timescales (alerts) ----------------------------------------------------------------

PLANNING_DUE_MESSAGE = "TTW's contribution to a planning request is due (P6.4)."


def planning_request_timescale(now: dt.datetime) -> list[Timed]:
    """P6.4: each planning request TTW has not contributed to, due by its due date and
    overdue from the day after (``policy.planning_request_overdue``), for the case's owner
    and whoever recorded the request."""
    contribution = PlanningContribution.objects.filter(request=OuterRef("pk"))
    waiting = (
        PlanningRequest.objects.filter(~Exists(contribution))
        .select_related("case")
        .only("pk", "code", "due_on", "recorded_by_id", "case__owner_id")
        .order_by("due_on", "sequence")
    )
    items = []
    for request in waiting:
        falls_due_at, overdue_at = due_on_day(request.due_on)
        owners = {request.recorded_by_id}
        if request.case is not None:
            owners.add(request.case.owner_id)
        items.append(
            Timed(
                key=f"planning_request:{request.code}",
                owners=tuple(sorted(owners)),
                falls_due_at=falls_due_at,
                overdue_at=overdue_at,
                message=PLANNING_DUE_MESSAGE,
                path=reverse("sharing:planning_contribute", args=[request.code]),
            )
        )
    return items

"""Writes for the statutory records (P6.3 to P6.7).

Each service checks the policy (``sharing.policy``) and records one decision
through ``ttw_safeguarding.records.decisions.decision_record``; a refused call raises
``ValidationError`` with the policy's message and leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from cases.models import AdultSubjectToAllegation
from sharing import policy
from sharing.models import (
    AdviceConfirmation,
    CmgDecision,
    CmgMemberAssignment,
    CourtDirection,
    DbsDisclosure,
    DbsReferralDuty,
    DisciplinaryOutcome,
    PlanningContribution,
    PlanningRequest,
    StatutoryAdvice,
)
from ttw_safeguarding.records import access
from ttw_safeguarding.records.decisions import decision_record
from ttw_safeguarding.records.forms import refuse
from ttw_safeguarding.records.models import Decision
from ttw_safeguarding.records.names import display_name
from ttw_safeguarding.records.need_to_know import names_of
from ttw_safeguarding.records.notifications import notify


def _decision_path(decision: Decision) -> str:
    return reverse("decisions:detail", args=[decision.code])


def statutory_advice_record(
    *,
    adult: AdultSubjectToAllegation,
    actor: User,
    agency: str,
    agency_name: str = "",
    adviser: str,
    advised_on: dt.date,
    question: str,
    advice: str,
    organisations: list[dict[str, str]],
    facts: str = "",
    professional_opinion: str = "",
    reason: str,
) -> StatutoryAdvice:
    """P6.3: the advice of a statutory agency on telling the adult's other organisations."""
    refuse(policy.advice_organisation_problems(organisations))
    told = len(organisations)
    return decision_record(
        StatutoryAdvice(
            case=adult.case,
            adult=adult,
            agency=agency,
            agency_name=agency_name,
            adviser=adviser,
            advised_on=advised_on,
            question=question,
            advice=advice,
            organisations=[{"name": o["name"], "told_by": o["told_by"]} for o in organisations],
            outcome=f"Advice received: {told} organisation{'s' if told != 1 else ''} to tell",
            facts=facts,
            professional_opinion=professional_opinion,
            reason=reason,
        ),
        actor=actor,
    )


def advice_confirmation_once_key(advice: StatutoryAdvice, organisation: str) -> str:
    """One confirmation per organisation of the advice, however its name is spaced or cased."""
    name = " ".join(organisation.split()).casefold()
    return f"advice_confirmation:{advice.pk}:{hashlib.sha256(name.encode()).hexdigest()[:32]}"


def planning_contribution_once_key(request: PlanningRequest) -> str:
    return f"planning_contribution:{request.pk}"


def cmg_decision_once_key(disclosure: DbsDisclosure) -> str:
    return f"cmg_decision:{disclosure.pk}"


def dbs_referral_duty_once_key(removal: Decision) -> str:
    return f"dbs_referral_duty:{removal.pk}"


def advice_confirmation_record(
    *,
    advice: StatutoryAdvice,
    actor: User,
    organisation: str,
    told_on: dt.date,
    facts: str = "",
    reason: str,
) -> AdviceConfirmation:
    """P6.3: confirm, once, that an organisation named in the advice was told."""
    refuse(
        policy.advice_confirmation_problems(
            organisations=advice.organisations, organisation=organisation
        )
    )
    entry = next(
        o for o in advice.organisations if policy.same_organisation(o["name"], organisation)
    )
    return decision_record(
        AdviceConfirmation(
            case=advice.case,
            advice=advice,
            organisation=entry["name"],
            told_by=entry["told_by"],
            told_on=told_on,
            outcome=f"{entry['name'][:150]} told",
            facts=facts,
            reason=reason,
        ),
        actor=actor,
        once_key=advice_confirmation_once_key(advice, entry["name"]),
    )


def planning_request_record(
    *,
    adult: AdultSubjectToAllegation,
    actor: User,
    agency: str,
    agency_name: str = "",
    request_kind: str,
    request: str,
    received_on: dt.date,
    due_on: dt.date,
    facts: str = "",
    reason: str,
) -> PlanningRequest:
    """P6.4: enter a statutory agency's planning request in the register."""
    if due_on < received_on:
        raise ValidationError(policy.PLANNING_DUE_BEFORE_RECEIVED)
    kind_label = PlanningRequest.RequestKind(request_kind).label
    return decision_record(
        PlanningRequest(
            case=adult.case,
            adult=adult,
            agency=agency,
            agency_name=agency_name,
            request_kind=request_kind,
            request=request,
            received_on=received_on,
            due_on=due_on,
            outcome=f"{kind_label}: contribution due {due_on:%d %b %Y}",
            facts=facts,
            reason=reason,
        ),
        actor=actor,
    )


def planning_contribution_record(
    *,
    request: PlanningRequest,
    actor: User,
    contribution: str,
    provided_on: dt.date,
    facts: str = "",
    professional_opinion: str = "",
    reason: str,
) -> PlanningContribution:
    """P6.4: what TTW contributed to the agency's planning, and when; once."""
    return decision_record(
        PlanningContribution(
            case=request.case,
            request=request,
            contribution=contribution,
            provided_on=provided_on,
            outcome=f"Contribution provided {provided_on:%d %b %Y}",
            facts=facts,
            professional_opinion=professional_opinion,
            reason=reason,
        ),
        actor=actor,
        once_key=planning_contribution_once_key(request),
    )


def court_direction_record(
    *,
    adult: AdultSubjectToAllegation,
    actor: User,
    court: str,
    order_reference: str,
    order_date: dt.date,
    effect: str,
    information: str,
    recipients: str,
    comply_by: dt.date | None = None,
    facts: str = "",
    reason: str,
) -> CourtDirection:
    """P6.5: a court's direction or permission to share about an individual."""
    if comply_by is not None and comply_by < order_date:
        raise ValidationError(policy.COURT_COMPLY_BEFORE_ORDER)
    effect_label = CourtDirection.Effect(effect).label
    return decision_record(
        CourtDirection(
            case=adult.case,
            adult=adult,
            court=court,
            order_reference=order_reference,
            order_date=order_date,
            effect=effect,
            information=information,
            recipients=recipients,
            comply_by=comply_by,
            outcome=f"{effect_label} ({order_reference[:100]})",
            facts=facts,
            reason=reason,
        ),
        actor=actor,
    )


@transaction.atomic
def disciplinary_outcome_record(
    *,
    adult: AdultSubjectToAllegation,
    actor: User,
    concluded_on: dt.date,
    findings: str,
    sanction: str,
    removed_from_work_with_children: bool,
    because_of_harm: bool,
    need_to_know: Sequence[User],
    facts: str = "",
    professional_opinion: str = "",
    reason: str,
) -> DisciplinaryOutcome:
    """P6.6: a restricted record, seen only by the NSO and the people named on it.

    The recording user is always named, so the record is restricted even when
    nobody else needs to know.
    """
    named = policy.named_on_new_record(actor, need_to_know)
    outcome = decision_record(
        DisciplinaryOutcome(
            case=adult.case,
            adult=adult,
            concluded_on=concluded_on,
            findings=findings,
            sanction=sanction,
            removed_from_work_with_children=removed_from_work_with_children,
            because_of_harm=because_of_harm,
            need_to_know_names=[display_name(u) for u in named],
            outcome=f"Disciplinary outcome: {DisciplinaryOutcome.Sanction(sanction).label}",
            facts=facts,
            professional_opinion=professional_opinion,
            reason=reason,
        ),
        actor=actor,
        clauses=DisciplinaryOutcome.DEFAULT_CLAUSES,
        need_to_know=named,
    )
    # The message says nothing of the content: only that there is a record to open (P6.6).
    notify(
        [u for u in named if u.pk != actor.pk],
        message="A restricted record has been shared with you on a need-to-know basis.",
        path=_decision_path(outcome),
        email_subject="A restricted safeguarding record has been shared with you",
        topic=f"sharing.DisciplinaryOutcome:{outcome.code}",
    )
    return outcome


@transaction.atomic
def dbs_disclosure_record(
    *,
    adult: AdultSubjectToAllegation,
    actor: User,
    certificate_issued_on: dt.date,
    concern: str,
    members: Sequence[User],
    facts: str = "",
    reason: str,
) -> DbsDisclosure:
    """P6.7: put a DBS disclosure concern to the Case Management Group members chosen."""
    members = list(members)
    if not members or not all(access.can_record_cmg_decision(m) for m in members):
        raise ValidationError(policy.CMG_MEMBERS_TO_PUT_REQUIRED)
    disclosure = decision_record(
        DbsDisclosure(
            case=adult.case,
            adult=adult,
            certificate_issued_on=certificate_issued_on,
            concern=concern,
            member_names=[display_name(m) for m in members],
            outcome="DBS disclosure concern put to the Case Management Group",
            facts=facts,
            reason=reason,
        ),
        actor=actor,
    )
    CmgMemberAssignment.objects.bulk_create(
        [CmgMemberAssignment(disclosure=disclosure, member=m) for m in members]
    )
    notify(
        members,
        message="A DBS disclosure concern is put to you for a Case Management Group decision.",
        path=_decision_path(disclosure),
        email_subject="A DBS disclosure concern is waiting for a CMG decision",
        topic=f"sharing.DbsDisclosure:{disclosure.code}",
    )
    return disclosure


@transaction.atomic
def cmg_decision_record(
    *,
    disclosure: DbsDisclosure,
    actor: User,
    meeting_on: dt.date,
    members: list[dict[str, Any]],
    cmg_outcome: str,
    restrictions: str = "",
    removed_from_work_with_children: bool = False,
    because_of_harm: bool = False,
    facts: str = "",
    professional_opinion: str = "",
    reason: str,
) -> CmgDecision:
    """P6.7: the Case Management Group's decision on a DBS disclosure concern."""
    refuse(
        policy.cmg_decision_problems(
            members=members, outcome=cmg_outcome, restrictions=restrictions
        )
    )
    label = dict(policy.CMG_OUTCOME_CHOICES)[cmg_outcome]
    decision = decision_record(
        CmgDecision(
            case=disclosure.case,
            disclosure=disclosure,
            meeting_on=meeting_on,
            members=[
                {
                    "name": m["name"],
                    "role": m.get("role", ""),
                    "independent": bool(m.get("independent")),
                }
                for m in members
            ],
            cmg_outcome=cmg_outcome,
            restrictions=restrictions if cmg_outcome == policy.CMG_RESTRICTIONS else "",
            removed_from_work_with_children=removed_from_work_with_children,
            because_of_harm=because_of_harm,
            outcome=f"Case Management Group: {label}",
            facts=facts,
            professional_opinion=professional_opinion,
            reason=reason,
        ),
        actor=actor,
        once_key=cmg_decision_once_key(disclosure),
    )
    notify(
        [disclosure.recorded_by],
        message="The Case Management Group has recorded its decision on a DBS disclosure.",
        path=_decision_path(decision),
        topic=f"sharing.CmgDecision:{decision.code}",
    )
    return decision


def dbs_referral_duty_record(
    *,
    removal: DisciplinaryOutcome | CmgDecision,
    actor: User,
    referral_made: bool,
    referred_on: dt.date | None,
    dbs_reference: str = "",
    reason: str,
) -> DbsReferralDuty:
    """Record whether and when a person removed because of harm was referred to the DBS.

    A record answering a restricted disciplinary outcome is restricted to the same
    people, so the duty never reveals the outcome to anyone else (P6.6).
    """
    if not getattr(removal, "dbs_referral_duty_applies", False):
        raise ValidationError(policy.DBS_REFERRAL_NOT_DUE)
    refuse(policy.dbs_referral_problems(referral_made=referral_made, referred_on=referred_on))
    need_to_know = policy.inherited_names(names_of(removal))
    outcome = (
        f"Referred to the DBS on {referred_on:%d %b %Y}"
        if referral_made and referred_on
        else "Not referred to the DBS"
    )
    return decision_record(
        DbsReferralDuty(
            case=removal.case,
            removal=removal,
            referral_made=referral_made,
            referred_on=referred_on,
            dbs_reference=dbs_reference,
            outcome=outcome,
            reason=reason,
        ),
        actor=actor,
        need_to_know=need_to_know,
        once_key=dbs_referral_duty_once_key(removal),
    )

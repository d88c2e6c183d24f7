"""Writes of the Case Management Group: each is one decision through ``decision_record``.

Every service asks the policy (``sharing.policy.cmg``) with what the database says now, and
refuses (nothing written) when the policy says no; the forms ask the same rules first so the
person sees the message on the field it is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from adults.models import (
    CaseManagementGroup,
    CmgAppeal,
    CmgDeclaration,
    CmgFinalDecision,
    CmgMembership,
    CmgRouteDecision,
    Suspension,
    SuspensionReview,
)
from cases.models import AdultSubjectToAllegation
from sharing import policy
from ttw_safeguarding.records.decisions import decision_record
from ttw_safeguarding.records.forms import refuse
from ttw_safeguarding.records.names import display_name

MEMBER_NOT_CMG = "Choose members who hold the Case Management Group role."
RECORDER_NOT_IN_GROUP = "Only the NSO or a member of this group records its decisions."


def group_members(group: CaseManagementGroup) -> list[policy.CmgMember]:
    """The group's members as the policy sees them, each with what they declared."""
    declared = {
        member_id: (declaration, conflict)
        for member_id, declaration, conflict in CmgDeclaration.objects.filter(
            group=group
        ).values_list("member_id", "declaration", "conflict")
    }
    return [
        policy.CmgMember(
            member_id=membership.member_id,
            independent=membership.independent,
            declaration=declared.get(membership.member_id, ("", ""))[0],
            conflict=declared.get(membership.member_id, ("", ""))[1],
        )
        for membership in CmgMembership.objects.filter(group=group).order_by("pk")
    ]


def _voters(voters: Iterable[User]) -> list[dict[str, Any]]:
    return [{"id": user.pk, "name": display_name(user)} for user in voters]


def _recorder_problems(
    *, actor: User, members: Sequence[policy.CmgMember], is_nso: bool
) -> list[policy.Problem]:
    """The NSO records the group's decision, or a member who may take part in it."""
    by_id = {member.member_id: member for member in members}
    member = by_id.get(actor.pk)
    if member is None:
        if is_nso:
            return []
        return [policy.Problem(policy.CPSU, "", RECORDER_NOT_IN_GROUP)]
    return policy.cmg_vote_problems(member.declaration)


# --- convening and declarations --------------------------------------------------------


def cmg_convene(
    *,
    actor: User,
    allegation: AdultSubjectToAllegation,
    members: Sequence[User],
    independent: Iterable[User],
    reason: str,
    cmg_users: Iterable[User],
) -> CaseManagementGroup:
    """The NSO convenes the group for an allegation; its members declare afterwards."""
    independent_ids = {user.pk for user in independent}
    allowed = {user.pk for user in cmg_users}
    if any(user.pk not in allowed for user in members):
        refuse([policy.Problem(policy.CPSU, "members", MEMBER_NOT_CMG)])
    cmg_members = [
        policy.CmgMember(member_id=user.pk, independent=user.pk in independent_ids)
        for user in members
    ]
    refuse(
        [
            *policy.cmg_membership_problems(cmg_members, require_declarations=False),
            *(
                [policy.Problem("P6.11", "reason", policy.CMG_DECISION_REASON_REQUIRED)]
                if not reason.strip()
                else []
            ),
        ]
    )
    with transaction.atomic():
        group = decision_record(
            CaseManagementGroup(
                allegation=allegation,
                case=allegation.case,
                members=[
                    {
                        "id": user.pk,
                        "name": display_name(user),
                        "independent": user.pk in independent_ids,
                    }
                    for user in members
                ],
                outcome=f"Case Management Group convened for {allegation.name}"[:200],
                reason=reason,
            ),
            actor=actor,
            once_key=f"cmg_convened:{allegation.pk}",
        )
        for user in members:
            CmgMembership.objects.create(
                group=group, member=user, independent=user.pk in independent_ids
            )
    return group


def cmg_declaration_record(
    *, actor: User, group: CaseManagementGroup, declaration: str, conflict: str
) -> CmgDeclaration:
    """A member's own declaration of interest, once."""
    is_member = CmgMembership.objects.filter(group=group, member=actor).exists()
    member = policy.CmgMember(member_id=actor.pk, declaration=declaration, conflict=conflict)
    problems = [
        p
        for p in policy.cmg_membership_problems([member], minimum_size=1)
        if p.message != policy.CMG_INDEPENDENT_MEMBER_REQUIRED
    ]
    if not is_member:
        problems.append(policy.Problem(policy.CPSU, "", policy.CMG_VOTE_REFUSED_NOT_MEMBER))
    refuse(problems)
    label = dict(policy.Declaration.CHOICES)[declaration]
    return decision_record(
        CmgDeclaration(
            group=group,
            case=group.case,
            member=actor,
            declaration=declaration,
            conflict=conflict if declaration == policy.Declaration.CONFLICT else "",
            outcome=label[:200],
            reason="A member's declaration of interest before the group considers the case.",
        ),
        actor=actor,
        once_key=f"cmg_declaration:{group.pk}:{actor.pk}",
    )


# --- the group's decisions ---------------------------------------------------------------


def _quorate(
    *, actor: User, group: CaseManagementGroup, voters: Sequence[User], is_nso: bool
) -> list[policy.Problem]:
    members = group_members(group)
    return [
        *policy.cmg_membership_problems(members),
        *policy.cmg_quorum_problems(members, [user.pk for user in voters]),
        *_recorder_problems(actor=actor, members=members, is_nso=is_nso),
    ]


def cmg_route_record(
    *,
    actor: User,
    group: CaseManagementGroup,
    voters: Sequence[User],
    route: str,
    reason: str,
    facts: str = "",
    is_nso: bool = False,
) -> CmgRouteDecision:
    refuse(
        [
            *_quorate(actor=actor, group=group, voters=voters, is_nso=is_nso),
            *policy.cmg_route_problems(route=route, reason=reason),
        ]
    )
    return decision_record(
        CmgRouteDecision(
            group=group,
            case=group.case,
            voters=_voters(voters),
            route=route,
            outcome=dict(policy.CaseRoute.CHOICES)[route][:200],
            reason=reason,
            facts=facts,
        ),
        actor=actor,
    )


def cmg_suspension_record(
    *,
    actor: User,
    group: CaseManagementGroup,
    voters: Sequence[User],
    from_what: str,
    starts_on: dt.date | None,
    review_on: dt.date | None,
    reason: str,
    facts: str = "",
    is_nso: bool = False,
) -> Suspension:
    refuse(
        [
            *_quorate(actor=actor, group=group, voters=voters, is_nso=is_nso),
            *policy.suspension_problems(
                from_what=from_what,
                starts_on=starts_on,
                review_on=review_on,
                reason=reason,
                today=timezone.localdate(),
            ),
        ]
    )
    assert starts_on is not None and review_on is not None
    return decision_record(
        Suspension(
            group=group,
            case=group.case,
            voters=_voters(voters),
            from_what=from_what,
            starts_on=starts_on,
            review_on=review_on,
            outcome=f"Temporarily suspended from {from_what}"[:200],
            reason=reason,
            facts=facts,
        ),
        actor=actor,
    )


def suspension_lifted(suspension: Suspension) -> bool:
    return SuspensionReview.objects.filter(
        reviewed_suspension=suspension, review_decision=policy.SuspensionReviewDecision.LIFT
    ).exists()


SUSPENSION_ALREADY_LIFTED = "CPSU: this suspension is already lifted."
SUSPENSION_ENDED_BY_FINAL_DECISION = (
    "CPSU: the group's final decision has replaced this suspension; there is nothing to review."
)


def cmg_suspension_review_record(
    *,
    actor: User,
    suspension: Suspension,
    voters: Sequence[User],
    reviewed_on: dt.date,
    review_decision: str,
    next_review_on: dt.date | None,
    varied_from_what: str,
    reason: str,
    is_nso: bool = False,
) -> SuspensionReview:
    group = suspension.group
    problems = [
        *_quorate(actor=actor, group=group, voters=voters, is_nso=is_nso),
        *policy.suspension_review_problems(
            starts_on=suspension.starts_on,
            reviewed_on=reviewed_on,
            decision=review_decision,
            next_review_on=next_review_on,
            reason=reason,
            today=timezone.localdate(),
            varied_from_what=varied_from_what,
        ),
    ]
    if suspension_lifted(suspension):
        problems.append(policy.Problem(policy.CPSU, "", SUSPENSION_ALREADY_LIFTED))
    elif CmgFinalDecision.objects.filter(group=suspension.group_id).exists():
        problems.append(policy.Problem(policy.CPSU, "", SUSPENSION_ENDED_BY_FINAL_DECISION))
    refuse(problems)
    in_place = review_decision in policy.SuspensionReviewDecision.IN_PLACE
    return decision_record(
        SuspensionReview(
            reviewed_suspension=suspension,
            case=group.case,
            voters=_voters(voters),
            reviewed_on=reviewed_on,
            review_decision=review_decision,
            varied_from_what=(
                varied_from_what if review_decision == policy.SuspensionReviewDecision.VARY else ""
            ),
            next_review_on=next_review_on if in_place else None,
            outcome=dict(policy.SuspensionReviewDecision.CHOICES)[review_decision][:200],
            reason=reason,
        ),
        actor=actor,
    )


def cmg_final_decision_record(
    *,
    actor: User,
    group: CaseManagementGroup,
    voters: Sequence[User],
    cmg_outcome: str,
    restrictions: str,
    reason: str,
    facts: str = "",
    is_nso: bool = False,
) -> CmgFinalDecision:
    members = group_members(group)
    refuse(
        [
            *policy.cmg_final_decision_problems(
                members=members,
                voter_ids=[user.pk for user in voters],
                outcome=cmg_outcome,
                restrictions=restrictions,
                reason=reason,
            ),
            *_recorder_problems(actor=actor, members=members, is_nso=is_nso),
        ]
    )
    return decision_record(
        CmgFinalDecision(
            group=group,
            case=group.case,
            voters=_voters(voters),
            cmg_outcome=cmg_outcome,
            restrictions=restrictions if cmg_outcome == policy.CMG_RESTRICTIONS else "",
            outcome=dict(policy.CMG_OUTCOME_CHOICES)[cmg_outcome][:200],
            reason=reason,
            facts=facts,
        ),
        actor=actor,
        once_key=f"cmg_final_decision:{group.pk}",
    )


def cmg_appeal_record(
    *,
    actor: User,
    final_decision: CmgFinalDecision,
    panel: Sequence[User],
    lodged_on: dt.date,
    grounds: str,
    appeal_outcome: str,
    variation: str,
    reason: str,
) -> CmgAppeal:
    """An appeal heard apart from the group: nobody on the group sits on the panel."""
    group = final_decision.group
    original = {m.member_id for m in group_members(group)} | final_decision.voter_ids()
    refuse(
        [
            *policy.appeal_problems(
                against_final_decision=True,
                original_member_ids=original,
                panel_ids=[user.pk for user in panel],
                grounds=grounds,
                decided_on=timezone.localdate(final_decision.recorded_at),
                lodged_on=lodged_on,
                today=timezone.localdate(),
            ),
            *policy.appeal_outcome_problems(
                outcome=appeal_outcome, variation=variation, reason=reason
            ),
        ]
    )
    return decision_record(
        CmgAppeal(
            final_decision=final_decision,
            case=group.case,
            lodged_on=lodged_on,
            grounds=grounds,
            panel=_voters(panel),
            appeal_outcome=appeal_outcome,
            variation=variation if appeal_outcome == policy.AppealOutcome.VARIED else "",
            outcome=dict(policy.AppealOutcome.CHOICES)[appeal_outcome][:200],
            reason=reason,
        ),
        actor=actor,
        once_key=f"cmg_appeal:{final_decision.pk}",
    )

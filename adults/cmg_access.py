"""Who may see a case's Case Management Group and act for it (declared to the core).

Need to know, as for the DBS disclosures put to the CMG: a Case Management Group member
sees the group of a case only when they are a member of it (another case's group answers
404), and with it the group's own records, nothing else of the case. The NSO convenes, sees
every group and may record its decisions (as the lead officer who minutes them) and appeals.
Officers see every group (they manage the case the group's route and suspensions act on)
but act for none: 403. A club's or a region's welfare officer never learns a group exists:
404, as for every adult's page. Everyone else is refused (403).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

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
from ttw_safeguarding.records.access import (
    Predicate,
    by_code,
    can_manage_cases,
    can_record_cmg_decision,
    can_review_decisions,
    can_see_club_records,
)


def _welfare_only(user: Any) -> bool:
    # Let through to the record rule, which answers 404: nothing says a group exists.
    return can_see_club_records(user)


def may_ask_for_cmg(user: Any) -> bool:
    """The group's page: officers, the NSO and CMG members (then which group: 404)."""
    if can_manage_cases(user):
        return True
    if can_record_cmg_decision(user):
        return True
    return _welfare_only(user)


def may_convene(user: Any) -> bool:
    """The NSO convenes a group (a welfare officer is answered 404 by the record rule)."""
    if can_review_decisions(user):
        return True
    return _welfare_only(user)


def may_act_for_group(user: Any) -> bool:
    """The NSO and CMG members record the group's decisions (which group: 404, then 403)."""
    if can_review_decisions(user):
        return True
    if can_record_cmg_decision(user):
        return True
    return _welfare_only(user)


def may_declare(user: Any) -> bool:
    """A member declares their own interest."""
    if can_record_cmg_decision(user):
        return True
    return _welfare_only(user)


def groups_visible_to(user: Any) -> QuerySet[CaseManagementGroup]:
    """Officers and the NSO see every group; a CMG member the groups they are on."""
    groups = CaseManagementGroup.objects.all()
    if can_manage_cases(user):
        return groups
    if can_record_cmg_decision(user):
        return groups.filter(memberships__member=user)
    return groups.none()


def allegations_for_cmg(user: Any) -> QuerySet[AdultSubjectToAllegation]:
    """The allegations whose group page the user may open (a member: only their groups')."""
    lines = AdultSubjectToAllegation.objects.exclude(person__isnull=True)
    if can_manage_cases(user):
        return lines
    if can_record_cmg_decision(user):
        return lines.filter(case_management_group__in=groups_visible_to(user))
    return lines.none()


def allegation_for_cmg(user: Any, code: Any) -> AdultSubjectToAllegation:
    return by_code(allegations_for_cmg(user).select_related("case", "person"), code)


def group_for_user(user: Any, code: Any) -> CaseManagementGroup:
    return by_code(groups_visible_to(user).select_related("allegation", "allegation__case"), code)


def suspension_for_user(user: Any, code: Any) -> Suspension:
    suspensions = Suspension.objects.filter(group__in=groups_visible_to(user))
    return by_code(suspensions.select_related("group", "group__allegation"), code)


def final_decision_for_user(user: Any, code: Any) -> CmgFinalDecision:
    finals = CmgFinalDecision.objects.filter(group__in=groups_visible_to(user))
    return by_code(finals.select_related("group", "group__allegation"), code)


def is_member(user: Any, group: CaseManagementGroup) -> bool:
    return CmgMembership.objects.filter(group=group, member=user).exists()


def may_record_for(user: Any, group: CaseManagementGroup) -> bool:
    """The NSO, or a member of this group (the policy then asks their declaration)."""
    if can_review_decisions(user):
        return True
    return can_record_cmg_decision(user) and is_member(user, group)


def may_download_letter(user: Any) -> bool:
    """The suspension letter: the NSO and the group's members (which group: 404)."""
    return may_act_for_group(user)


def group_records_for_member(user: Any) -> Q:
    # A CMG member sees the decisions of the groups they are on (need to know), never a
    # restricted record, nothing else of the case.
    if not can_record_cmg_decision(user):
        return Q(pk__in=[])
    groups = CmgMembership.objects.filter(member=user).values("group")
    return Q(is_restricted=False) & (
        Q(pk__in=groups)
        | Q(pk__in=CmgDeclaration.objects.filter(group__in=groups).values("pk"))
        | Q(pk__in=CmgRouteDecision.objects.filter(group__in=groups).values("pk"))
        | Q(pk__in=Suspension.objects.filter(group__in=groups).values("pk"))
        | Q(
            pk__in=SuspensionReview.objects.filter(reviewed_suspension__group__in=groups).values(
                "pk"
            )
        )
        | Q(pk__in=CmgFinalDecision.objects.filter(group__in=groups).values("pk"))
        | Q(pk__in=CmgAppeal.objects.filter(final_decision__group__in=groups).values("pk"))
    )


# Which allegation, group or suspension: the *_for_user functions above give 404.
PAGE_RULES: dict[str, Predicate] = {
    "adults:cmg": may_ask_for_cmg,
    "adults:cmg_convene": may_convene,
    "adults:cmg_declare": may_declare,
    "adults:cmg_route": may_act_for_group,
    "adults:cmg_suspend": may_act_for_group,
    "adults:cmg_review": may_act_for_group,
    "adults:cmg_final": may_act_for_group,
    "adults:cmg_appeal": may_convene,
    "adults:cmg_letter": may_download_letter,
}

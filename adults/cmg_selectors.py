"""Reads of the Case Management Group: the group's page, the suspensions in place and
their reviews due, the overdue reviews on the home page, and the restrictions a welfare
officer is told of (a suspension in place, a final decision of restrictions or unsuitable)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from adults import cmg_access
from adults.models import (
    CaseManagementGroup,
    CmgDeclaration,
    CmgFinalDecision,
    CmgMembership,
    CmgRouteDecision,
    Suspension,
    SuspensionReview,
)
from sharing import policy
from ttw_safeguarding.records import access, roles
from ttw_safeguarding.records.names import display_name
from ttw_safeguarding.records.timescales import Timed, due_on_day

LIFT = policy.SuspensionReviewDecision.LIFT


def suspensions_with_state(qs: QuerySet[Suspension]) -> QuerySet[Suspension]:
    """Suspensions annotated with their current review date (``due_on``: the last review's
    next date, else their own) and whether a review lifted them, in one query."""
    reviews = SuspensionReview.objects.filter(reviewed_suspension=OuterRef("pk")).order_by(
        "-sequence"
    )
    return qs.annotate(
        last_next_review_on=Subquery(reviews.values("next_review_on")[:1]),
        last_review_decision=Subquery(reviews.values("review_decision")[:1]),
    ).annotate(due_on=Coalesce(F("last_next_review_on"), F("review_on")))


def suspensions_in_place(qs: QuerySet[Suspension] | None = None) -> QuerySet[Suspension]:
    qs = Suspension.objects.all() if qs is None else qs
    # Never reviewed (no last decision) or last reviewed without being lifted. CPSU: a
    # temporary suspension holds until the group's final decision, which replaces it (its
    # restrictions, if any, are the final decision's own), so none is in place, or due
    # for review, once the group has decided.
    return suspensions_with_state(qs.filter(group__final_decision__isnull=True)).filter(
        Q(last_review_decision__isnull=True) | ~Q(last_review_decision=LIFT)
    )


@dataclass(frozen=True)
class OverdueReview:
    adult: str
    case_reference: str
    due_on: dt.date
    url: str


def overdue_reviews_for(user: Any) -> list[OverdueReview]:
    """CPSU: the suspensions in place whose review date has passed, for the NSO (all) and a
    CMG member (their groups'), one query however many."""
    from django.urls import reverse

    if not (access.can_review_decisions(user) or access.can_record_cmg_decision(user)):
        return []
    today = timezone.localdate()
    groups = cmg_access.groups_visible_to(user)
    in_place = suspensions_in_place(Suspension.objects.filter(group__in=groups))
    due = (
        in_place.filter(due_on__lt=today)  # type: ignore[misc]  # an annotation
        .select_related("group__allegation__case")
        .order_by("due_on", "sequence")
    )
    return [
        OverdueReview(
            adult=suspension.group.allegation.name,
            case_reference=suspension.group.allegation.case.reference,
            due_on=suspension.due_on,  # type: ignore[attr-defined]
            url=reverse("adults:cmg", args=[suspension.group.allegation.code]),
        )
        for suspension in due
        if policy.suspension_review_overdue(suspension.due_on, None, today)  # type: ignore[attr-defined]
    ]


@dataclass(frozen=True)
class MyGroup:
    adult: str
    case_reference: str
    declared: bool
    url: str


def groups_of_member(user: Any) -> list[MyGroup]:
    """A CMG member's own groups, and whether they have declared in each (two queries)."""
    from django.urls import reverse

    if not access.can_record_cmg_decision(user):
        return []
    groups = list(
        cmg_access.groups_visible_to(user)
        .select_related("allegation__case")
        .order_by("-recorded_at")
    )
    declared = set(
        CmgDeclaration.objects.filter(member=user, group__in=[g.pk for g in groups]).values_list(
            "group_id", flat=True
        )
    )
    return [
        MyGroup(
            adult=group.allegation.name,
            case_reference=group.allegation.case.reference,
            declared=group.pk in declared,
            url=reverse("adults:cmg", args=[group.allegation.code]),
        )
        for group in groups
    ]


def home_context(user: Any) -> dict[str, Any]:
    """The NSO's and a CMG member's home page: suspension reviews overdue; a member's own
    groups."""
    if not (access.can_review_decisions(user) or access.can_record_cmg_decision(user)):
        return {}
    context: dict[str, Any] = {"cmg_overdue_reviews": overdue_reviews_for(user)}
    if access.can_record_cmg_decision(user):
        context["cmg_my_groups"] = groups_of_member(user)
    return context


# --- restrictions a welfare officer is told of (by name and club only) ----------------------


def suspension_restrictions() -> Iterable[int]:
    """CPSU: a temporary suspension in place (not lifted by a review)."""
    return (
        suspensions_in_place()
        .exclude(group__allegation__person__isnull=True)
        .values_list("group__allegation__person", flat=True)
    )


def final_decision_restrictions() -> Iterable[int]:
    """P6.7: the group's final decision that restrictions are needed or the adult unsuitable."""
    return (
        CmgFinalDecision.objects.filter(cmg_outcome__in=policy.CMG_OUTCOMES_THAT_ALLOW_SHARING)
        .exclude(group__allegation__person__isnull=True)
        .values_list("group__allegation__person", flat=True)
    )


# --- the group's page -------------------------------------------------------------------


# What a member declared, as the group's page says it of them.
DECLARED = {
    policy.Declaration.NO_CONFLICT: "No conflict of interest",
    policy.Declaration.CONFLICT: "Conflict of interest declared",
}


@dataclass(frozen=True)
class MemberRow:
    user_id: int
    name: str
    independent: bool
    declaration: str
    conflict: str


@dataclass(frozen=True)
class SuspensionRow:
    suspension: Suspension
    reviews: list[SuspensionReview]
    in_place: bool
    due_on: dt.date
    overdue: bool


def group_page(*, user: Any, group: CaseManagementGroup) -> dict[str, Any]:
    """Everything the group's page shows, as the user may see it."""
    declarations = {
        d.member_id: d
        for d in access.decisions_visible_to(user, model=CmgDeclaration).filter(group=group)
    }
    labels = DECLARED
    members = [
        MemberRow(
            user_id=m.member_id,
            name=display_name(m.member),
            independent=m.independent,
            declaration=labels.get(declarations[m.member_id].declaration, "")
            if m.member_id in declarations
            else "",
            conflict=declarations[m.member_id].conflict if m.member_id in declarations else "",
        )
        for m in CmgMembership.objects.filter(group=group).select_related("member").order_by("pk")
    ]
    today = timezone.localdate()
    suspensions = suspensions_with_state(
        access.decisions_visible_to(user, model=Suspension).filter(group=group)
    ).order_by("sequence")
    reviews: dict[int, list[SuspensionReview]] = {}
    for review in (
        access.decisions_visible_to(user, model=SuspensionReview)
        .filter(reviewed_suspension__group=group)
        .order_by("sequence")
    ):
        reviews.setdefault(review.reviewed_suspension_id, []).append(review)
    rows = []
    for suspension in suspensions:
        in_place = suspension.last_review_decision != LIFT  # type: ignore[attr-defined]
        due_on = suspension.due_on  # type: ignore[attr-defined]
        rows.append(
            SuspensionRow(
                suspension=suspension,
                reviews=reviews.get(suspension.pk, []),
                in_place=in_place,
                due_on=due_on,
                overdue=in_place and policy.suspension_review_overdue(due_on, None, today),
            )
        )
    final = access.decisions_visible_to(user, model=CmgFinalDecision).filter(group=group).first()
    appeal = None
    if final is not None:
        appeal = getattr(final, "appeal", None)
    return {
        "members": members,
        "declared_by_me": user.pk in declarations,
        "routes": list(
            access.decisions_visible_to(user, model=CmgRouteDecision)
            .filter(group=group)
            .order_by("sequence")
        ),
        "suspensions": rows,
        "final": final,
        "appeal": appeal,
    }


# --- timescales (alerts) ----------------------------------------------------------------

SUSPENSION_REVIEW_DUE_MESSAGE = "A suspension is due for review by the Case Management Group."


def suspension_review_timescale(now: dt.datetime) -> list[Timed]:
    """CPSU: each suspension in place, due for review on its review date (the last review's
    next date, else its own) and overdue from the day after
    (``policy.suspension_review_overdue``); for the group's members and the NSOs, who see
    the overdue reviews on their home pages (``overdue_reviews_for``)."""
    nsos = set(access.users_with_permission(roles.REVIEW_DECISIONS).values_list("pk", flat=True))
    suspensions = list(
        suspensions_in_place().only("pk", "code", "group_id").order_by("due_on", "sequence")  # type: ignore[misc]  # an annotation
    )
    members: dict[int, set[int]] = {}
    for group_id, member_id in CmgMembership.objects.filter(
        group__in={s.group_id for s in suspensions}
    ).values_list("group_id", "member_id"):
        members.setdefault(group_id, set()).add(member_id)
    items = []
    for suspension in suspensions:
        falls_due_at, overdue_at = due_on_day(suspension.due_on)  # type: ignore[attr-defined]
        items.append(
            Timed(
                key=f"suspension_review:{suspension.code}:{suspension.due_on}",  # type: ignore[attr-defined]
                owners=tuple(sorted(nsos | members.get(suspension.group_id, set()))),
                falls_due_at=falls_due_at,
                overdue_at=overdue_at,
                message=SUSPENSION_REVIEW_DUE_MESSAGE,
                path=reverse("adults:cmg_review", args=[suspension.code]),
            )
        )
    return items

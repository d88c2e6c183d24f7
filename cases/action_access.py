"""Who may add, see and complete actions, declared to the core's access mechanism.

An action names its record by kind and code; whether a person may open that record is
asked of the record's own app through the core's record kinds, never decided here.
Officers and the NSO add actions, and see those they set, those assigned to them and
those on records they may open. A club's or a region's welfare officer sees only the
actions assigned to them or to the clubs they cover. Anybody else has no actions.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from cases.models import Action
from clubs.access import welfare_clubs_of
from ttw_safeguarding.records.access import (
    Predicate,
    by_code,
    can_manage_cases,
    can_see_club_records,
)
from ttw_safeguarding.records.record_kinds import record_kind, record_kinds


def can_have_actions(user: Any) -> bool:
    """Officers, the NSO and welfare officers: the people an action may be assigned to."""
    if can_manage_cases(user):
        return True
    return can_see_club_records(user)


def can_add_action(user: Any) -> bool:
    return can_manage_cases(user)


def actions_owned_by(user: Any) -> Q:
    """The actions ``user`` must do: assigned to them, or to a club they cover."""
    owned = Q(assignee=user)
    if can_see_club_records(user):
        owned |= Q(assignee_club__in=welfare_clubs_of(user))
    return owned


def actions_visible_to(user: Any) -> QuerySet[Action]:
    """Actions ``user`` may see (see the module's docstring)."""
    if not user.is_authenticated:
        return Action.objects.none()
    if can_manage_cases(user):
        seen = actions_owned_by(user) | Q(created_by=user)
        # The records they may open, asked of each kind's own app.
        for kind in record_kinds().values():
            seen |= Q(target_kind=kind.key, target_code__in=kind.visible_to(user).values("code"))
        return Action.objects.filter(seen)
    if can_see_club_records(user):
        return Action.objects.filter(actions_owned_by(user))
    return Action.objects.none()


def action_for_user(user: Any, code: Any) -> Action:
    return by_code(
        actions_visible_to(user).select_related("assignee", "assignee_club", "created_by"), code
    )


def may_complete(user: Any, action: Action) -> bool:
    """The assignee, a welfare officer of the assigned club, officers and the NSO."""
    if can_manage_cases(user):
        return True
    if action.assignee_id is not None:
        return bool(action.assignee_id == user.pk)
    if action.assignee_club_id is None or not can_see_club_records(user):
        return False
    return welfare_clubs_of(user).filter(pk=action.assignee_club_id).exists()


def may_open_target(user: Any, kind_key: str, code: Any) -> bool:
    """Whether ``user`` may open the record ``(kind_key, code)``, as its own page answers."""
    try:
        record_kind(kind_key).for_user(user, code)
    except Http404:
        return False
    return True


PAGE_RULES: dict[str, Predicate] = {
    # Which record: record_for_user (adding) and action_for_user (completing) give 404.
    "cases:action_add": can_add_action,
    "cases:my_actions": can_have_actions,
    "cases:action_done": can_have_actions,
}

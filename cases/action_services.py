"""Writes for actions: adding one to a record, and completing it, each with its audit entry.

Both rows are insert only; django-auditlog writes the audit entry with the acting user
in the same transaction. The one-time submission key is kept beside each row, so a
repeated submit records once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditlog.context import set_actor
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases import access as case_access
from cases import action_access
from cases.models import Action, ActionDone, Case
from clubs.models import Club
from ttw_safeguarding.records import submissions
from ttw_safeguarding.records.notifications import notify
from ttw_safeguarding.records.record_kinds import record_for_user

WHAT_REQUIRED = "Say what is to be done."
OUTCOME_REQUIRED = "Say what was done: the outcome."
DUE_IN_PAST = "The due date cannot be in the past."
ONE_ASSIGNEE = "Choose a person or a club (its welfare officers), not both."
ASSIGNEE_REQUIRED = "Choose who is to do it: a person or a club (its welfare officers)."
ASSIGNEE_MAY_NOT_SEE = (
    "{name} may not open this record, so cannot be given an action on it: choose an "
    "officer or the NSO."
)
ASSIGNEE_CANNOT_ACT = "{name} cannot have actions: choose an officer, the NSO or a club."
ALREADY_DONE = "This action was already completed by {name} on {date}; it was not recorded again."
MAY_NOT_COMPLETE = "Only the person or club it is assigned to, officers and the NSO complete it."

MESSAGE_ASSIGNED = "An action is assigned to you."
MESSAGE_DONE = "An action you set is completed."


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _case_of(record: Any) -> Case | None:
    """The case a record is or is on, so the case page lists the action."""
    if isinstance(record, Case):
        return record
    case = getattr(record, "case", None) if getattr(record, "case_id", None) else None
    return case if isinstance(case, Case) else None


@transaction.atomic
def action_add(
    *,
    actor: User,
    target_kind: str,
    target_code: Any,
    what: str,
    due_on: dt.date,
    assignee: User | None = None,
    assignee_club: Club | None = None,
) -> Action:
    """Add an action on the record ``(target_kind, target_code)`` that ``actor`` may open
    (a 404 otherwise), for a person who may open it too or for a club's welfare officers."""
    kind, record = record_for_user(actor, target_kind, target_code)
    errors: dict[str, list[str]] = {}
    if not what.strip():
        errors.setdefault("what", []).append(WHAT_REQUIRED)
    if due_on < timezone.localdate():
        errors.setdefault("due_on", []).append(DUE_IN_PAST)
    if assignee is not None and assignee_club is not None:
        errors.setdefault("__all__", []).append(ONE_ASSIGNEE)
    elif assignee is None and assignee_club is None:
        errors.setdefault("__all__", []).append(ASSIGNEE_REQUIRED)
    elif assignee is not None:
        if not assignee.is_active or not action_access.can_have_actions(assignee):
            errors.setdefault("assignee", []).append(
                ASSIGNEE_CANNOT_ACT.format(name=_name(assignee))
            )
        elif not action_access.may_open_target(assignee, kind.key, record.code):
            errors.setdefault("assignee", []).append(
                ASSIGNEE_MAY_NOT_SEE.format(name=_name(assignee))
            )
    if errors:
        raise ValidationError(errors)
    action = Action(
        target_kind=kind.key,
        target_code=record.code,
        target_label=kind.describe(record)[:200],
        case=_case_of(record),
        what=what.strip(),
        assignee=assignee,
        assignee_club=assignee_club,
        due_on=due_on,
        created_by=actor,
    )
    action.full_clean()
    with set_actor(actor):
        action.save()
    submissions.submission_remember(action, actor=actor)
    owners = (
        [assignee] if assignee is not None else list(case_access.welfare_officers_of(assignee_club))  # type: ignore[arg-type]
    )
    # In-app only, and no detail: the action's page says what, to those who may see it.
    notify(
        [user for user in owners if user.pk != actor.pk],
        message=MESSAGE_ASSIGNED,
        path=reverse("cases:my_actions"),
        topic=f"cases.Action:{action.code}",
    )
    return action


@transaction.atomic
def action_complete(*, actor: User, action: Action, outcome: str) -> ActionDone:
    """Complete ``action``: once, by someone it is for (or an officer or the NSO), with the
    outcome. The person who set it is told."""
    if not action_access.may_complete(actor, action):
        raise ValidationError(MAY_NOT_COMPLETE)
    if not outcome.strip():
        raise ValidationError({"outcome": [OUTCOME_REQUIRED]})
    # Two people completing the same action at once: the second waits, then is told.
    action = Action.objects.select_for_update().select_related("created_by").get(pk=action.pk)
    existing = ActionDone.objects.filter(action=action).select_related("done_by").first()
    if existing is not None:
        when = timezone.localtime(existing.done_at)
        raise ValidationError(
            ALREADY_DONE.format(name=_name(existing.done_by), date=f"{when:%-d %b %Y}")
        )
    done = ActionDone(action=action, outcome=outcome.strip(), done_by=actor)
    done.full_clean()
    with set_actor(actor):
        done.save()
    submissions.submission_remember(done, actor=actor)
    setter = action.created_by
    if setter.is_active and setter.pk != actor.pk:
        notify(
            [setter],
            message=MESSAGE_DONE,
            path=reverse("cases:action_done", args=[action.code]),
            topic=f"cases.ActionDone:{done.code}",
        )
    return done

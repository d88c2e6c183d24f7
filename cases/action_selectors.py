"""Reads for actions: My actions, a case's open actions, the home panel and the timescale.

Each list costs the same number of queries whatever its length: the records the actions
name are looked up once per kind, through the kind's own app, to know which the reader
may open (the description and link are shown only for those).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from cases import access as case_access
from cases import action_access
from cases.models import Action, ActionDone, Case
from clubs.access import welfare_clubs_of
from ttw_safeguarding.records.access import can_manage_cases, can_see_club_records
from ttw_safeguarding.records.record_kinds import record_kinds
from ttw_safeguarding.records.timescales import Timed

LONDON = ZoneInfo("Europe/London")
TIMED_MESSAGE = "An action is due."
HOME_LIMIT = 10
# My actions comes a page at a time: 500 rows took a third of a second to draw.
ACTIONS_PER_PAGE = 25


@dataclass
class ActionRow:
    action: Action
    # the record's description and page, only when the reader may open it
    target_label: str
    target_url: str
    is_overdue: bool
    may_complete: bool


def _open(actions: QuerySet[Action]) -> QuerySet[Action]:
    return actions.filter(done__isnull=True)


def _ordered(actions: QuerySet[Action]) -> QuerySet[Action]:
    # Overdue first (their due dates are the earliest), then by due date.
    return actions.select_related("assignee", "assignee_club", "created_by").order_by(
        "due_on", "created_at"
    )


def _targets_open_to(user: Any, actions: list[Action]) -> dict[tuple[str, Any], str]:
    """The page of every record named by ``actions`` that ``user`` may open: one query per
    kind present, asked of the kind's own app."""
    codes: dict[str, set[Any]] = defaultdict(set)
    for action in actions:
        codes[action.target_kind].add(action.target_code)
    kinds = record_kinds()
    found: dict[tuple[str, Any], str] = {}
    for key, wanted in codes.items():
        kind = kinds.get(key)
        if kind is None:
            continue
        for record in kind.visible_to(user).filter(code__in=wanted):
            found[(key, record.code)] = kind.url(record)
    return found


def _clubs_of(user: Any) -> set[int]:
    if not can_see_club_records(user):
        return set()
    return set(welfare_clubs_of(user).values_list("pk", flat=True))


def action_rows(user: Any, actions: Iterable[Action]) -> list[ActionRow]:
    items = list(actions)
    targets = _targets_open_to(user, items)
    today = timezone.localdate()
    manages = can_manage_cases(user)
    clubs = _clubs_of(user)
    rows = []
    for action in items:
        url = targets.get((action.target_kind, action.target_code), "")
        may_complete = (
            manages
            or (action.assignee_id is not None and action.assignee_id == user.pk)
            or (action.assignee_club_id is not None and action.assignee_club_id in clubs)
        )
        rows.append(
            ActionRow(
                action=action,
                target_label=action.target_label if url else "",
                target_url=url,
                is_overdue=action.due_on < today,
                may_complete=may_complete,
            )
        )
    return rows


def my_open_actions(*, user: Any) -> QuerySet[Action]:
    """The open actions ``user`` must do, overdue first, then by due date."""
    mine = Action.objects.filter(action_access.actions_owned_by(user))
    return _ordered(_open(mine))


def my_actions(*, user: Any) -> list[ActionRow]:
    return action_rows(user, my_open_actions(user=user))


def open_actions_set_by(*, user: Any) -> QuerySet[Action]:
    """The open actions ``user`` set for others, overdue first."""
    if not action_access.can_add_action(user):
        return Action.objects.none()
    theirs = Action.objects.filter(created_by=user).exclude(assignee=user)
    return _ordered(_open(theirs))


def actions_set_by(*, user: Any) -> list[ActionRow]:
    return action_rows(user, open_actions_set_by(user=user))


def case_open_actions(*, user: Any, case: Case) -> list[ActionRow]:
    """The open actions on ``case`` (or its records) that ``user`` may see."""
    on_case = action_access.actions_visible_to(user).filter(case=case)
    return action_rows(user, _ordered(_open(on_case)))


def action_done_of(action: Action) -> ActionDone | None:
    return ActionDone.objects.filter(action=action).select_related("done_by").first()


def home_context(user: Any) -> dict[str, Any]:
    """Overdue actions on the home page of everyone who may have actions."""
    if not action_access.can_have_actions(user):
        return {}
    overdue = _open(Action.objects.filter(action_access.actions_owned_by(user))).filter(
        due_on__lt=timezone.localdate()
    )
    return {
        "actions_overdue": action_rows(user, _ordered(overdue)[:HOME_LIMIT]),
        "actions_overdue_count": overdue.count(),
    }


# --- the timescale: every open action, for the core's alerts --------------------------


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LONDON)


def actions_timed(now: dt.datetime) -> Iterator[Timed]:
    """Every open action as a ``Timed`` item: owned by its assignee or its club's welfare
    officers, falling due at the start of its due date (Europe/London) and overdue at the
    end of it. The message and path say nothing of the record."""
    open_actions = list(_open(Action.objects.all()).order_by("due_on", "pk"))
    club_owners: dict[int, tuple[int, ...]] = {}
    path = reverse("cases:my_actions")
    for action in open_actions:
        if action.assignee_id is not None:
            owners: tuple[int, ...] = (action.assignee_id,)
        else:
            club_id = action.assignee_club_id
            assert club_id is not None, "an action has a person or a club (action_one_assignee)"
            if club_id not in club_owners:
                club_owners[club_id] = tuple(
                    sorted(
                        case_access.welfare_officers_of(action.assignee_club).values_list(  # type: ignore[arg-type]
                            "pk", flat=True
                        )
                    )
                )
            owners = club_owners[club_id]
        yield Timed(
            key=f"actions:{action.code}",
            owners=owners,
            falls_due_at=_start_of(action.due_on),
            overdue_at=_start_of(action.due_on + dt.timedelta(days=1)),
            message=TIMED_MESSAGE,
            path=path,
        )


def add_action_tool(kind: str, record: Any, user: Any) -> tuple[str, str] | None:
    """ "Add an action" on the page of any kind of record, for those who add actions."""
    if not action_access.can_add_action(user):
        return None
    return ("Add an action", reverse("cases:action_add", args=[kind, record.code]))

"""P6.12 rules for media approaches and their handling, called directly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sharing import policy

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def _facts(**overrides) -> policy.MediaApproachFacts:
    values: dict[str, Any] = {
        "now": NOW,
        "approached_at": NOW - dt.timedelta(hours=1),
        "journalist_name": "Jo",
        "phone": "0123",
        "information_wanted": "Anything about the camp",
        "anything_said": False,
    }
    values.update(overrides)
    return policy.MediaApproachFacts(**values)


def _messages(problems) -> set[str]:
    return {p.message for p in problems}


def test_a_complete_approach_has_no_problem():
    assert policy.media_approach_problems(_facts()) == []


def test_any_one_contact_detail_is_enough():
    for contact in ({"phone": "0123"}, {"email": "a@b.example"}, {"other_contact": "@jo"}):
        facts = _facts(**{"phone": "", **contact})
        assert policy.media_approach_problems(facts) == []
    missing = policy.media_approach_problems(_facts(phone=" "))
    assert _messages(missing) == {policy.MEDIA_CONTACT_REQUIRED}


def test_what_the_policy_requires_is_named():
    problems = policy.media_approach_problems(
        _facts(journalist_name="", information_wanted="", anything_said=None)
    )
    assert _messages(problems) == {
        policy.MEDIA_JOURNALIST_REQUIRED,
        policy.MEDIA_REQUEST_REQUIRED,
        policy.MEDIA_ANYTHING_SAID_REQUIRED,
    }
    assert {p.clause for p in problems} == {"P6.12"}


def test_something_said_must_be_written_down():
    assert _messages(policy.media_approach_problems(_facts(anything_said=True))) == {
        policy.MEDIA_WHAT_WAS_SAID_REQUIRED
    }
    said = _facts(anything_said=True, what_was_said="No comment")
    assert policy.media_approach_problems(said) == []


def test_times():
    future = _facts(approached_at=NOW + dt.timedelta(minutes=1))
    assert _messages(policy.media_approach_problems(future)) == {policy.MEDIA_APPROACH_IN_FUTURE}
    assert policy.media_approach_problems(_facts(approached_at=NOW)) == []
    early = _facts(deadline=NOW - dt.timedelta(hours=2))
    assert _messages(policy.media_approach_problems(early)) == {
        policy.MEDIA_DEADLINE_BEFORE_APPROACH
    }


def _handling(**overrides):
    values: dict[str, Any] = {
        "now": NOW,
        "acknowledged": True,
        "approached_at": NOW - dt.timedelta(days=1),
        "handling": policy.MediaHandlingChoice.DECLINED,
        "handled_at": NOW - dt.timedelta(hours=1),
        "reason": "No comment on individuals.",
    }
    values.update(overrides)
    return _messages(policy.media_handling_problems(**values))


def test_handling_rules():
    assert _handling() == set()
    assert _handling(acknowledged=False) == {policy.MEDIA_NOT_ACKNOWLEDGED}
    assert _handling(handling="response") == {policy.MEDIA_RESPONSE_REQUIRED}
    assert _handling(handling="response", response="Statement") == set()
    assert _handling(handling="press_office") == {policy.MEDIA_PRESS_OFFICE_REQUIRED}
    assert _handling(handling="other") == {policy.MEDIA_HANDLING_REQUIRED}
    assert _handling(reason=" ") == {policy.REASON_REQUIRED}
    assert _handling(handled_at=NOW + dt.timedelta(minutes=1)) == {policy.MEDIA_HANDLED_IN_FUTURE}
    assert _handling(handled_at=NOW - dt.timedelta(days=2)) == {
        policy.MEDIA_HANDLED_BEFORE_APPROACH
    }


# --- P6.12: the acknowledgement's timescale -------------------------------------------


def test_an_approach_is_to_be_acknowledged_by_the_next_working_day() -> None:
    friday, monday = dt.date(2026, 11, 27), dt.date(2026, 11, 30)
    assert policy.media_acknowledgement_due_on(friday) == monday
    assert policy.media_acknowledgement_due_on(monday) == dt.date(2026, 12, 1)


def test_a_deadline_sooner_than_the_due_day_makes_it_overdue_at_the_deadline() -> None:
    ends = dt.datetime(2026, 12, 2, 0, 0, tzinfo=dt.UTC)
    sooner = ends - dt.timedelta(hours=20)
    later = ends + dt.timedelta(days=3)
    assert policy.media_acknowledgement_overdue_at(due_day_ends_at=ends, deadline=sooner) == sooner
    assert policy.media_acknowledgement_overdue_at(due_day_ends_at=ends, deadline=later) == ends
    assert policy.media_acknowledgement_overdue_at(due_day_ends_at=ends, deadline=None) == ends

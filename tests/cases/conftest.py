"""Fixtures of the cases tests: state built through the cases services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from cases import services
from cases.models import Case, Concern, Triage


def concern_fields(**overrides: Any) -> dict[str, Any]:
    """A complete concern form (the POST data a reporter sends), with ``overrides``."""
    when = timezone.localtime() - dt.timedelta(hours=2)
    data: dict[str, Any] = {
        "in_immediate_danger": "no",
        "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
        "activity": "Football practice",
        "venue": "Riverside pitch",
        "town": "Cardiff",
        "local_authority": "cardiff",
        "facts": "Alex had a bruise on the left forearm and said it was from home.",
        "childs_words": "Dad grabbed me when I was late.",
        "professional_opinion": "Alex seemed scared to go home.",
        "categories": ["physical"],
        "immediate_action": "Stayed with Alex until the session ended.",
        "marks-TOTAL_FORMS": "3",
        "marks-INITIAL_FORMS": "0",
        "marks-MIN_NUM_FORMS": "0",
        "marks-MAX_NUM_FORMS": "20",
    }
    data.update(overrides)
    return data


@pytest.fixture
def record_concern(django_capture_on_commit_callbacks) -> Callable[..., Concern]:
    """Record a concern through the service, running its after-commit work."""

    def _record(actor: Any, child: Any = None, **overrides: Any) -> Concern:
        fields: dict[str, Any] = {
            "occurred_at": timezone.now() - dt.timedelta(hours=3),
            "facts": "The child said an adult at home hit them.",
            "professional_opinion": "The child seemed frightened of going home.",
            "categories": ["physical"],
            "is_urgent": False,
        }
        fields.update(overrides)
        if child is None and "new_child" not in fields:
            fields["new_child"] = services.NewChild(name="Alex Example", approximate_age=9)
        with django_capture_on_commit_callbacks(execute=True):
            return services.concern_record(actor=actor, child=child, **fields)

    return _record


@pytest.fixture
def triage_concern(django_capture_on_commit_callbacks) -> Callable[..., Triage]:
    def _triage(actor: Any, concern: Concern, case: Case | None = None, **overrides: Any):
        fields: dict[str, Any] = {
            "owner": actor,
            "risk_level": Case.Risk.HIGH,
            "status": Case.Status.OPEN,
            "meets_referral_threshold": False,
            "threshold_rationale": "",
            "reason": "Physical injury explained by the child as caused at home.",
        }
        fields.update(overrides)
        with django_capture_on_commit_callbacks(execute=True):
            return services.concern_triage(actor=actor, concern=concern, case=case, **fields)

    return _triage


@pytest.fixture
def threshold_case(staff, officer, record_concern, triage_concern) -> Case:
    """A case opened from Sam's concern, marked as meeting the referral threshold."""
    concern = record_concern(staff)
    triage = triage_concern(
        officer,
        concern,
        meets_referral_threshold=True,
        threshold_rationale="Injury with a disclosure of harm at home.",
    )
    return triage.case

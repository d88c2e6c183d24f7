"""Fixtures for the statutory records tests: an adult subject to an allegation, and
each record built through its real service (with after-commit work, the report, run).

Import the fixtures a module uses: ``from tests.sharing.statutory_fixtures import ...``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from sharing import policy
from sharing.statutory import services

__all__ = [
    "adult",
    "other_adult",
    "record_advice",
    "record_planning",
    "record_court_direction",
    "record_disciplinary",
    "record_disclosure",
    "record_cmg_decision",
]


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def adult(case, officer):
    """Alan, an adult subject to an allegation who coaches at Riverside FC too (P6.3)."""
    from cases.models import AdultSubjectToAllegation

    return AdultSubjectToAllegation.objects.create(
        case=case,
        name="Alan Adult",
        role_in_ttw=AdultSubjectToAllegation.RoleInTTW.VOLUNTEER,
        works_with_children_elsewhere=True,
        other_organisations="Riverside FC; Hilltop Scouts",
        created_by=officer,
    )


@pytest.fixture
def other_adult(officer, staff):
    """An adult on a different case, never put to the CMG."""
    from cases.models import AdultSubjectToAllegation, Case, Child
    from cases.services import reference_next

    child = Child.objects.create(
        name="Other Child",
        approximate_age=9,
        reference=reference_next(prefix="C"),
        created_by=staff,
    )
    other_case = Case.objects.create(
        reference=reference_next(prefix="CASE"), child=child, owner=officer, opened_by=officer
    )
    return AdultSubjectToAllegation.objects.create(
        case=other_case, name="Owen Other", role_in_ttw="staff", created_by=officer
    )


def _run(capture: Any, fn: Callable[..., Any], **kwargs: Any) -> Any:
    with capture(execute=True):
        return fn(**kwargs)


@pytest.fixture
def record_advice(django_capture_on_commit_callbacks):
    def _record(adult, actor, **overrides: Any):
        fields: dict[str, Any] = {
            "adult": adult,
            "actor": actor,
            "agency": "lado",
            "adviser": "Lee, LADO duty officer",
            "advised_on": days_ago(2),
            "question": "Should Riverside FC and Hilltop Scouts be told?",
            "advice": "TTW tells Riverside FC; the LADO tells Hilltop Scouts.",
            "organisations": [
                {"name": "Riverside FC", "told_by": policy.TOLD_BY_TTW},
                {"name": "Hilltop Scouts", "told_by": policy.TOLD_BY_AGENCY},
            ],
            "facts": "The LADO was phoned on Monday.",
            "reason": "P6.3 requires the advice of the statutory agencies.",
        }
        fields.update(overrides)
        return _run(django_capture_on_commit_callbacks, services.statutory_advice_record, **fields)

    return _record


@pytest.fixture
def record_planning(django_capture_on_commit_callbacks):
    def _record(adult, actor, **overrides: Any):
        fields: dict[str, Any] = {
            "adult": adult,
            "actor": actor,
            "agency": "mappa",
            "request_kind": "mappa_meeting",
            "request": "Attendance records for the last six months.",
            "received_on": days_ago(10),
            "due_on": days_ago(3),
            "reason": "The MAPPA panel asked for TTW's contribution.",
        }
        fields.update(overrides)
        return _run(django_capture_on_commit_callbacks, services.planning_request_record, **fields)

    return _record


@pytest.fixture
def record_court_direction(django_capture_on_commit_callbacks):
    def _record(adult, actor, **overrides: Any):
        fields: dict[str, Any] = {
            "adult": adult,
            "actor": actor,
            "court": "Family Court at Leeds",
            "order_reference": "LS-2026-118",
            "order_date": days_ago(5),
            "effect": "directs",
            "information": "The findings of the investigation.",
            "recipients": "Riverside FC",
            "reason": "The court directed it.",
        }
        fields.update(overrides)
        return _run(django_capture_on_commit_callbacks, services.court_direction_record, **fields)

    return _record


@pytest.fixture
def record_disciplinary(django_capture_on_commit_callbacks):
    def _record(adult, actor, need_to_know=(), **overrides: Any):
        fields: dict[str, Any] = {
            "adult": adult,
            "actor": actor,
            "concluded_on": days_ago(1),
            "findings": "Secret finding: gross misconduct with the under-12s.",
            "sanction": "dismissed",
            "removed_from_work_with_children": False,
            "because_of_harm": False,
            "need_to_know": list(need_to_know),
            "facts": "The panel met on Tuesday.",
            "reason": "The investigation has concluded.",
        }
        fields.update(overrides)
        return _run(
            django_capture_on_commit_callbacks, services.disciplinary_outcome_record, **fields
        )

    return _record


@pytest.fixture
def record_disclosure(django_capture_on_commit_callbacks):
    def _record(adult, actor, members, **overrides: Any):
        fields: dict[str, Any] = {
            "adult": adult,
            "actor": actor,
            "certificate_issued_on": days_ago(20),
            "concern": "The certificate shows a caution relevant to work with children.",
            "members": members,
            "reason": "The disclosure raises a safeguarding concern.",
        }
        fields.update(overrides)
        return _run(django_capture_on_commit_callbacks, services.dbs_disclosure_record, **fields)

    return _record


INDEPENDENT_PANEL = [
    {"name": "Carol Chair", "role": "Chair", "independent": False},
    {"name": "Ian Independent", "role": "Independent member", "independent": True},
]


@pytest.fixture
def record_cmg_decision(django_capture_on_commit_callbacks):
    def _record(disclosure, actor, **overrides: Any):
        fields: dict[str, Any] = {
            "disclosure": disclosure,
            "actor": actor,
            "meeting_on": days_ago(1),
            "members": INDEPENDENT_PANEL,
            "cmg_outcome": policy.CMG_RESTRICTIONS,
            "restrictions": "No unsupervised contact with children.",
            "reason": "The caution is relevant to the role.",
        }
        fields.update(overrides)
        return _run(django_capture_on_commit_callbacks, services.cmg_decision_record, **fields)

    return _record

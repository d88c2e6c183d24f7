"""Personas and helpers shared by every test.

Each persona says what they may see. State is built through the real
services, never by writing rows a user could not have written.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from ttw_safeguarding import roles

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path) -> None:
    """Written reports made by tests go to a temporary folder, never var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_user(db) -> Callable[..., Any]:
    def _make(username: str, role: str | None = None, **extra: Any):
        from auditlog.context import disable_auditlog

        # Set-up accounts, not audited actions: no audit entry and no notice to the NSOs
        # (tests of account changes make their own, after this).
        with disable_auditlog():
            user = get_user_model().objects.create_user(
                username=username,
                password=PASSWORD,
                email=f"{username}@ttw.example",
                first_name=username.capitalize(),
                **extra,
            )
            if role:
                user.groups.add(Group.objects.get(name=role))
        return user

    return _make


@pytest.fixture
def staff(make_user):
    """Sam, staff: records concerns and media approaches; sees only what Sam submitted."""
    return make_user("sam", roles.STAFF)


@pytest.fixture
def staff2(make_user):
    """Stella, staff: must never see Sam's submissions."""
    return make_user("stella", roles.STAFF)


@pytest.fixture
def officer(make_user):
    """Olivia, safeguarding officer: all cases and decisions except restricted records."""
    return make_user("olivia", roles.OFFICER)


@pytest.fixture
def officer2(make_user):
    """Oscar, a second safeguarding officer."""
    return make_user("oscar", roles.OFFICER)


@pytest.fixture
def nso(make_user):
    """Nadia, National Safeguarding Officer: everything, restricted records and audit log too."""
    return make_user("nadia", roles.NSO)


@pytest.fixture
def nso2(make_user):
    """Neil, a second NSO: reviews decisions Nadia made."""
    return make_user("neil", roles.NSO)


@pytest.fixture
def cmg(make_user):
    """Carol, Case Management Group member: only DBS and CMG items of cases put to the CMG."""
    return make_user("carol", roles.CMG)


@pytest.fixture
def sysadmin(make_user):
    """Sid, system administrator: accounts only, no case content."""
    return make_user("sid", roles.SYSADMIN, is_staff=True)


@pytest.fixture
def superuser(make_user):
    """Uma, a superuser with no role (as ``createsuperuser`` makes one): account
    administration in the admin, and nothing of the records, the audit log included."""
    return make_user("uma", is_superuser=True, is_staff=True)


@pytest.fixture
def norole(make_user):
    """Nobody, an account with no role: sees nothing of the records."""
    return make_user("nobody")


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    def _client(user) -> Client:
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return _client


@pytest.fixture
def child(staff):
    from auditlog.context import disable_auditlog

    from cases.models import Child
    from cases.services import reference_next

    # Set-up rows, not audited actions: tests that count audit entries count only theirs.
    with disable_auditlog():
        return Child.objects.create(
            name="Test Child",
            approximate_age=10,
            reference=reference_next(prefix="C"),
            created_by=staff,
        )


@pytest.fixture
def case(child, officer):
    from auditlog.context import disable_auditlog

    from cases.models import Case
    from cases.services import reference_next

    with disable_auditlog():
        return Case.objects.create(
            reference=reference_next(prefix="CASE"), child=child, owner=officer, opened_by=officer
        )


@pytest.fixture
def record_referral(django_capture_on_commit_callbacks):
    """Record a referral through the decision path, running after-commit work (the report)."""
    from cases.models import Referral
    from ttw_safeguarding.decisions import decision_record

    def _record(case, actor, **overrides: Any):
        fields: dict[str, Any] = {
            "case": case,
            "outcome": "Referred to children's social care",
            "facts": "The child said an adult at home hit them.",
            "professional_opinion": "The child appeared frightened of going home.",
            "reason": "The concern meets the threshold for referral.",
            "agency": "social_care",
            "agency_contact": "Duty social worker",
            "referred_at": timezone.now(),
            "method": "phone",
            "information_shared": "The concern as recorded.",
        }
        fields.update(overrides)
        with django_capture_on_commit_callbacks(execute=True):
            return decision_record(Referral(**fields), actor=actor)

    return _record


def pdf_text(data: bytes) -> str:
    """The text of a PDF, parsed back with pypdf."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)

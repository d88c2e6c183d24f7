"""Personas and helpers shared by every test.

Each persona says what they may see. State is built through the real
services, never by writing rows a user could not have written.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from ttw_safeguarding.records import roles

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="session")
def evidence_keys(tmp_path_factory) -> dict[str, Path]:
    """The organisation's checkpoint key and signing certificate, made once for the run."""
    from ttw_safeguarding.records.signing import keys_generate

    folder = tmp_path_factory.mktemp("keys")
    keys = {
        "TTW_CHECKPOINT_KEY_FILE": folder / "checkpoint_key.pem",
        "TTW_SIGNING_KEY_FILE": folder / "signing_key.pem",
        "TTW_SIGNING_CERT_FILE": folder / "signing_cert.pem",
    }
    keys_generate(
        checkpoint_key=keys["TTW_CHECKPOINT_KEY_FILE"],
        signing_key=keys["TTW_SIGNING_KEY_FILE"],
        signing_cert=keys["TTW_SIGNING_CERT_FILE"],
    )
    return keys


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path, evidence_keys) -> None:
    """Written reports and checkpoints made by tests go to a temporary folder, never var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TTW_CHECKPOINT_DIR = tmp_path / "checkpoints"
    # Evidence files too (ttw_safeguarding.records.storage.EvidenceFileStorage).
    settings.TTW_EVIDENCE_ROOT = tmp_path / "evidence"
    for name, path in evidence_keys.items():
        setattr(settings, name, path)


@pytest.fixture(scope="session", autouse=True)
def _flush_with_triggers_off() -> Iterator[None]:
    """The test harness empties PostgreSQL between transactional tests with TRUNCATE.

    The record tables refuse TRUNCATE (ttw_safeguarding.records.db). The harness connects as a
    PostgreSQL superuser, which alone may set ``session_replication_role = replica``
    (triggers off) for its own session; the application's role cannot, so this is
    open to the tests only.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: DatabaseOperations, sql_list: list[str]) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            original(self, sql_list)
        finally:
            with self.connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings) -> None:
    """Accounts made and signed in with a quick hash.

    Production hashes with Argon2 (``ttw_safeguarding/settings.py``; proved by
    ``test_security_settings.test_passwords_are_hashed_with_argon2``, which puts it back).
    One Argon2 hash takes 0.4 s on a 2-core machine, and a test makes a dozen accounts:
    it was most of the suite's time.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_when_queued(settings) -> None:
    """Tasks run as soon as they are queued (after commit), so a test sees their outcome.

    The default set-up queues them to the database for ``db_worker``
    (``test_security_settings.test_the_default_set_up_renders_nothing_in_the_request``);
    tests of that path set ``TASKS`` back to it.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def roles_after_flush(transactional_db) -> None:
    """For tests with real commits: the roles and reference data the migrations made, again.

    A test with real commits ends by emptying the database; the content types and
    permissions come back by themselves, the roles and the local authorities (data
    migrations) do not.
    """
    from django.contrib.auth.models import Permission
    from django.core.management.sql import emit_post_migrate_signal

    from cases import local_authorities
    from cases.models import LocalAuthority

    emit_post_migrate_signal(0, False, "default")
    for role, codenames in roles.ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for full in codenames:
            app_label, codename = full.split(".") if "." in full else ("ttw_safeguarding", full)
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
    local_authorities.load(LocalAuthority)


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
def board(make_user):
    """Bea, board safeguarding lead: reviews share decisions an NSO made and sees only those
    (their reference and written reports); no case page, no other decision, no restricted
    record she is not named on."""
    return make_user("bea", roles.BOARD)


@pytest.fixture
def board2(make_user):
    """Bill, a second board safeguarding lead: never reviews a decision Bea made."""
    return make_user("bill", roles.BOARD)


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


# --- clubs across Wales: two regions, a club in each and a second in the north --------


@pytest.fixture
def region_north(db):
    from clubs.models import Region

    return Region.objects.create(name="North Wales TTA", welfare_officer_email="n@ttw.example")


@pytest.fixture
def region_south(db):
    from clubs.models import Region

    return Region.objects.create(name="South Wales TTA", welfare_officer_email="s@ttw.example")


@pytest.fixture
def club_north(region_north):
    from clubs.models import Club

    return Club.objects.create(name="Bangor TTC", region=region_north)


@pytest.fixture
def club_north2(region_north):
    from clubs.models import Club

    return Club.objects.create(name="Conwy TTC", region=region_north)


@pytest.fixture
def club_south(region_south):
    from clubs.models import Club

    return Club.objects.create(name="Cardiff TTC", region=region_south)


@pytest.fixture
def cwo(make_user, club_north):
    """Ceri, Bangor's club welfare officer: records concerns for Bangor and sees Bangor's
    concerns and the cases made from them; nothing of another club, nothing restricted."""
    from clubs.models import ClubWelfareOfficer

    ceri = make_user("ceri", roles.CLUB_WELFARE_OFFICER)
    ClubWelfareOfficer.objects.create(user=ceri, club=club_north)
    return ceri


@pytest.fixture
def cwo2(make_user, club_south):
    """Dylan, Cardiff's club welfare officer: must never see Bangor's records."""
    from clubs.models import ClubWelfareOfficer

    dylan = make_user("dylan", roles.CLUB_WELFARE_OFFICER)
    ClubWelfareOfficer.objects.create(user=dylan, club=club_south)
    return dylan


@pytest.fixture
def rwo(make_user, region_north):
    """Rhian, the north's regional welfare officer: every northern club's, as Ceri's."""
    from clubs.models import RegionalWelfareOfficer

    rhian = make_user("rhian", roles.REGIONAL_WELFARE_OFFICER)
    RegionalWelfareOfficer.objects.create(user=rhian, region=region_north)
    return rhian


@pytest.fixture
def rwo2(make_user, region_south):
    """Rhys, the south's regional welfare officer: nothing of the north."""
    from clubs.models import RegionalWelfareOfficer

    rhys = make_user("rhys", roles.REGIONAL_WELFARE_OFFICER)
    RegionalWelfareOfficer.objects.create(user=rhys, region=region_south)
    return rhys


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
    from ttw_safeguarding.records.decisions import decision_record

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

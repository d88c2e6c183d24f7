"""Every read of a case, child, decision, report or restricted record is an ACCESS entry
in the audit log, with the user who read it.

Walks every registry scenario that names the record it shows (``reads=``), as
each persona allowed to see it, and counts the ACCESS entries for that record.
"""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from tests.ttw_safeguarding.access_registry import REGISTRY, SIGNED_IN, World

pytestmark = pytest.mark.django_db

READ_PAGES = sorted(
    (name, index)
    for name, entry in REGISTRY.items()
    for index, scenario in enumerate(entry.scenarios)
    if scenario.reads is not None
)


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(request, django_capture_on_commit_callbacks) -> World:
    users = {p: request.getfixturevalue(p) for p in SIGNED_IN}
    return World(users=users, capture=django_capture_on_commit_callbacks)


def _accesses(record, user) -> int:
    """ACCESS entries by ``user`` for ``record`` (as its own type or a parent type)."""
    models = [type(record), *type(record)._meta.get_parent_list()]
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        content_type__in=ContentType.objects.get_for_models(*models).values(),
        object_pk=str(record.pk),
        actor=user,
    ).count()


def test_the_walk_covers_the_detail_pages():
    names = {name for name, _ in READ_PAGES}
    assert {"decisions:detail", "decisions:report"} <= names


@pytest.mark.parametrize(("name", "index"), READ_PAGES)
def test_each_read_is_logged_with_the_reader(name, index, world):
    scenario = REGISTRY[name].scenarios[index]
    url = reverse(name, kwargs=scenario.kwargs(world) if scenario.kwargs else None)
    record = scenario.reads(world)
    readers = [p for p, status in scenario.expect.items() if status == 200]
    assert readers, f"{name}: nobody may read it?"
    for persona in readers:
        user = world[persona]
        c = Client()
        c.force_login(user)
        before = _accesses(record, user)
        response = c.get(url)
        assert response.status_code == 200, (name, persona)
        assert _accesses(record, user) == before + 1, (
            f"{name} [{scenario.label}] read by {persona} left no ACCESS entry in the audit log"
        )


def test_a_refused_read_logs_nothing(world):
    record = world.restricted_referral
    c = Client()
    c.force_login(world["officer"])
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    assert c.get(reverse("decisions:detail", args=[record.code])).status_code == 404
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before

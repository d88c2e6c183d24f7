"""Issue: foundation. Login everywhere, a home page per role, roles, demo data."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import get_resolver, reverse

from ttw_safeguarding import roles
from ttw_safeguarding.access import PUBLIC_PAGES

pytestmark = pytest.mark.django_db


def _all_url_names() -> list[str]:
    names = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
                walk(p.url_patterns, ns)
            elif p.name:
                names.append(prefix + p.name)

    walk(get_resolver().url_patterns)
    return names


def test_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_login_page_is_public(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"<title>Sign in" in response.content


def test_every_other_page_requires_login(client):
    from tests.ttw_safeguarding.url_samples import sample_url

    for name in _all_url_names():
        if name in PUBLIC_PAGES or name.startswith("admin:"):
            continue
        url = sample_url(name)
        response = client.get(url)
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


def test_each_role_sees_its_own_home(client_for, staff, officer, nso, cmg, sysadmin):
    for user, role in [
        (staff, roles.STAFF),
        (officer, roles.OFFICER),
        (nso, roles.NSO),
        (cmg, roles.CMG),
        (sysadmin, roles.SYSADMIN),
    ]:
        response = client_for(user).get(reverse("home"))
        assert response.status_code == 200
        assert role in response.content.decode()


def test_navigation_shows_audit_log_to_nso_only(client_for, officer, nso):
    audit = reverse("audit:log").encode()
    assert audit in client_for(nso).get(reverse("home")).content
    assert audit not in client_for(officer).get(reverse("home")).content


def test_user_with_no_role_sees_nothing(client_for, norole, case, officer, record_referral):
    decision = record_referral(case, officer)
    c = client_for(norole)
    home = c.get(reverse("home"))
    assert b"no role" in home.content
    assert case.reference.encode() not in home.content
    assert c.get(reverse("decisions:detail", args=[decision.code])).status_code == 404


def test_seed_demo_twice_gives_the_same_data(settings):
    from django.contrib.auth import get_user_model

    from cases.models import Case, Child

    settings.DEBUG = True
    call_command("seed_demo", password="demo-password-123")
    first = (
        sorted(get_user_model().objects.values_list("username", flat=True)),
        Child.objects.count(),
        Case.objects.count(),
    )
    call_command("seed_demo", password="demo-password-123")
    second = (
        sorted(get_user_model().objects.values_list("username", flat=True)),
        Child.objects.count(),
        Case.objects.count(),
    )
    assert first == second
    assert {"staff", "officer", "nso", "cmg", "sysadmin"} <= set(first[0])
    assert first[1] > 0 and first[2] > 0
    assert Child.objects.filter(is_demo=False).count() == 0


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_static_files_are_served_by_the_application(client):
    # Bootstrap comes from the npm registry at setup and is served by the application.
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/bootstrap/css/bootstrap.min.css")

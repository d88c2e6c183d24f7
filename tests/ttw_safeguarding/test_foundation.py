"""Issue: foundation. Login everywhere, a home page per role, roles, demo data."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import get_resolver, reverse

from ttw_safeguarding.records import roles
from ttw_safeguarding.records.access import PUBLIC_PAGES

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

    from cases.models import AdultSubjectToAllegation, Case, Child
    from ttw_safeguarding.records.models import Decision

    settings.DEBUG = True
    call_command("seed_demo", password="demo-password-123")

    def counts():
        return (
            sorted(get_user_model().objects.values_list("username", flat=True)),
            Child.objects.count(),
            Case.objects.count(),
            AdultSubjectToAllegation.objects.count(),
            Decision.objects.count(),
        )

    first = counts()
    call_command("seed_demo", password="demo-password-123")
    second = counts()
    assert first == second
    assert {"staff", "officer", "nso", "cmg", "sysadmin"} <= set(first[0])
    assert first[1] > 0 and first[2] > 0 and first[3] > 0
    assert Child.objects.filter(is_demo=False).count() == 0


def test_seed_demo_gives_every_role_something_to_see(settings, client_for):
    from django.contrib.auth import get_user_model

    from media_contacts.selectors import media_approaches_awaiting_acknowledgement
    from sharing import policy
    from sharing.models import ShareDecision
    from sharing.selectors import review_queue
    from sharing.statutory.selectors import disclosures_put_to_cmg

    settings.DEBUG = True
    call_command("seed_demo", password="demo-password-123")
    users = {u.username: u for u in get_user_model().objects.all()}
    nso, cmg = users["nso"], users["cmg"]

    # The share without consent, by the officer, waits in the NSO's review queue.
    without_consent = ShareDecision.objects.get(
        consent=policy.Consent.REFUSED, method=ShareDecision.Method.SECURE_EMAIL
    )
    assert without_consent.recorded_by == users["officer"]
    assert without_consent.consent_record is not None
    assert without_consent.consent_record.answer == policy.Consent.REFUSED
    assert without_consent.significant_harm_justification.startswith("Demo:")
    assert without_consent in review_queue(user=nso)
    queue = client_for(nso).get(reverse("sharing:review_queue")).content.decode()
    assert reverse("sharing:review_new", args=[without_consent.code]) in queue
    # The demo adult's allegation has its designated officer told (WSP5), and a low-level
    # concern about them is kept apart from it.
    from adults.models import DesignatedOfficerNotice, LowLevelConcern

    assert DesignatedOfficerNotice.objects.filter(allegation__name="Demo Adult Drew").exists()
    assert LowLevelConcern.objects.filter(person__name="Demo Adult Drew").exists()
    # The urgent share by phone waits for its written report.
    by_phone = ShareDecision.objects.get(method=ShareDecision.Method.PHONE)
    assert by_phone.needs_written_report_confirmation
    assert not by_phone.written_report_confirmations.exists()

    # The approach recorded by staff waits in the NSO's media inbox.
    approach = media_approaches_awaiting_acknowledgement(user=nso).get()
    assert approach.recorded_by == users["staff"]
    inbox = client_for(nso).get(reverse("media_contacts:inbox")).content.decode()
    assert str(approach.code) in inbox

    # The DBS disclosure is put to the cmg user and shows on the CMG list.
    disclosure = disclosures_put_to_cmg(cmg).get()
    cmg_list = client_for(cmg).get(reverse("sharing:cmg_list")).content.decode()
    assert disclosure.adult.name in cmg_list

    # The NSO's own decision waits for the board safeguarding lead, who sees nothing else.
    board = users["board"]
    own = ShareDecision.objects.get(recorded_by=nso)
    assert list(review_queue(user=board)) == [own]
    board_queue = client_for(board).get(reverse("sharing:review_queue")).content.decode()
    assert reverse("sharing:review_new", args=[own.code]) in board_queue
    assert own in review_queue(user=nso)  # listed, marked as Nadia's own

    # Every role's home page opens.
    for username in ("staff", "officer", "nso", "cmg", "board", "sysadmin"):
        assert client_for(users[username]).get(reverse("home")).status_code == 200


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_static_files_are_served_by_the_application(client):
    # Bootstrap comes from the npm registry at setup and is served by the application.
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/bootstrap/css/bootstrap.min.css")

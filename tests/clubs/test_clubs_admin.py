"""The NSO keeps the clubs and their welfare officers in the admin; nobody else does."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from clubs.models import Club, ClubWelfareOfficer, RegionalWelfareOfficer

pytestmark = pytest.mark.django_db


def test_an_nso_edits_clubs_in_the_admin_and_sees_no_accounts(make_user, client_for, club_north):
    from ttw_safeguarding.records import roles

    nadia = client_for(make_user("nadia", roles.NSO, is_staff=True))
    change = reverse("admin:clubs_club_change", args=[club_north.pk])
    assert nadia.get(reverse("admin:clubs_club_changelist")).status_code == 200
    response = nadia.post(
        change,
        {
            "name": "Bangor Table Tennis Club",
            "welfare_officer_email": "welfare@bangor.example",
            "welfare_officer_phone": "",
            "league": "",
            "region": club_north.region_id,
        },
    )
    assert response.status_code == 302
    club_north.refresh_from_db()
    assert club_north.name == "Bangor Table Tennis Club"
    assert nadia.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_the_administrator_and_an_nso_without_is_staff_keep_out_of_the_clubs(
    sysadmin, nso, client_for
):
    assert client_for(sysadmin).get(reverse("admin:clubs_club_changelist")).status_code == 403
    assert client_for(nso).get(reverse("admin:clubs_club_changelist")).status_code == 403


def test_seed_demo_gives_two_regions_and_their_welfare_officers(settings):
    settings.DEBUG = True
    call_command("seed_demo", password="demo-password-123")
    call_command("seed_demo", password="demo-password-123")
    assert Club.objects.values("region").distinct().count() == 2
    ceri = ClubWelfareOfficer.objects.get(user__username="cwo").club
    dylan = ClubWelfareOfficer.objects.get(user__username="cwo2").club
    rhian = RegionalWelfareOfficer.objects.get(user__username="rwo").region
    assert ceri.region == rhian
    assert dylan.region != rhian

"""Club scoping, both ways: a welfare officer sees their clubs' records and nothing else.

Ceri (cwo) is Bangor's club welfare officer and Rhian (rwo) the north's regional welfare
officer; Dylan (cwo2) looks after Cardiff and Rhys (rwo2) the south. Officers and the NSO
see every club. Another club's concern, case, chronology, child and search result answers
as a record that does not exist; a restricted record never shows to a welfare officer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import access as case_access
from cases import services
from cases.models import Case, Concern, Triage
from tests.cases.conftest import concern_fields
from ttw_safeguarding.records import roles
from ttw_safeguarding.records.decisions import canonical_content, compute_hash, decision_record

pytestmark = pytest.mark.django_db


def _concern(actor: Any, club: Any, capture: Any, **extra: Any) -> Concern:
    with capture(execute=True):
        return services.concern_record(
            actor=actor,
            club=club,
            new_child=services.NewChild(name=extra.pop("name", "Alex Example"), approximate_age=9),
            occurred_at=timezone.now() - dt.timedelta(hours=1),
            facts="Alex said a coach shouted at them.",
            categories=["emotional"],
            is_urgent=False,
            **extra,
        )


def _triage(officer: Any, concern: Concern, capture: Any) -> Case:
    with capture(execute=True):
        triage = services.concern_triage(
            actor=officer,
            concern=concern,
            case=None,
            owner=officer,
            risk_level=Case.Risk.MEDIUM,
            status=Case.Status.OPEN,
            meets_referral_threshold=False,
            threshold_rationale="",
            reason="A case for the club's concern.",
        )
    assert triage.case is not None
    return triage.case


def _concern_of(case: Case) -> Concern:
    return Triage.objects.select_related("concern").get(case=case).concern


@pytest.fixture
def bangor_case(cwo, officer, club_north, django_capture_on_commit_callbacks) -> Case:
    concern = _concern(cwo, club_north, django_capture_on_commit_callbacks, name="Bangor Child")
    return _triage(officer, concern, django_capture_on_commit_callbacks)


@pytest.fixture
def cardiff_case(cwo2, officer, club_south, django_capture_on_commit_callbacks) -> Case:
    concern = _concern(cwo2, club_south, django_capture_on_commit_callbacks, name="Cardiff Child")
    return _triage(officer, concern, django_capture_on_commit_callbacks)


def test_the_case_keeps_the_club_of_the_concern_it_was_opened_from(bangor_case, club_north):
    assert bangor_case.club == club_north
    assert _concern_of(bangor_case).club == club_north


def test_a_club_welfare_officer_is_offered_only_their_clubs(
    client_for, cwo, club_north, club_north2, club_south
):
    page = client_for(cwo).get(reverse("cases:concern_new")).content.decode()
    assert club_north.name in page
    assert club_south.name not in page
    assert club_north2.name not in page
    assert "TTW event (no club)" not in page


def test_staff_and_officers_choose_any_club_or_a_ttw_event(
    client_for, staff, officer, club_north, club_south
):
    for person in (staff, officer):
        page = client_for(person).get(reverse("cases:concern_new") + "?child=new")
        body = page.content.decode()
        assert club_north.name in body and club_south.name in body
        assert "TTW event (no club)" in body


def test_a_club_welfare_officer_records_for_their_club_and_not_another(
    client_for, cwo, club_north, club_south, django_capture_on_commit_callbacks
):
    ceri = client_for(cwo)
    new_child = {"child": "new", "child-name": "Alex Example", "child-approximate_age": "9"}
    other = ceri.post(
        reverse("cases:concern_new"), concern_fields(**new_child, club=str(club_south.code))
    )
    assert other.status_code == 200
    none = ceri.post(reverse("cases:concern_new"), concern_fields(**new_child, club=""))
    assert none.status_code == 200
    assert not Concern.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        own = ceri.post(
            reverse("cases:concern_new"), concern_fields(**new_child, club=str(club_north.code))
        )
    assert own.status_code == 302
    assert Concern.objects.get().club == club_north


def test_the_service_refuses_another_club_and_no_club_from_a_welfare_officer(
    cwo, club_south, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as refused:
        _concern(cwo, club_south, django_capture_on_commit_callbacks)
    assert refused.value.message_dict == {"club": [services.CLUB_NOT_YOURS]}
    with pytest.raises(ValidationError) as refused:
        _concern(cwo, None, django_capture_on_commit_callbacks)
    assert refused.value.message_dict == {"club": [services.CLUB_REQUIRED]}
    assert not Concern.objects.exists()


def test_own_clubs_records_are_seen_and_other_clubs_answer_404(
    client_for, cwo, cwo2, rwo, rwo2, officer, nso, bangor_case, cardiff_case
):
    pages = {
        "case": lambda case: reverse("cases:detail", args=[case.code]),
        "chronology": lambda case: reverse("cases:chronology", args=[case.code]),
        "chronology PDF": lambda case: reverse("cases:chronology_pdf", args=[case.code]),
        "concern": lambda case: reverse("decisions:detail", args=[_concern_of(case).code]),
        "concern report": lambda case: reverse("decisions:report", args=[_concern_of(case).code]),
    }
    north, south = (cwo, rwo), (cwo2, rwo2)
    for person in (*north, *south, officer, nso):
        c = client_for(person)
        for label, url in pages.items():
            own = c.get(url(bangor_case)).status_code
            other = c.get(url(cardiff_case)).status_code
            sees_bangor = person not in south
            sees_cardiff = person not in north
            assert own == (200 if sees_bangor else 404), (person, label, "Bangor")
            assert other == (200 if sees_cardiff else 404), (person, label, "Cardiff")
        listed = c.get(reverse("cases:list")).content.decode()
        assert (bangor_case.reference in listed) == (person not in south)
        assert (cardiff_case.reference in listed) == (person not in north)
        concerns = c.get(reverse("cases:concerns") + "?show=all").content.decode()
        assert ("Bangor Child" in concerns) == (person not in south)
        assert ("Cardiff Child" in concerns) == (person not in north)


def test_a_search_finds_only_the_welfare_officers_clubs(client_for, cwo, bangor_case, cardiff_case):
    ceri = client_for(cwo)
    found = ceri.get(reverse("cases:list") + "?q=Child").content.decode()
    assert bangor_case.reference in found
    assert cardiff_case.reference not in found
    assert (
        ceri.get(reverse("cases:list") + "?q=Cardiff")
        .content.decode()
        .count(cardiff_case.reference)
        == 0
    )


def test_children_pages_refuse_a_welfare_officer_whatever_the_child(
    client_for, cwo, bangor_case, cardiff_case
):
    ceri = client_for(cwo)
    for case in (bangor_case, cardiff_case):
        assert ceri.get(reverse("cases:child_detail", args=[case.child.code])).status_code == 403
    assert ceri.get(reverse("cases:children") + "?q=Child").status_code == 403


def test_a_restricted_record_on_the_clubs_case_never_shows_to_its_welfare_officers(
    client_for, cwo, rwo, nso, officer2, bangor_case, django_capture_on_commit_callbacks
):
    from cases.models import Referral

    with django_capture_on_commit_callbacks(execute=True):
        restricted = decision_record(
            Referral(
                case=bangor_case,
                outcome="Referred to the police",
                facts="Restricted facts about Bangor.",
                reason="P6.6",
                agency="police",
                agency_contact="Duty sergeant",
                referred_at=timezone.now(),
                method="phone",
                information_shared="The concern.",
            ),
            actor=nso,
            need_to_know=[officer2],
        )
    for person in (cwo, rwo):
        c = client_for(person)
        assert c.get(reverse("decisions:detail", args=[restricted.code])).status_code == 404
        assert c.get(reverse("decisions:report", args=[restricted.code])).status_code == 404
        for name in ("cases:detail", "cases:chronology"):
            body = c.get(reverse(name, args=[bangor_case.code])).content.decode()
            assert "Restricted facts about Bangor" not in body
            assert "Referred to the police" not in body


def test_the_welfare_officer_sees_no_officers_notes_nor_adults(
    client_for, cwo, officer, bangor_case
):
    services.case_note_add(actor=officer, case=bangor_case, text="Officer-only note on Bangor.")
    services.adult_add(actor=officer, case=bangor_case, name="Coach Adult", role_in_ttw="volunteer")
    ceri = client_for(cwo)
    for name in ("cases:detail", "cases:chronology"):
        body = ceri.get(reverse(name, args=[bangor_case.code])).content.decode()
        assert "Officer-only note on Bangor." not in body
        assert "Coach Adult" not in body
        assert reverse("cases:note_add", args=[bangor_case.code]) not in body
    officers = client_for(officer).get(reverse("cases:detail", args=[bangor_case.code]))
    assert "Officer-only note on Bangor." in officers.content.decode()


def test_a_welfare_role_taken_away_takes_the_clubs_with_it(cwo, bangor_case):
    from django.contrib.auth.models import Group

    assert bangor_case in case_access.cases_visible_to(cwo)
    cwo.groups.set([Group.objects.get(name=roles.STAFF)])
    for cached in ("_ttw_role_permissions", "_ttw_roles"):
        cwo.__dict__.pop(cached, None)
    assert not case_access.cases_visible_to(cwo).exists()
    assert not case_access.concerns_visible_to(cwo).exists()


def test_the_welfare_roles_see_case_content_so_only_an_nso_gives_them():
    for role in (roles.CLUB_WELFARE_OFFICER, roles.REGIONAL_WELFARE_OFFICER):
        assert roles.sees_case_content(roles.perm(p) for p in roles.ROLE_PERMISSIONS[role])


def test_a_concern_without_a_club_keeps_the_hash_it_had_before_clubs(
    staff, club_north, django_capture_on_commit_callbacks
):
    """Concerns recorded before the club field existed were hashed without it."""
    no_club = _concern(staff, None, django_capture_on_commit_callbacks)
    assert "club_id" not in canonical_content(no_club)
    assert compute_hash(no_club) == no_club.content_hash
    with_club = _concern(staff, club_north, django_capture_on_commit_callbacks)
    assert canonical_content(with_club)["club_id"] == club_north.pk
    assert compute_hash(with_club) == with_club.content_hash


def test_the_welfare_officers_home_lists_their_clubs_concerns_only(
    client_for, cwo, cwo2, bangor_case, cardiff_case
):
    home = client_for(cwo).get(reverse("home")).content.decode()
    assert "Concerns from your clubs (1)" in home
    assert "Bangor Child" in home and "Cardiff Child" not in home
    assert reverse("decisions:detail", args=[_concern_of(bangor_case).code]) in home
    other = client_for(cwo2).get(reverse("home")).content.decode()
    assert "Cardiff Child" in other and "Bangor Child" not in other


def test_the_concern_shows_its_club_to_the_officer_triaging_it_and_its_reporter(
    client_for, cwo, officer, club_north, django_capture_on_commit_callbacks
):
    concern = _concern(cwo, club_north, django_capture_on_commit_callbacks)
    triage = client_for(officer).get(reverse("cases:triage", args=[concern.code]))
    assert club_north.name in triage.content.decode()
    mine = client_for(cwo).get(reverse("cases:submission_detail", args=[concern.code]))
    assert club_north.name in mine.content.decode()

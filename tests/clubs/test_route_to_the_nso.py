"""The route from a club to the NSO: a club's concern reaches the officers and the NSO at once,
is due for triage one working day after it was recorded, and shows as overdue after that.

Ceri (cwo) is Bangor's club welfare officer and Rhian (rwo) the north's regional welfare
officer; Dylan (cwo2) looks after Cardiff and must see nothing of Bangor's concern. Days are
TTW's days (Europe/London), not UTC's.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cases import services
from cases.models import Case, Concern
from cases.selectors import concerns_overdue_for_triage
from tests.cases.conftest import concern_fields
from tests.test_query_budgets import _assert_same, _measure
from ttw_safeguarding.records.models import Notification, OutboundEmail

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
KEY = re.compile(r'name="submission_key" value="([0-9a-f-]{36})"')
NEW_CHILD = {"child": "new", "child-name": "Gethin Example", "child-approximate_age": "11"}
FACTS = "Gethin said the coach pushed him against the wall after the match."


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


MON = dt.date(2026, 11, 23)
TUE = dt.date(2026, 11, 24)
WED = dt.date(2026, 11, 25)
FRI = dt.date(2026, 11, 27)
NEXT_MON = dt.date(2026, 11, 30)
NEXT_TUE = dt.date(2026, 12, 1)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _record_through_the_form(cwo: Any, club: Any, capture: Any) -> Concern:
    """Ceri records a concern for the club on the concern form, as in the browser."""
    client = _client(cwo)
    page = client.get(reverse("cases:concern_new") + "?child=new")
    assert page.status_code == 200
    (key,) = KEY.findall(page.content.decode())
    data = concern_fields(
        **NEW_CHILD, club=str(club.code), facts=FACTS, town="Bangor", local_authority="gwynedd"
    )
    with capture(execute=True):
        answer = client.post(reverse("cases:concern_new"), {**data, "submission_key": key})
    assert answer.status_code == 302, answer.content.decode()[:3000]
    return Concern.objects.get(recorded_by=cwo)


def _record(cwo: Any, club: Any, capture: Any, at: dt.datetime) -> Concern:
    with time_machine.travel(at, tick=False):
        return _record_through_the_form(cwo, club, capture)


def _overdue_panel(user: Any, on: dt.datetime) -> str:
    """The "Overdue for triage" panel of ``user``'s home page at ``on``, or ""."""
    with time_machine.travel(on, tick=False):
        page = _client(user).get(reverse("home"))
    assert page.status_code == 200
    html = page.content.decode()
    found = re.search(r'<section aria-labelledby="home-triage-overdue".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_a_club_concern_reaches_the_nso_and_the_officers_at_once_without_detail(
    cwo, cwo2, rwo2, nso, officer, club_north, django_capture_on_commit_callbacks
):
    concern = _record_through_the_form(cwo, club_north, django_capture_on_commit_callbacks)
    assert concern.club == club_north

    triage_path = reverse("cases:triage", args=[concern.code])
    for person in (nso, officer):
        (notice,) = Notification.objects.filter(recipient=person)
        assert notice.url == triage_path
        assert notice.message == "A new safeguarding concern needs triage."
        (email,) = OutboundEmail.objects.filter(to=person.email)
        assert email.subject == "Safeguarding concern to triage"
        assert triage_path in email.body
        text = email.subject + email.body
        for detail in ("Gethin", "Bangor", club_north.name, "coach", "pushed", "Gwynedd"):
            assert detail not in text, f"the e-mail names {detail!r}"

    # Another club's and another region's welfare officers are told nothing.
    for person in (cwo2, rwo2):
        assert not Notification.objects.filter(recipient=person).exists()
        assert not OutboundEmail.objects.filter(to=person.email).exists()
    assert OutboundEmail.objects.count() == 2


def test_not_overdue_on_the_day_nor_on_the_next_working_day(
    cwo, nso, officer, club_north, django_capture_on_commit_callbacks
):
    _record(cwo, club_north, django_capture_on_commit_callbacks, _at(MON, 9))
    for person in (nso, officer, cwo):
        assert _overdue_panel(person, _at(MON, 17)) == ""
        assert _overdue_panel(person, _at(TUE, 23, 59)) == ""


def test_overdue_after_one_working_day_on_the_nsos_the_officers_and_the_clubs_homes(
    cwo, cwo2, rwo, rwo2, nso, officer, club_north, django_capture_on_commit_callbacks
):
    concern = _record(cwo, club_north, django_capture_on_commit_callbacks, _at(MON, 9))
    wednesday = _at(WED, 0, 1)
    for person, link in (
        (nso, reverse("cases:triage", args=[concern.code])),
        (officer, reverse("cases:triage", args=[concern.code])),
        (cwo, reverse("decisions:detail", args=[concern.code])),
        (rwo, reverse("decisions:detail", args=[concern.code])),
    ):
        panel = _overdue_panel(person, wednesday)
        assert "Overdue for triage (1)" in panel, person
        assert f'href="{link}"' in panel, person
        assert f"Concern {concern.short_code}" in panel
        assert club_north.name in panel
        assert "recorded 23 Nov 2026 09:00" in panel
        assert "due 24 Nov 2026" in panel
    # Cardiff's and the south's welfare officers see nothing of Bangor's concern.
    for person in (cwo2, rwo2):
        assert _overdue_panel(person, wednesday) == ""


def test_a_weekend_does_not_count(cwo, nso, club_north, django_capture_on_commit_callbacks):
    concern = _record(cwo, club_north, django_capture_on_commit_callbacks, _at(FRI, 16))
    assert _overdue_panel(nso, _at(NEXT_MON, 18)) == ""
    assert _overdue_panel(cwo, _at(NEXT_MON, 18)) == ""
    panel = _overdue_panel(nso, _at(NEXT_TUE, 8))
    assert f"Concern {concern.short_code}" in panel
    assert "due 30 Nov 2026" in panel


def test_the_recorded_day_is_ttws_day_not_utcs(
    cwo, nso, club_north, django_capture_on_commit_callbacks
):
    # 23:30 UTC on Thursday 4 June is 00:30 on Friday in Wales: due Monday, not Friday.
    thursday_night_utc = dt.datetime(2026, 6, 4, 23, 30, tzinfo=dt.UTC)
    concern = _record(cwo, club_north, django_capture_on_commit_callbacks, thursday_night_utc)
    monday = _at(dt.date(2026, 6, 8), 12)
    with time_machine.travel(monday, tick=False):
        assert concerns_overdue_for_triage(nso) == []
    assert _overdue_panel(nso, monday) == ""
    with time_machine.travel(_at(dt.date(2026, 6, 9), 12), tick=False):
        (overdue,) = concerns_overdue_for_triage(nso)
    assert overdue.pk == concern.pk
    assert overdue.triage_due_on == dt.date(2026, 6, 8)


def test_a_triaged_concern_is_no_longer_overdue_and_its_club_sees_the_outcome(
    cwo, nso, officer, club_north, django_capture_on_commit_callbacks
):
    concern = _record(cwo, club_north, django_capture_on_commit_callbacks, _at(MON, 9))
    with time_machine.travel(_at(WED, 9), tick=False):
        view = _client(cwo).get(reverse("decisions:detail", args=[concern.code])).content.decode()
        assert "Not triaged yet: due by 24 Nov 2026." in view
        assert "Overdue" in view
        with django_capture_on_commit_callbacks(execute=True):
            triage = services.concern_triage(
                actor=nso,
                concern=concern,
                case=None,
                owner=officer,
                risk_level=Case.Risk.HIGH,
                status=Case.Status.OPEN,
                meets_referral_threshold=False,
                threshold_rationale="",
                reason="A case for the club's concern.",
            )
        view = _client(cwo).get(reverse("decisions:detail", args=[concern.code])).content.decode()
    assert triage.case is not None
    assert "Not triaged yet" not in view
    assert triage.case.reference in view
    assert "high risk" in view
    for person in (nso, officer, cwo):
        assert _overdue_panel(person, _at(WED, 10)) == ""


def test_the_list_of_concerns_to_triage_shows_each_due_day(
    cwo, officer, club_north, django_capture_on_commit_callbacks
):
    _record(cwo, club_north, django_capture_on_commit_callbacks, _at(FRI, 16))
    with time_machine.travel(_at(NEXT_TUE, 9), tick=False):
        for person in (officer, cwo):
            page = _client(person).get(reverse("cases:concerns") + "?show=all").content.decode()
            assert "due 30 Nov 2026" in page
            assert "Overdue" in page
        home = _client(officer).get(reverse("home")).content.decode()
    assert "due 30 Nov 2026" in home


def test_the_home_pages_make_as_many_queries_with_50_overdue_concerns_as_with_5(
    cwo, rwo, nso, officer, club_north, club_north2, django_capture_on_commit_callbacks
):
    made = {"concerns": 0}

    def grow(count: int) -> None:
        with time_machine.travel(_at(MON, 9), tick=True):
            for i in range(made["concerns"], count):
                services.concern_record(
                    actor=cwo if i % 2 == 0 else officer,
                    club=club_north if i % 2 == 0 else club_north2,
                    new_child=services.NewChild(name=f"Late Child {i:03d}", approximate_age=10),
                    occurred_at=_at(MON, 8),
                    facts=f"Said a coach shouted ({i}).",
                    categories=["emotional"],
                    is_urgent=False,
                )
        made["concerns"] = count

    people = (nso, officer, cwo, rwo)
    pages = [(f"home, {p.username}", p, reverse("home")) for p in people]
    pages += [(f"concerns, {p.username}", p, reverse("cases:concerns")) for p in people]
    with time_machine.travel(_at(WED, 12), tick=True):
        clients = {person: _client(person) for person in people}
    grow(5)
    with time_machine.travel(_at(WED, 12), tick=True):
        few = _measure(pages, clients, warm_up=True)
        assert "Overdue for triage (5)" in clients[nso].get(reverse("home")).content.decode()
    grow(50)
    with time_machine.travel(_at(WED, 12, 5), tick=True):
        many = _measure(pages, clients, warm_up=False)
        assert "Overdue for triage (50" in clients[nso].get(reverse("home")).content.decode()
    _assert_same(few, many)

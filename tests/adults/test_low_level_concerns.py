"""Low-level concerns about adults: recorded by officers and welfare officers, kept apart
from allegations, and the NSO's pattern alert at the threshold, across clubs, once.

Personas: Olivia (officer) records and links concerns and sees them all; Nadia (NSO) is
alerted; Ceri (cwo, Bangor) records for Bangor only and sees Bangor's welfare officers'
concerns, never an officer's nor the person's record; Dylan (cwo2, Cardiff) records for
Cardiff and never sees Ceri's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adults import low_level_selectors
from adults import low_level_services as services
from adults.models import Adult, LowLevelConcern, LowLevelConcernLink, LowLevelPatternAlert
from adults.services import adult_person_create
from cases import services as case_services
from cases.models import Case
from sharing import policy
from ttw_safeguarding.records.models import Decision, Notification, OutboundEmail

pytestmark = pytest.mark.django_db

SECRET = "messaged a junior privately about training times late at night"


@pytest.fixture
def person(officer) -> Adult:
    return adult_person_create(actor=officer, name="Pat Coach", date_of_birth=dt.date(1980, 5, 1))


def _record(actor: Any, capture: Any, *, club: Any, day: dt.date | None = None, **extra: Any):
    fields: dict[str, Any] = {
        "adult_name": "Pat Coach",
        "occurred_on": day or timezone.localdate(),
        "category": LowLevelConcern.Category.PRIVATE_CONTACT,
        "facts": f"The coach {SECRET}.",
        "club": club,
        **extra,
    }
    with capture(execute=True):
        return services.low_level_concern_record(actor=actor, **fields)


def _link(officer: Any, capture: Any, concern: LowLevelConcern, person: Adult) -> Any:
    with capture(execute=True):
        return services.low_level_concern_link(actor=officer, concern=concern, person=person)


def _key(page: Any) -> str:
    return page.content.decode().split('name="submission_key" value="')[1][:36]


def _alert_notices(nso: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=nso, message=services.ALERT_MESSAGE))


def test_below_the_threshold_no_alert(
    officer, nso, person, club_north, club_south, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _record(officer, capture, club=club_north, person=person)
    _record(officer, capture, club=club_south, person=person)
    assert not LowLevelPatternAlert.objects.exists()
    assert _alert_notices(nso) == []
    assert not OutboundEmail.objects.filter(subject=services.ALERT_SUBJECT).exists()


def test_at_the_threshold_across_two_clubs_the_nso_is_alerted_once_without_detail(
    officer, nso, cwo, cwo2, person, club_north, club_south, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    # Two welfare officers at two clubs, who see neither each other's nor the person.
    bangor = _record(cwo, capture, club=club_north)
    cardiff = _record(cwo2, capture, club=club_south)
    _link(officer, capture, bangor, person)
    assert not LowLevelPatternAlert.objects.exists()
    _link(officer, capture, cardiff, person)
    assert not LowLevelPatternAlert.objects.exists()
    # The third, at the threshold (3 by default), raises it.
    third = _record(officer, capture, club=club_south, person=person)
    (alert,) = LowLevelPatternAlert.objects.all()
    assert (alert.person, alert.concern, alert.count) == (person, third, 3)
    (notice,) = _alert_notices(nso)
    assert notice.url == reverse("adults:detail", args=[person.code])
    (email,) = OutboundEmail.objects.filter(subject=services.ALERT_SUBJECT)
    assert email.to == nso.email
    for text in (email.subject, email.body, notice.message):
        assert "Pat" not in text and "Bangor" not in text and "Cardiff" not in text
        assert SECRET not in text
    # A fourth while the pattern holds: no new alert.
    _record(officer, capture, club=club_north, person=person)
    assert LowLevelPatternAlert.objects.count() == 1
    assert len(_alert_notices(nso)) == 1
    # The NSO sees the alert on the person's page, the concerns listed apart.
    html = _client(nso).get(reverse("adults:detail", args=[person.code])).content.decode()
    assert "Pattern reached" in html and "Low-level concerns" in html


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_a_threshold_from_the_settings(
    settings, officer, nso, person, club_north, django_capture_on_commit_callbacks
):
    settings.TTW_LOW_LEVEL_THRESHOLD = 2
    capture = django_capture_on_commit_callbacks
    _record(officer, capture, club=club_north, person=person)
    assert not LowLevelPatternAlert.objects.exists()
    _record(officer, capture, club=club_north, person=person)
    assert LowLevelPatternAlert.objects.count() == 1


def test_concerns_outside_the_period_do_not_count(
    officer, nso, person, club_north, club_south, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    start = dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        _record(officer, capture, club=club_north, person=person)
        _record(officer, capture, club=club_south, person=person)
    later = start + dt.timedelta(days=policy.LOW_LEVEL_PERIOD_DAYS)
    with time_machine.travel(later, tick=False):
        _record(officer, capture, club=club_north, person=person)
    assert not LowLevelPatternAlert.objects.exists()
    assert _alert_notices(nso) == []
    # Two more inside the new period: the crossing there is alerted.
    with time_machine.travel(later + dt.timedelta(days=1), tick=False):
        _record(officer, capture, club=club_south, person=person)
        assert not LowLevelPatternAlert.objects.exists()
        _record(officer, capture, club=club_south, person=person)
    assert LowLevelPatternAlert.objects.count() == 1


def test_merged_records_count_together(
    officer, nso, club_north, club_south, django_capture_on_commit_callbacks
):
    from adults.services import adult_merge_record

    capture = django_capture_on_commit_callbacks
    kept = adult_person_create(actor=officer, name="Sam Umpire")
    merged = adult_person_create(actor=officer, name="Samuel Umpire")
    with capture(execute=True):
        adult_merge_record(actor=officer, merged=merged, keep=kept, reason="One person.")
    _record(officer, capture, club=club_north, person=merged, adult_name="Samuel Umpire")
    _record(officer, capture, club=club_south, person=kept, adult_name="Sam Umpire")
    _record(officer, capture, club=club_south, person=merged, adult_name="Samuel Umpire")
    (alert,) = LowLevelPatternAlert.objects.all()
    assert alert.person == kept


def test_a_welfare_officer_records_for_their_club_only(
    client_for, cwo, club_north, club_south, django_capture_on_commit_callbacks
):
    ceri = client_for(cwo)
    url = reverse("adults:low_level_new")
    page = ceri.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bangor TTC" in html and "Cardiff TTC" not in html
    assert "The person&#x27;s record" not in html  # no adult is theirs to choose
    body = {
        "adult_name": "Pat Coach",
        "adult_role": "coach",
        "occurred_on": timezone.localdate().isoformat(),
        "category": LowLevelConcern.Category.PRIVATE_CONTACT,
        "facts": f"The coach {SECRET}.",
    }
    refused = ceri.post(url, {**body, "club": str(club_south.pk), "submission_key": _key(page)})
    assert refused.status_code == 200
    assert "There is a problem" in refused.content.decode()
    assert not LowLevelConcern.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = ceri.post(
            url, {**body, "club": str(club_north.pk), "submission_key": _key(ceri.get(url))}
        )
    concern = LowLevelConcern.objects.get()
    assert done.status_code == 302 and done.url == reverse("decisions:detail", args=[concern.code])
    assert (concern.club, concern.person, concern.by_welfare_officer) == (club_north, None, True)
    # The service refuses another club's too, and TTW itself: nothing written.
    with pytest.raises(Exception, match="clubs you are welfare officer for"):
        services.low_level_concern_record(
            actor=cwo,
            adult_name="X",
            occurred_on=timezone.localdate(),
            category="conduct",
            facts="f",
            club=club_south,
        )
    assert LowLevelConcern.objects.count() == 1
    # Ceri reads it on the decision page and in her list.
    assert ceri.get(reverse("decisions:detail", args=[concern.code])).status_code == 200
    assert "Pat Coach" in ceri.get(reverse("adults:low_level_mine")).content.decode()


def test_a_position_of_trust_matter_cannot_be_low_level(client_for, officer, club_north):
    olivia = client_for(officer)
    url = reverse("adults:low_level_new")
    page = olivia.post(
        url,
        {
            "adult_name": "Pat Coach",
            "club": str(club_north.pk),
            "occurred_on": timezone.localdate().isoformat(),
            "category": policy.CATEGORY_POSITION_OF_TRUST,
            "facts": "Facts.",
            "submission_key": _key(olivia.get(url)),
        },
    )
    assert page.status_code == 200
    assert policy.LOW_LEVEL_NOT_FOR_POSITION_OF_TRUST in page.content.decode().replace(
        "&#x27;", "'"
    )
    assert not LowLevelConcern.objects.exists()


def test_cwo2_cannot_see_cwos_and_welfare_officers_never_see_an_officers(
    client_for, officer, cwo, cwo2, rwo, club_north, person, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    ceris = _record(cwo, capture, club=club_north)
    officers = _record(officer, capture, club=club_north, person=person)
    dylan = client_for(cwo2)
    assert dylan.get(reverse("decisions:detail", args=[ceris.code])).status_code == 404
    assert dylan.get(reverse("decisions:report", args=[ceris.code])).status_code == 404
    assert "Pat Coach" not in dylan.get(reverse("adults:low_level_mine")).content.decode()
    # Rhian (the north) sees Ceri's; nobody of the clubs sees the officer's.
    rhian = client_for(rwo)
    assert rhian.get(reverse("decisions:detail", args=[ceris.code])).status_code == 200
    for welfare in (cwo, rwo):
        client = client_for(welfare)
        assert client.get(reverse("decisions:detail", args=[officers.code])).status_code == 404
        assert client.get(reverse("adults:detail", args=[person.code])).status_code == 404
        assert client.get(reverse("adults:low_level_list")).status_code == 403
    # Once linked, Ceri's concern still shows her nothing of the person or the link.
    link = _link(officer, capture, ceris, person)
    html = client_for(cwo).get(reverse("decisions:detail", args=[ceris.code])).content.decode()
    assert reverse("adults:detail", args=[person.code]) not in html
    assert client_for(cwo).get(reverse("decisions:detail", args=[link.code])).status_code == 404


def test_the_allegations_case_page_does_not_show_them(
    client_for, officer, club_north, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    concern = case_services.concern_record(
        actor=officer,
        new_child=case_services.NewChild(name="Child North", approximate_age=12),
        club=club_north,
        occurred_at=timezone.now(),
        facts="An allegation.",
        categories=["emotional"],
        is_urgent=False,
    )
    with capture(execute=True):
        triage = case_services.concern_triage(
            actor=officer,
            concern=concern,
            case=None,
            owner=officer,
            risk_level=Case.Risk.MEDIUM,
            status=Case.Status.OPEN,
            meets_referral_threshold=False,
            threshold_rationale="",
            reason="A new case.",
        )
    assert triage.case is not None
    line = case_services.adult_add(
        actor=officer, case=triage.case, name="Pat Coach", role_in_ttw="volunteer"
    )
    assert line.person is not None
    low = _record(officer, capture, club=club_north, person=line.person)
    olivia = client_for(officer)
    for name in ("cases:detail", "cases:chronology"):
        html = olivia.get(reverse(name, args=[triage.case.code])).content.decode()
        assert SECRET not in html and str(low.code) not in html
        main = html.split("<main")[-1].lower()
        assert LowLevelConcern.LABEL.lower() not in main and "low-level" not in main
    # The adult's page lists it apart from the allegation timeline.
    html = olivia.get(reverse("adults:detail", args=[line.person.code])).content.decode()
    timeline, rest = html.split('id="sec-low-level"')
    assert str(low.code) not in timeline and str(low.code) in rest


def test_an_officer_links_a_concern_once(
    client_for, officer, officer2, cwo, person, club_north, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    concern = _record(cwo, capture, club=club_north)
    olivia = client_for(officer)
    url = reverse("adults:low_level_link", args=[concern.code])
    page = olivia.get(url)
    assert page.status_code == 200 and "Pat Coach" in page.content.decode()
    with capture(execute=True):
        done = olivia.post(url, {"person": str(person.code), "submission_key": _key(page)})
    assert done.status_code == 302
    link = LowLevelConcernLink.objects.get()
    assert (link.concern, link.person) == (concern, person)
    linked = LowLevelConcern.objects.get(pk=concern.pk)
    assert low_level_selectors.person_of_concern(linked) == person
    # A second officer is told it is linked already; nothing more is written.
    oscar = client_for(officer2)
    assert oscar.get(url).status_code == 302
    count = Decision.objects.count()
    with pytest.raises(Exception, match="Already recorded"):
        services.low_level_concern_link(actor=officer2, concern=concern, person=person)
    assert Decision.objects.count() == count


def test_the_lists_cost_the_same_with_few_and_many(
    client_for, officer, cwo, person, club_north, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks

    def counted(user: Any, name: str) -> int:
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        return len(queries)

    _record(cwo, capture, club=club_north)
    few = (counted(officer, "adults:low_level_list"), counted(cwo, "adults:low_level_mine"))
    for _ in range(4):
        concern = _record(cwo, capture, club=club_north)
    _link(officer, capture, concern, person)
    _record(officer, capture, club=club_north, person=person)
    many = (counted(officer, "adults:low_level_list"), counted(cwo, "adults:low_level_mine"))
    assert many == few


def test_a_double_submit_records_one_concern(
    client_for, cwo, club_north, django_capture_on_commit_callbacks
):
    ceri = client_for(cwo)
    url = reverse("adults:low_level_new")
    body = {
        "adult_name": "Pat Coach",
        "club": str(club_north.pk),
        "occurred_on": timezone.localdate().isoformat(),
        "category": LowLevelConcern.Category.LANGUAGE,
        "facts": "Swore at juniors.",
        "submission_key": _key(ceri.get(url)),
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = ceri.post(url, body)
        second = ceri.post(url, body)
    concern = LowLevelConcern.objects.get()
    assert first.url == second.url == reverse("decisions:detail", args=[concern.code])


def test_a_merge_that_brings_the_pattern_together_alerts_the_nso_once(
    officer, nso, club_north, club_south, django_capture_on_commit_callbacks
):
    from adults.services import adult_merge_record

    capture = django_capture_on_commit_callbacks
    kept = adult_person_create(actor=officer, name="Sam Umpire")
    merged = adult_person_create(actor=officer, name="Samuel Umpire")
    _record(officer, capture, club=club_north, person=kept, adult_name="Sam Umpire")
    _record(officer, capture, club=club_north, person=kept, adult_name="Sam Umpire")
    _record(officer, capture, club=club_south, person=merged, adult_name="Samuel Umpire")
    assert not LowLevelPatternAlert.objects.exists()
    with capture(execute=True):
        adult_merge_record(actor=officer, merged=merged, keep=kept, reason="One person.")
    (alert,) = LowLevelPatternAlert.objects.all()
    assert (alert.person, alert.count) == (kept, 3)
    assert len(_alert_notices(nso)) == 1

"""One record per adult: one timeline across cases and clubs, merges as decisions, and the
restriction flag a welfare officer sees without any detail.

Personas: Olivia (officer) and Nadia (NSO) see adults' pages; Oscar (officer2) is not named
on the restricted outcome; Ceri (cwo, Bangor) sees only the flag for Bangor's people;
Dylan (cwo2, Cardiff) sees no flag for them.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adults import selectors, services
from adults.models import Adult, AdultMerge
from cases import services as case_services
from cases.models import Case
from sharing import policy
from sharing.statutory import services as statutory
from tests.conftest import pdf_text
from ttw_safeguarding.records.models import WrittenReport

pytestmark = pytest.mark.django_db


def _person(line: Any) -> Adult:
    assert line.person is not None
    return line.person


def _club_case(actor: Any, club: Any, child_name: str, capture: Any) -> Case:
    concern = case_services.concern_record(
        actor=actor,
        new_child=case_services.NewChild(name=child_name, approximate_age=12),
        club=club,
        occurred_at=timezone.now(),
        facts=f"Secret allegation detail about {child_name}.",
        categories=["emotional"],
        is_urgent=False,
    )
    with capture(execute=True):
        triage = case_services.concern_triage(
            actor=actor,
            concern=concern,
            case=None,
            owner=actor,
            risk_level=Case.Risk.MEDIUM,
            status=Case.Status.OPEN,
            meets_referral_threshold=False,
            threshold_rationale="",
            reason="A new case.",
        )
    assert triage.case is not None
    return triage.case


@pytest.fixture
def two_cases(officer, club_north, club_south, django_capture_on_commit_callbacks):
    return (
        _club_case(officer, club_north, "Child North", django_capture_on_commit_callbacks),
        _club_case(officer, club_south, "Child South", django_capture_on_commit_callbacks),
    )


def test_the_same_adult_in_two_cases_at_two_clubs_is_on_one_timeline(
    client_for, officer, two_cases
):
    north, south = two_cases
    olivia = client_for(officer)
    olivia.post(
        reverse("cases:adult_add", args=[north.code]),
        {"name": "Pat Coach", "date_of_birth": "1980-05-01", "role_in_ttw": "volunteer"},
    )
    person = Adult.objects.get()
    # The second case: the likely match is shown, and the officer must choose.
    page = olivia.post(
        reverse("cases:adult_add", args=[south.code]),
        {"name": "Pat Coach", "role_in_ttw": "volunteer"},
    )
    assert page.status_code == 200
    assert "There is a problem" in page.content.decode()
    olivia.post(
        reverse("cases:adult_add", args=[south.code]),
        {"name": "Pat Coach", "role_in_ttw": "volunteer", "person": str(person.code)},
    )
    assert Adult.objects.count() == 1

    html = olivia.get(reverse("adults:detail", args=[person.code])).content.decode()
    assert north.reference in html and south.reference in html
    assert "Bangor TTC" in html and "Cardiff TTC" in html
    entries = selectors.timeline(user=officer, adult=person)
    assert {e.case_reference for e in entries} == {north.reference, south.reference}
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    # The case page links each adult line to the person.
    case_page = olivia.get(reverse("cases:detail", args=[south.code])).content.decode()
    assert reverse("adults:detail", args=[person.code]) in case_page


def test_a_merge_is_recorded_once_and_the_kept_person_takes_in_the_records(
    client_for, officer, two_cases, django_capture_on_commit_callbacks
):
    north, south = two_cases
    kept = _person(
        case_services.adult_add(actor=officer, case=north, name="Sam Umpire", role_in_ttw="none")
    )
    merged = _person(
        case_services.adult_add(actor=officer, case=south, name="Samuel Umpire", role_in_ttw="none")
    )
    olivia = client_for(officer)
    url = reverse("adults:merge", args=[merged.code])
    key = olivia.get(url).content.decode().split('name="submission_key" value="')[1][:36]
    body = {"keep": str(kept.code), "reason": "The same umpire.", "submission_key": key}
    with django_capture_on_commit_callbacks(execute=True):
        first = olivia.post(url, body)
        again = olivia.post(url, body)
    assert first.status_code == 302 and again.status_code == 302
    merge = AdultMerge.objects.get()
    assert (merge.keep, merge.merged) == (kept, merged)

    entries = selectors.timeline(user=officer, adult=kept)
    assert {e.case_reference for e in entries} == {north.reference, south.reference}
    # The merged record now shows as part of the kept one.
    assert olivia.get(reverse("adults:detail", args=[merged.code]))["Location"] == reverse(
        "adults:detail", args=[kept.code]
    )
    # Merged once: a second merge of the same record is refused.
    with pytest.raises(ValidationError) as refused:
        services.adult_merge_record(actor=officer, merged=merged, keep=kept, reason="Again.")
    assert policy.MERGE_ALREADY_MERGED in str(refused.value)
    report = WrittenReport.objects.get(decision=merge)
    assert report.state == WrittenReport.State.READY
    with report.pdf.open("rb") as fh:
        text = pdf_text(fh.read())
    assert "Sam Umpire" in text and "Samuel Umpire" in text and "The same umpire." in text


def test_a_restricted_record_is_on_the_timeline_only_for_those_who_may_see_it(
    officer, officer2, nso, two_cases, django_capture_on_commit_callbacks
):
    north, _ = two_cases
    line = case_services.adult_add(actor=officer, case=north, name="Lee Coach", role_in_ttw="none")
    with django_capture_on_commit_callbacks(execute=True):
        statutory.disciplinary_outcome_record(
            adult=line,
            actor=nso,
            concluded_on=timezone.localdate(),
            findings="Restricted findings",
            sanction="dismissed",
            removed_from_work_with_children=False,
            because_of_harm=False,
            need_to_know=[officer],
            reason="P6.6",
        )
    labels = lambda user: [e.label for e in selectors.timeline(user=user, adult=_person(line))]  # noqa: E731
    assert "Disciplinary outcome" in labels(nso)
    assert "Disciplinary outcome" in labels(officer)  # named on it
    assert "Disciplinary outcome" not in labels(officer2)  # not named


def _restricted(officer, cmg, line, capture) -> None:
    with capture(execute=True):
        disclosure = statutory.dbs_disclosure_record(
            adult=line,
            actor=officer,
            certificate_issued_on=timezone.localdate(),
            concern="Disclosure detail that must stay with the NSO",
            members=[cmg],
            reason="P6.7",
        )
        statutory.cmg_decision_record(
            disclosure=disclosure,
            actor=cmg,
            meeting_on=timezone.localdate(),
            members=[{"name": "Ind Expert", "role": "expert", "independent": True}],
            cmg_outcome="restrictions",
            restrictions="No unsupervised coaching.",
            reason="P6.7",
        )


def test_a_club_welfare_officer_sees_the_flag_and_no_detail(
    client_for, officer, cmg, cwo, cwo2, club_north, two_cases, django_capture_on_commit_callbacks
):
    north, _ = two_cases
    line = case_services.adult_add(
        actor=officer, case=north, name="Flagged Coach", role_in_ttw="volunteer"
    )
    _restricted(officer, cmg, line, django_capture_on_commit_callbacks)

    ceri = client_for(cwo).get(reverse("home")).content.decode()
    assert "Flagged Coach" in ceri and "Bangor TTC" in ceri
    assert selectors.RESTRICTION_FLAG in ceri
    assert "Disclosure detail" not in ceri and "No unsupervised" not in ceri
    assert north.reference not in ceri.split("contact the NSO</h2>")[1].split("</section>")[0]
    assert (
        client_for(cwo).get(reverse("adults:detail", args=[_person(line).code])).status_code == 404
    )

    dylan = client_for(cwo2).get(reverse("home")).content.decode()
    assert "Flagged Coach" not in dylan


def _page_queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_adult_page_costs_the_same_queries_for_2_and_20_records(
    client_for, officer, officer2, two_cases, django_capture_on_commit_callbacks
):
    north, south = two_cases
    person = _person(
        case_services.adult_add(actor=officer, case=north, name="Busy", role_in_ttw="none")
    )

    def add(n: int) -> None:
        for i in range(n):
            line = case_services.adult_add(
                actor=officer,
                case=south if i % 2 else north,
                name="Busy",
                role_in_ttw="none",
                person=person,
            )
            services.adult_role_add(actor=officer, adult=person, role="coach")
            with django_capture_on_commit_callbacks(execute=True):
                statutory.planning_request_record(
                    adult=line,
                    actor=officer,
                    agency="mappa",
                    request_kind="mappa_meeting",
                    request=f"Request {i}",
                    received_on=timezone.localdate(),
                    due_on=timezone.localdate(),
                    reason="P6.4",
                )

    oscar = client_for(officer2)
    url = reverse("adults:detail", args=[person.code])
    add(2)
    with_two = _page_queries(oscar, url)
    with_two_entries = len(selectors.timeline(user=officer2, adult=person))
    add(18)
    assert len(selectors.timeline(user=officer2, adult=person)) > with_two_entries
    assert _page_queries(oscar, url) == with_two


# A name typed with a control character is refused on the form, before it can reach the
# search for likely matches (PostgreSQL refuses a NUL in text: that would be a 500).
@pytest.mark.parametrize("name", ["\x00", "Pat\x00Coach", "Pat\x07"])
def test_a_control_character_in_the_name_is_refused_before_any_search(
    client_for, officer, two_cases, name
):
    north, _south = two_cases
    page = client_for(officer).post(
        reverse("cases:adult_add", args=[north.code]),
        {"name": name, "role_in_ttw": "volunteer"},
    )
    assert page.status_code == 200
    assert "There is a problem" in page.content.decode()
    assert not Adult.objects.exists()


@pytest.mark.parametrize("term", ["\x00", "Pat\x00", "\x07"])
def test_a_control_character_in_the_search_is_refused_with_a_message(client_for, officer, term):
    page = client_for(officer).get(reverse("adults:list"), {"q": term})
    assert page.status_code == 200
    assert "There is a problem" in page.content.decode()

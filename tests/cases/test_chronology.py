"""Chronologies per case and per child: every event in order, restricted records left out
for those who may not see them (page, PDF and count alike), and fast at 400 events."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import selectors, services
from cases.models import Referral
from tests.conftest import pdf_text
from ttw_safeguarding.records.decisions import amendment_record, decision_record

pytestmark = pytest.mark.django_db


def test_restricted_record_is_left_out_for_an_officer_not_named_on_it(
    client_for, staff, officer, officer2, nso, record_concern, triage_concern, record_referral
):
    concern = record_concern(staff)
    case = triage_concern(officer, concern).case
    record_referral(case, officer, outcome="Referred to children's social care")
    # P6.6: restricted, naming Oscar (officer2) only; Olivia (officer) must not see it.
    restricted = Referral(
        case=case,
        outcome="SECRET-OUTCOME disciplinary share",
        facts="Restricted facts.",
        reason="Need to know only.",
        agency="other",
        agency_name="Internal",
        agency_contact="HR",
        referred_at=timezone.now(),
        method="meeting",
        information_shared="Outcome.",
    )
    decision_record(restricted, actor=nso, need_to_know=[officer2])

    olivia = client_for(officer)
    page = olivia.get(reverse("cases:chronology", args=[case.code])).content.decode()
    assert "SECRET-OUTCOME" not in page
    assert "3 events" in page
    text = pdf_text(olivia.get(reverse("cases:chronology_pdf", args=[case.code])).content)
    assert "SECRET-OUTCOME" not in text and "3 events" in text
    child_page = olivia.get(reverse("cases:child_chronology", args=[case.child.code]))
    assert "SECRET-OUTCOME" not in child_page.content.decode()

    for user in (nso, officer2):
        page = client_for(user).get(reverse("cases:chronology", args=[case.code]))
        body = page.content.decode()
        assert "SECRET-OUTCOME" in body and "4 events" in body and "Restricted" in body


def test_case_chronology_has_concerns_triage_referrals_notes_and_amendments_in_order(
    staff, officer, record_concern, triage_concern, record_referral
):
    concern = record_concern(staff)
    triage = triage_concern(officer, concern)
    case = triage.case
    services.case_note_add(actor=officer, case=case, text="Called the school.")
    referral = record_referral(case, officer)
    amendment_record(
        original=concern, actor=officer, correction="The venue was the hall.", reason="Typo."
    )
    events = selectors.chronology_for_case(user=officer, case=case)
    labels = [e.label for e in events]
    assert labels == [
        "Concern about a child",
        "Triage of a concern",
        "Case note",
        "Referral to an external agency",
        "Amendment",
    ]
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert events[3].code == referral.code
    # Facts and opinion are carried apart.
    assert events[0].facts == concern.facts
    assert events[0].professional_opinion == concern.professional_opinion


def test_child_chronology_spans_the_childs_cases_and_untriaged_concerns(
    client_for, staff, officer, record_concern, triage_concern
):
    first = record_concern(staff, facts="First concern facts.")
    case = triage_concern(officer, first).case
    record_concern(staff, child=case.child, facts="Second concern, not yet triaged.")
    other = record_concern(staff, facts="About another child.")
    events = selectors.chronology_for_child(user=officer, child=case.child)
    facts = [e.facts for e in events if e.facts]
    assert "First concern facts." in facts
    assert "Second concern, not yet triaged." in facts
    assert other.facts not in facts


def test_a_chronology_of_400_events_renders_whole_with_bounded_queries(
    client_for, staff, officer, record_concern, triage_concern, django_assert_max_num_queries
):
    case = triage_concern(officer, record_concern(staff)).case
    for number in range(398):
        services.case_note_add(
            actor=officer, case=case, text=f"Note {number}: called the family; no answer."
        )
    olivia = client_for(officer)
    with django_assert_max_num_queries(20):
        page = olivia.get(reverse("cases:chronology", args=[case.code]))
    assert "400 events" in page.content.decode()
    # How long it takes is measured by make bench (bench/reports.py), not asserted here.
    with django_assert_max_num_queries(20):
        response = olivia.get(reverse("cases:chronology_pdf", args=[case.code]))
    assert response.status_code == 200
    assert "Note 397" in pdf_text(response.content)

"""Every written report of a decision about a child names the child and the club, says who
decided (or recorded) it with their role, and describes the consent relied on.

Olivia (officer) decides; Nadia (NSO) reviews; Sam (staff) records a concern.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sharing import services as sharing_services
from tests.cases import conftest as cases_fixtures
from tests.conftest import pdf_text
from tests.sharing import conftest as sharing_fixtures
from ttw_safeguarding.records.models import Decision, WrittenReport
from ttw_safeguarding.records.roles import NSO, OFFICER, STAFF

pytestmark = pytest.mark.django_db

# The cases' and sharing's fixtures, which record through the real services.
record_concern = cases_fixtures.record_concern
record_consent = sharing_fixtures.record_consent
record_review = sharing_fixtures.record_review
record_share = sharing_fixtures.record_share


def _text(decision) -> str:
    report = WrittenReport.objects.get(decision=decision)
    assert report.state == WrittenReport.State.READY
    return " ".join(pdf_text(report.pdf.open("rb").read()).split())


@pytest.fixture
def named(officer, nso, staff, child, case, club_north):
    """Full names and a date of birth, so the report can be checked for each."""
    for user, first, last in [
        (officer, "Olivia", "Officer"),
        (nso, "Nadia", "Nso"),
        (staff, "Sam", "Staff"),
    ]:
        user.first_name, user.last_name = first, last
        user.save()
    type(child).objects.filter(pk=child.pk).update(
        name="Rhys Jones", date_of_birth=dt.date(2014, 3, 9), approximate_age=None
    )
    type(case).objects.filter(pk=case.pk).update(club=club_north)
    child.refresh_from_db()
    case.refresh_from_db()
    return case


def _assert_names_the_child(text: str, case) -> None:
    assert "Rhys Jones" in text
    assert "9 March 2014" in text
    assert case.child.reference in text
    assert case.reference in text
    assert case.club.name in text


def test_share_decision_report_names_child_club_decider_and_consent(
    named, officer, record_share, record_consent
):
    consent = record_consent(named, officer, person_name="Pat Parent")
    share = record_share(named, officer, consent_record=consent)
    text = _text(share)
    _assert_names_the_child(text, named)
    assert f"Decided by Olivia Officer, {OFFICER}" in text
    # The consent relied on: who, what, when; not its id.
    when = f"{consent.occurred_on:%-d %B %Y}"
    assert f"Given by Pat Parent (a parent or carer) on {when}" in text
    assert f"Consent record {consent.short_code}" not in text
    # Each fact once: the recipient and method are not repeated in a summary block.
    assert text.count("Dana Duty") == 1
    assert text.count("Secure e-mail") == 1


def test_review_and_written_report_sent_reports_name_the_child(
    named, officer, nso, record_share, record_review, django_capture_on_commit_callbacks
):
    share = record_share(named, officer, method="phone")
    review = record_review(share, nso)
    text = _text(review)
    _assert_names_the_child(text, named)
    assert f"Decided by Nadia Nso, {NSO}" in text
    with django_capture_on_commit_callbacks(execute=True):
        sent = sharing_services.written_report_sent_record(
            share_decision=share,
            actor=officer,
            sent_on=timezone.localdate(),
            sent_by="secure_email",
            facts="",
        )
    sent_text = _text(sent)
    _assert_names_the_child(sent_text, named)
    assert f"Decided by Olivia Officer, {OFFICER}" in sent_text


def test_consent_record_report_names_the_child(named, officer, record_consent):
    text = _text(record_consent(named, officer))
    _assert_names_the_child(text, named)


def test_concern_report_says_recorded_by_and_names_the_child(named, staff, record_concern):
    concern = record_concern(staff, child=named.child)
    text = _text(concern)
    assert "Rhys Jones" in text and "9 March 2014" in text
    assert named.child.reference in text
    assert f"Recorded by Sam Staff, {STAFF}" in text
    assert "Decided by" not in text


def test_child_of_unknown_birth_date_and_an_event_without_club(officer, case, record_consent):
    text = _text(record_consent(case, officer))
    assert "Test Child" in text
    assert "Not known; about 10 years old" in text
    assert "TTW event (no club)" in text


def test_every_report_of_a_decision_about_a_case_names_its_child(
    named, officer, nso, record_share, record_review, record_consent
):
    record_review(record_share(named, officer), nso)
    record_share(named, officer, share_outcome="no_share", method="", urgency="")
    decisions = Decision.objects.filter(case=named)
    assert decisions.count() >= 4
    for decision in decisions:
        _assert_names_the_child(_text(decision), named)

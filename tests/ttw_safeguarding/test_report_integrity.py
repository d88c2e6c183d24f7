"""A written report whose file no longer matches its SHA-256: never served, and the NSOs are
really told, once per report.

Olivia (officer) recorded the referral and downloads its report; Nadia and Nia (NSOs) are
told in-app and by e-mail, with a link and no case detail; Sam (staff) is told nothing.
"""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ttw_safeguarding.records.integrity import (
    INTEGRITY_FAILURE_TOLD,
    report_integrity_failure_record,
)
from ttw_safeguarding.records.models import (
    Notification,
    OutboundEmail,
    ReportIntegrityFailure,
    WrittenReport,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tampered(case, officer, record_referral):
    decision = record_referral(case, officer)
    report = WrittenReport.objects.get(decision=decision)
    with open(report.pdf.path, "ab") as fh:
        fh.write(b"%tampered")
    return decision


def _failure_entries(decision):
    return LogEntry.objects.filter(
        content_type__model="reportintegrityfailure",
        additional_data__decision=str(decision.code),
    )


def test_a_download_that_fails_the_check_tells_every_nso_once(
    tampered, case, officer, nso, nso2, staff, client_for, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    url = reverse("decisions:report", args=[tampered.code])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.get(url, follow=True)
    for response in (first, second):
        assert response.redirect_chain[-1][0] == reverse("decisions:detail", args=[tampered.code])
        assert response["Content-Type"].startswith("text/html")
        assert INTEGRITY_FAILURE_TOLD in response.content.decode()
    # One audit entry naming the record and who found it, not its content.
    entry = _failure_entries(tampered).get()
    assert entry.actor == officer
    assert entry.action == LogEntry.Action.CREATE
    assert case.child.name not in str(entry.additional_data) + entry.object_repr
    # Each NSO is told once in-app and once by e-mail, with a link and no case detail.
    link = reverse("decisions:detail", args=[tampered.code])
    for person in (nso, nso2):
        notice = Notification.objects.get(recipient=person)
        assert notice.url == link
    assert not Notification.objects.filter(recipient__in=[staff, officer]).exists()
    sent = sorted(message.to[0] for message in mail.outbox)
    assert sent == sorted([nso.email, nso2.email])
    for message in mail.outbox:
        assert link in message.body
        for detail in (case.child.name, case.reference, "social care", "hit"):
            assert detail not in message.body and detail not in message.subject
    assert OutboundEmail.objects.filter(state=OutboundEmail.State.SENT).count() == 2
    assert ReportIntegrityFailure.objects.count() == 1


def test_verify_records_tells_the_nsos_too_and_only_once(
    tampered, nso, officer, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(CommandError, match="written report"):
            call_command("verify_records")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(CommandError):
            call_command("verify_records")
        client_for(officer).get(reverse("decisions:report", args=[tampered.code]))
    entry = _failure_entries(tampered).get()
    assert entry.actor is None  # found by the scheduled check, not a person
    assert Notification.objects.filter(recipient=nso).count() == 1
    assert len(mail.outbox) == 1


def test_the_service_records_once_and_says_whether_it_was_new(tampered, nso):
    report = WrittenReport.objects.get(decision=tampered)
    assert report_integrity_failure_record(report=report, detected_by=None) is True
    assert report_integrity_failure_record(report=report, detected_by=None) is False
    assert ReportIntegrityFailure.objects.get().report == report


def test_a_report_that_matches_is_served_and_tells_nobody(
    case, officer, nso, record_referral, client_for
):
    decision = record_referral(case, officer)
    response = client_for(officer).get(reverse("decisions:report", args=[decision.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert not ReportIntegrityFailure.objects.exists()
    assert not Notification.objects.exists()

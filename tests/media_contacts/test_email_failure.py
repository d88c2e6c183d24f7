"""Issue 7: when the e-mail to the NSO cannot be sent, nothing is lost, the NSO sees it in-app,
and sending is retried (P6.12)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from media_contacts.models import MediaApproach
from tests.media_contacts.conftest import approach_form_data
from ttw_safeguarding.records.models import Notification, OutboundEmail, WrittenReport

pytestmark = pytest.mark.django_db

INBOX = reverse("media_contacts:inbox")
RETRY = reverse("media_contacts:email_retry")


def test_a_failed_email_loses_nothing_and_shows_to_the_nso(
    client_for, staff, nso, nso2, email_down, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(reverse("media_contacts:record"), approach_form_data())

    # The record, its report and the in-app notices are all there.
    assert response.status_code == 302
    approach = MediaApproach.objects.get()
    assert WrittenReport.objects.get(decision=approach).state == WrittenReport.State.READY
    assert Notification.objects.filter(recipient__in=[nso, nso2]).count() == 2
    # The e-mails are kept, failed, with the error, and none went out.
    emails = OutboundEmail.objects.all()
    assert [e.state for e in emails] == [OutboundEmail.State.FAILED] * 2
    assert all("mail server unreachable" in e.last_error for e in emails)
    assert mailoutbox == []
    # The person who was approached is not troubled with it; the NSO sees it in-app.
    assert "could not be sent" not in client_for(staff).get(reverse("home")).content.decode()
    home = client_for(nso).get(reverse("home")).content.decode()
    assert "2 e-mails about media approaches could not be sent" in home
    inbox = client_for(nso).get(INBOX).content.decode()
    assert "could not be sent" in inbox
    assert nso2.email in inbox
    assert reverse("media_contacts:detail", args=[approach.code]) in inbox
    # The approach itself still waits in the inbox.
    assert str(approach.code) in inbox


def test_the_nso_retries_and_the_emails_go(
    client_for,
    staff,
    nso,
    nso2,
    record_approach,
    settings,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "tests.media_contacts.conftest.FailingEmailBackend"
    approach = record_approach(staff)
    client = client_for(nso)

    # Still down: the retry is queued to the worker, the failure stays with one more attempt.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RETRY)
    assert "2 e-mail(s) queued to be sent again" in client.get(INBOX).content.decode()
    assert "could not be sent" in client.get(INBOX).content.decode()
    assert {e.attempts for e in OutboundEmail.objects.all()} == {2}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RETRY)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == sorted([nso.email, nso2.email])
    assert all(str(approach.code) in m.body for m in mailoutbox)
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {"sent"}
    assert "could not be sent" not in client.get(INBOX).content.decode()
    # Retrying again sends nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RETRY)
    assert len(mailoutbox) == 2


def test_the_scheduled_command_retries_media_emails_too(
    staff, nso, record_approach, settings, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.media_contacts.conftest.FailingEmailBackend"
    record_approach(staff)
    assert OutboundEmail.objects.get().state == OutboundEmail.State.FAILED

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_email")
    assert OutboundEmail.objects.get().state == OutboundEmail.State.SENT
    assert [m.to[0] for m in mailoutbox] == [nso.email]

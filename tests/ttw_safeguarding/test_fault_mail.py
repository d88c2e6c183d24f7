"""A mail server that accepts the connection and never answers: the send gives up within
``EMAIL_TIMEOUT``, outside any request, and the e-mail is kept failed, shown to the NSO and
sent again later. An e-mail left pending by a worker that never ran shows the same way."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.media_contacts.conftest import approach_form_data
from ttw_safeguarding.records.models import OutboundEmail, WrittenReport

# Real commits: the worker reads the queue as another process would, and closes connections.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("roles_after_flush"),
]

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def hung_mail_server() -> Iterator[int]:
    """A server on 127.0.0.1 that accepts every connection and never says a word."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def _accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            held.append(conn)  # kept open, never answered

    thread = threading.Thread(target=_accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    listener.close()


def test_a_hung_mail_server_fails_the_send_within_the_timeout_outside_the_request(
    client_for, staff, nso, settings, hung_mail_server, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = hung_mail_server
    settings.EMAIL_TIMEOUT = 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(reverse("media_contacts:record"), approach_form_data())
    # The person's request only queued the e-mail: it never tried the mail server.
    assert response.status_code == 302
    email = OutboundEmail.objects.get()
    assert (email.state, email.attempts) == (OutboundEmail.State.PENDING, 0)
    report = WrittenReport.objects.get()
    assert (report.state, report.attempts) == (WrittenReport.State.PENDING, 0)

    started = time.monotonic()
    call_command("db_worker", "--batch", "--no-startup-delay")
    # The worker gave up after the timeout rather than hanging on the server.
    assert time.monotonic() - started < 10
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.FAILED
    assert "timed out" in email.last_error
    # The report queued beside it was made by the worker all the same.
    report.refresh_from_db()
    assert report.state == WrittenReport.State.READY
    home = client_for(nso).get(reverse("home")).content.decode()
    assert "1 e-mail about media approaches could not be sent" in home

    # The mail server answers again: the scheduled retry sends it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_email")
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.SENT
    assert "could not be sent" not in client_for(nso).get(reverse("home")).content.decode()


def test_an_email_pending_too_long_shows_like_a_failed_one_and_is_sent(
    client_for, staff, nso, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # Queued to a worker that never ran it (killed, or not started).
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(reverse("media_contacts:record"), approach_form_data())
    email = OutboundEmail.objects.get()
    assert email.state == OutboundEmail.State.PENDING

    # While it is fresh, the worker may still send it: not shown, not sent twice.
    assert "could not be sent" not in client_for(nso).get(reverse("home")).content.decode()
    call_command("send_pending_email")
    assert mailoutbox == []

    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=settings.TTW_EMAIL_STUCK_MINUTES + 1)
    )
    assert "1 e-mail about media approaches could not be sent" in (
        client_for(nso).get(reverse("home")).content.decode()
    )
    inbox = client_for(nso).get(reverse("media_contacts:inbox")).content.decode()
    assert "no worker has sent it in time" in inbox

    call_command("send_pending_email")
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.SENT
    assert [m.to[0] for m in mailoutbox] == [nso.email]

"""In-app notifications and e-mail that is never silently dropped.

E-mails are written to ``OutboundEmail`` in the caller's transaction and sent
after commit; a failure is kept with its error, shown in-app to the NSO, and
retried by ``manage.py send_pending_email`` (or the background worker).
E-mails carry no case detail: only what happened and a link.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from ttw_safeguarding.records.models import Notification, OutboundEmail


def notify(
    users: Iterable[User],
    *,
    message: str,
    path: str,
    email_subject: str | None = None,
    topic: str = "",
) -> list[OutboundEmail]:
    """Tell ``users`` in-app and, with ``email_subject``, by e-mail (message and link only)."""
    emails: list[OutboundEmail] = []
    users = list(users)
    Notification.objects.bulk_create(
        [Notification(recipient=user, message=message[:300], url=path) for user in users]
    )
    if email_subject:
        for user in users:
            email = email_link(user, subject=email_subject, message=message, path=path, topic=topic)
            if email is not None:
                emails.append(email)
    return emails


def email_link(
    user: User, *, subject: str, message: str, path: str, topic: str = ""
) -> OutboundEmail | None:
    """E-mail ``user`` a sentence and a link (no case detail), sent after commit."""
    if not user.email:
        return None
    link = settings.SITE_URL.rstrip("/") + path
    email = OutboundEmail.objects.create(
        to=user.email, subject=subject, body=f"{message}\n\n{link}\n", topic=topic
    )
    # robust: the record is committed; a queue that fails now leaves the e-mail
    # pending, and it shows as needing attention once it is pending too long.
    transaction.on_commit(partial(_queue_email, email.pk), robust=True)
    return email


def _queue_email(email_id: int) -> None:
    send_email.enqueue(email_id)


def email_queue_retries(emails: Iterable[OutboundEmail]) -> int:
    """Queue the given e-mails to the worker to be sent again; returns how many.

    Sending never happens inside a request: a hung mail server holds a worker for
    ``EMAIL_TIMEOUT`` seconds at most, never a person's page.
    """
    ids = [email.pk for email in emails]
    for pk in ids:
        transaction.on_commit(partial(_queue_email, pk), robust=True)
    return len(ids)


def email_send(email: OutboundEmail) -> None:
    """Try to send one e-mail, recording the outcome on it."""
    if email.state == OutboundEmail.State.SENT:
        return
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=F("attempts") + 1)
    try:
        send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
    except Exception as exc:  # noqa: BLE001 - any failure is kept and retried
        OutboundEmail.objects.filter(pk=email.pk).update(
            state=OutboundEmail.State.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
    else:
        OutboundEmail.objects.filter(pk=email.pk).update(
            state=OutboundEmail.State.SENT, sent_at=timezone.now(), last_error=""
        )
    email.refresh_from_db()


def email_retry_pending() -> tuple[int, int]:
    """Send every failed e-mail and every one pending too long. Returns (sent, still failing).

    An e-mail pending for less than ``TTW_EMAIL_STUCK_MINUTES`` is left to the worker
    that has it queued, so none goes twice.
    """
    sent = failed = 0
    for email in OutboundEmail.objects.needing_attention().order_by("pk"):
        email_send(email)
        if email.state == OutboundEmail.State.SENT:
            sent += 1
        else:
            failed += 1
    return sent, failed


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@task()
def send_email(email_id: int) -> str:
    email = OutboundEmail.objects.get(pk=email_id)
    email_send(email)
    return email.state

"""Alerts: each timed item tells its owners when due and the NSOs too when overdue, once.

Personas: Olivia (officer) owns the items of the test's own source; Nadia and Neil (NSOs)
are told only when an item is overdue; Sam (staff) owns nothing and must never be told,
nor open Olivia's notifications.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from ttw_safeguarding.records import timescales
from ttw_safeguarding.records.alerts import (
    DIGEST_SUBJECT,
    DUE_SUBJECT,
    OVERDUE_PREFIX,
    OVERDUE_SUBJECT,
    alert_preference_set,
    alerts_send,
)
from ttw_safeguarding.records.models import AlertPreference, AlertSent, Notification, OutboundEmail
from ttw_safeguarding.records.notifications import notify
from ttw_safeguarding.records.timescales import Timed

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# Tuesday 1 December 2026: Europe/London is on UTC.
DUE = dt.datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
OVERDUE = dt.datetime(2026, 12, 2, 0, 0, tzinfo=UTC)
MESSAGE = "A test item is due."


@pytest.fixture
def items(monkeypatch) -> list[Timed]:
    """The only timescale source during the test: the items the test puts in the list."""
    open_items: list[Timed] = []

    def source(now: dt.datetime) -> list[Timed]:
        return list(open_items)

    monkeypatch.setattr(timescales, "_sources", {"test": source})
    return open_items


def timed(owner, key: str = "test:1", message: str = MESSAGE) -> Timed:
    return Timed(
        key=key,
        owners=(owner.pk,),
        falls_due_at=DUE,
        overdue_at=OVERDUE,
        message=message,
        path="/cases/",
    )


def run(now: dt.datetime, times: int = 1) -> None:
    for _ in range(times):
        call_command("send_due_alerts", "--now", now.isoformat(), stdout=_Quiet())


class _Quiet:
    def write(self, text: str) -> None:
        pass


def told(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("message", flat=True)
    )


def emails_to(user, subject: str | None = None) -> list[OutboundEmail]:
    emails = OutboundEmail.objects.filter(to=user.email).order_by("pk")
    if subject:
        emails = emails.filter(subject=subject)
    return list(emails)


def test_an_alert_is_sent_once_per_stage_however_often_the_command_runs(
    items, officer, nso, nso2, staff
) -> None:
    items.append(timed(officer))
    run(DUE + dt.timedelta(hours=1), times=3)

    assert told(officer) == [MESSAGE]
    assert len(emails_to(officer, DUE_SUBJECT)) == 1
    assert AlertSent.objects.filter(stage=AlertSent.Stage.DUE).count() == 1
    # Not overdue yet: the NSOs hear nothing, nor does anyone else.
    assert told(nso) == told(nso2) == told(staff) == []

    run(OVERDUE + dt.timedelta(minutes=5), times=3)

    assert told(officer) == [MESSAGE, OVERDUE_PREFIX + MESSAGE]
    assert told(nso) == told(nso2) == [OVERDUE_PREFIX + MESSAGE]
    assert told(staff) == []
    assert len(emails_to(officer, OVERDUE_SUBJECT)) == 1
    assert len(emails_to(nso, OVERDUE_SUBJECT)) == 1
    overdue = AlertSent.objects.filter(stage=AlertSent.Stage.OVERDUE)
    assert sorted(overdue.values_list("recipient__username", flat=True)) == [
        "nadia",
        "neil",
        "olivia",
    ]


def test_nothing_is_sent_before_an_item_falls_due(items, officer, nso) -> None:
    items.append(timed(officer))
    run(DUE - dt.timedelta(seconds=1), times=2)
    assert not AlertSent.objects.exists()
    assert told(officer) == told(nso) == []


def test_an_item_first_seen_overdue_tells_its_owner_once(items, officer, nso) -> None:
    items.append(timed(officer))
    run(OVERDUE, times=2)
    assert told(officer) == [OVERDUE_PREFIX + MESSAGE]
    assert told(nso) == [OVERDUE_PREFIX + MESSAGE]


def test_an_nso_who_owns_the_item_is_told_once_when_overdue(items, nso) -> None:
    items.append(timed(nso))
    run(OVERDUE)
    assert told(nso) == [OVERDUE_PREFIX + MESSAGE]


def test_an_item_done_is_no_longer_alerted(items, officer) -> None:
    items.append(timed(officer))
    run(DUE)
    items.clear()  # done: the source no longer yields it
    run(OVERDUE)
    assert told(officer) == [MESSAGE]


def test_an_inactive_owner_is_not_told(items, officer) -> None:
    officer.is_active = False
    officer.save()
    items.append(timed(officer))
    run(DUE)
    assert told(officer) == []


def test_the_email_carries_the_sentence_and_a_link_only(items, officer, settings) -> None:
    settings.SITE_URL = "https://records.ttw.example"
    items.append(timed(officer))
    run(DUE)
    (email,) = emails_to(officer)
    assert email.body == f"{MESSAGE}\n\nhttps://records.ttw.example/cases/\n"


def test_the_ledger_refuses_a_second_row_for_a_person_and_stage(officer) -> None:
    AlertSent.objects.create(key="test:1", stage=AlertSent.Stage.DUE, recipient=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertSent.objects.create(key="test:1", stage=AlertSent.Stage.DUE, recipient=officer)


def test_a_dry_run_sends_nothing(items, officer, nso) -> None:
    items.append(timed(officer))
    run_dry = alerts_send(now=OVERDUE, dry_run=True)
    assert (run_dry.due, run_dry.overdue) == (0, 2)
    out = io.StringIO()
    call_command("send_due_alerts", "--dry-run", "--now", OVERDUE.isoformat(), stdout=out)
    assert "Would send 0 due alert(s), 2 overdue alert(s)" in out.getvalue()
    assert not AlertSent.objects.exists()
    assert not Notification.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_a_bad_now_is_refused() -> None:
    with pytest.raises(CommandError):
        call_command("send_due_alerts", "--now", "yesterday", stdout=_Quiet())


# --- the daily digest ---------------------------------------------------------------


def test_digest_users_are_told_in_app_and_get_one_email_a_day(
    items, officer, officer2, settings
) -> None:
    settings.TTW_ALERT_DIGEST_HOUR = 7
    alert_preference_set(user=officer, daily_digest=True)
    items.append(timed(officer, key="test:1"))
    items.append(timed(officer, key="test:2"))
    items.append(timed(officer2, key="test:3"))
    # 06:30: before the digest hour; alerts in-app only for Olivia, e-mail for Oscar.
    early = DUE.replace(hour=6, minute=30)
    items[:] = [
        Timed(i.key, i.owners, early - dt.timedelta(hours=1), OVERDUE, i.message, i.path)
        for i in items
    ]
    run(early, times=2)
    assert told(officer) == [MESSAGE, MESSAGE]
    assert emails_to(officer) == []
    assert len(emails_to(officer2, DUE_SUBJECT)) == 1

    run(DUE, times=3)  # 09:00: the day's digest, once
    (digest,) = emails_to(officer)
    assert digest.subject == DIGEST_SUBJECT
    assert "2 new alert(s)" in digest.body
    assert digest.body.rstrip().endswith(reverse("notifications"))
    assert emails_to(officer2, DIGEST_SUBJECT) == []  # Oscar chose single e-mails

    # The next day: the overdue alert, in-app, and one digest counting only it.
    run(OVERDUE.replace(hour=8), times=3)
    assert told(officer)[-2:] == [OVERDUE_PREFIX + MESSAGE] * 2
    digests = emails_to(officer, DIGEST_SUBJECT)
    assert len(digests) == 2
    assert "2 new alert(s)" in digests[1].body  # the two overdue alerts since yesterday's
    assert AlertSent.objects.filter(recipient=officer, stage=AlertSent.Stage.DIGEST).count() == 2


def test_no_digest_without_new_alerts(items, officer) -> None:
    alert_preference_set(user=officer, daily_digest=True)
    run(DUE)
    assert emails_to(officer) == []
    assert not AlertSent.objects.exists()


# --- the pages ------------------------------------------------------------------------


@pytest.fixture
def two_notices(officer) -> Callable[[], list[Notification]]:
    notify([officer], message="First <b>notice</b>", path="/cases/")
    notify([officer], message="Second notice", path="/sharing/")
    return lambda: list(Notification.objects.filter(recipient=officer).order_by("pk"))


def test_unread_notifications_show_as_unread_until_read(two_notices, officer, client_for) -> None:
    client = client_for(officer)
    page = client.get(reverse("notifications")).content.decode()
    assert page.count("notification-unread") == 2
    assert "2 unread" in page
    assert "First &lt;b&gt;notice&lt;/b&gt;" in page and "<b>notice" not in page
    # Viewing the page does not mark anything read.
    assert all(n.read_at is None for n in two_notices())
    assert client.get(reverse("home")).context["unread_notifications"] == 2


def test_opening_a_notification_marks_it_read_and_follows_it(
    two_notices, officer, client_for
) -> None:
    first, second = two_notices()
    answer = client_for(officer).get(reverse("alerts:open", args=[first.code]))
    assert answer.status_code == 302 and answer["Location"] == "/cases/"
    first, second = two_notices()
    assert first.read_at is not None and second.read_at is None


def test_a_notification_pointing_away_from_the_site_goes_back_to_notifications(
    officer, client_for
) -> None:
    notify([officer], message="Odd", path="https://elsewhere.example/")
    (notice,) = Notification.objects.filter(recipient=officer)
    answer = client_for(officer).get(reverse("alerts:open", args=[notice.code]))
    assert answer["Location"] == reverse("notifications")


def test_mark_as_read_and_mark_all_as_read(two_notices, officer, client_for) -> None:
    client = client_for(officer)
    first, second = two_notices()
    answer = client.post(reverse("alerts:read", args=[second.code]))
    assert answer.status_code == 302
    first, second = two_notices()
    assert first.read_at is None and second.read_at is not None
    read_at = second.read_at
    client.post(reverse("alerts:read_all"))
    first, second = two_notices()
    assert first.read_at is not None
    assert second.read_at == read_at  # kept: when it was first read
    page = client.get(reverse("notifications")).content.decode()
    assert "notification-unread" not in page and "Nothing unread" in page


def test_nobody_opens_or_marks_another_persons_notification(two_notices, staff, client_for) -> None:
    first, _ = two_notices()
    client = client_for(staff)
    assert client.get(reverse("alerts:open", args=[first.code])).status_code == 404
    assert client.post(reverse("alerts:read", args=[first.code])).status_code == 404
    client.post(reverse("alerts:read_all"))
    assert all(n.read_at is None for n in two_notices())


def test_mark_as_read_is_post_only(two_notices, officer, client_for) -> None:
    first, _ = two_notices()
    client = client_for(officer)
    assert client.get(reverse("alerts:read", args=[first.code])).status_code == 405
    assert client.get(reverse("alerts:read_all")).status_code == 405


def test_a_person_chooses_the_daily_digest(officer, client_for) -> None:
    client = client_for(officer)
    assert "E-mails about alerts" in client.get(reverse("notifications")).content.decode()
    page = client.get(reverse("alerts:settings"))
    assert page.status_code == 200
    answer = client.post(reverse("alerts:settings"), {"daily_digest": "true"})
    assert answer.status_code == 302
    assert AlertPreference.objects.get(user=officer).daily_digest is True
    client.post(reverse("alerts:settings"), {"daily_digest": "false"})
    assert AlertPreference.objects.get(user=officer).daily_digest is False


def test_a_forged_choice_is_a_message_on_the_form(officer, client_for) -> None:
    answer = client_for(officer).post(reverse("alerts:settings"), {"daily_digest": "maybe"})
    assert answer.status_code == 200
    assert "There is a problem" in answer.content.decode()
    assert not AlertPreference.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_commands_racing_tell_each_person_once(roles_after_flush, items, officer, nso) -> None:
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the constraint under test is PostgreSQL's")
    items.extend(timed(officer, key=f"test:{n}") for n in range(30))
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def command() -> None:
        try:
            barrier.wait()
            alerts_send(now=OVERDUE)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=command) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    for person in (officer, nso):
        assert Notification.objects.filter(recipient=person).count() == 30
        assert OutboundEmail.objects.filter(to=person.email).count() == 30
    assert AlertSent.objects.count() == 60


def test_the_notifications_page_costs_the_same_with_5_and_500_notifications(
    officer, client_for
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("notifications")).status_code == 200
        return len(captured)

    for n in range(5):
        notify([officer], message=f"Notice {n}", path="/cases/")
    client.get(reverse("notifications"))  # the session's first read
    few = queries()
    for n in range(495):
        notify([officer], message=f"Notice {n}", path="/cases/")
    assert Notification.objects.filter(recipient=officer).count() == 500
    assert queries() == few

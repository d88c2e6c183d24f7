"""Issue 7: the NSO's inbox shows each approach until acknowledged; acknowledging and handling
are decisions of their own (P6.12)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from media_contacts.models import MediaAcknowledgement, MediaApproach, MediaHandling
from media_contacts.services import media_acknowledgement_record
from sharing import policy
from ttw_safeguarding.records.models import Decision, Notification

pytestmark = pytest.mark.django_db

INBOX = reverse("media_contacts:inbox")


def _when(minutes: int) -> str:
    return (timezone.localtime() - dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")


def test_inbox_shows_approaches_oldest_first_until_acknowledged(
    client_for, staff, staff2, nso, record_approach, acknowledge
):
    newer = record_approach(staff, approached_at=timezone.now() - dt.timedelta(hours=1))
    older = record_approach(
        staff2, approached_at=timezone.now() - dt.timedelta(days=2), outlet="Older Outlet"
    )
    client = client_for(nso)

    page = client.get(INBOX).content.decode()
    older_at = page.index(str(older.code))
    assert older_at < page.index(str(newer.code))
    assert "Older Outlet" in page

    acknowledge(older, nso)
    page = client.get(INBOX).content.decode()
    waiting = page[page.index("Awaiting acknowledgement") : page.index("handling not yet recorded")]
    assert str(older.code) not in waiting
    assert str(newer.code) in waiting
    # Acknowledged but not handled: listed under its own heading until handling is recorded.
    assert str(older.code) in page[page.index("handling not yet recorded") :]


def test_home_panel_tells_the_nso_how_many_wait_and_the_oldest(
    client_for, staff, nso, record_approach
):
    record_approach(staff, approached_at=timezone.now() - dt.timedelta(days=3))
    record_approach(staff, approached_at=timezone.now() - dt.timedelta(hours=2))
    page = client_for(nso).get(reverse("home")).content.decode()
    assert "<strong>2</strong> media approaches awaiting your acknowledgement" in page
    assert "3\xa0days" in page
    assert INBOX in page


def test_home_panel_for_staff_offers_recording_and_their_own_records(
    client_for, staff, staff2, nso, record_approach
):
    record_approach(staff2)
    page = client_for(staff).get(reverse("home")).content.decode()
    assert reverse("media_contacts:record") in page
    assert reverse("media_contacts:mine") in page
    assert "awaiting your acknowledgement" not in page
    assert INBOX not in page


def test_nso_acknowledges_through_the_page_and_the_recorder_is_told(
    client_for, staff, nso, record_approach, django_capture_on_commit_callbacks
):
    approach = record_approach(staff)
    url = reverse("media_contacts:acknowledge", args=[approach.code])
    client = client_for(nso)
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(url, {"note": "Will call them back."})
        response = client.post(url, {"confirm": "on", "note": "Will call them back."})

    assert "Tick the box to confirm" in refused.content.decode()

    assert response.status_code == 302
    ack = MediaAcknowledgement.objects.get()
    assert ack.approach == approach
    assert ack.recorded_by == nso
    assert ack.reason == "Will call them back."
    assert ack.report.state == "ready"
    assert Notification.objects.filter(recipient=staff, message__contains="acknowledged").exists()
    # The person who was approached sees that it is acknowledged, on their own record.
    page = client_for(staff).get(reverse("media_contacts:detail", args=[approach.code]))
    assert "Acknowledged by Nadia" in page.content.decode()
    # A second acknowledgement records nothing and says who acknowledged it, on the form.
    again = client.post(url, {"confirm": "on", "note": ""})
    assert again.status_code == 200
    assert "Already recorded by Nadia on " in again.content.decode()
    assert MediaAcknowledgement.objects.count() == 1


def test_a_second_acknowledgement_is_refused_by_the_service(staff, nso, nso2, record_approach):
    approach = record_approach(staff)
    media_acknowledgement_record(approach=approach, actor=nso)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        media_acknowledgement_record(approach=approach, actor=nso2)
    assert exc.value.messages[0].startswith("Already recorded by Nadia on ")
    assert MediaAcknowledgement.objects.count() == 1


@pytest.mark.parametrize(
    ("handling", "extra", "shown"),
    [
        ("response", {"response": "TTW does not comment on individuals."}, "does not comment"),
        ("declined", {}, "Decision to decline to comment"),
        ("press_office", {"press_office": "Regional press office"}, "Regional press office"),
    ],
)
def test_nso_records_how_it_was_handled(
    client_for,
    staff,
    nso,
    record_approach,
    acknowledge,
    handling,
    extra,
    shown,
    django_capture_on_commit_callbacks,
):
    approach = record_approach(staff)
    acknowledge(approach, nso)
    client = client_for(nso)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("media_contacts:handle", args=[approach.code]),
            {"handling": handling, "handled_at": _when(5), "reason": "Policy P6.12.", **extra},
        )
    assert response.status_code == 302, response.context["form"].errors
    record = MediaHandling.objects.get()
    assert record.handling == handling
    assert record.clauses == ["P6.11", "P6.12"]
    page = client.get(reverse("media_contacts:detail", args=[approach.code])).content.decode()
    assert shown in page
    # Handled approaches leave the inbox.
    assert str(approach.code) not in client.get(INBOX).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"handling": "response"}, "response", policy.MEDIA_RESPONSE_REQUIRED),
        ({"handling": "press_office"}, "press_office", policy.MEDIA_PRESS_OFFICE_REQUIRED),
        ({"handling": "bribe"}, "handling", "Select a valid choice."),
        ({"handling": "declined", "reason": ""}, "reason", "This field is required."),
        (
            {"handling": "declined", "handled_at": "2999-01-01T10:00"},
            "handled_at",
            policy.MEDIA_HANDLED_IN_FUTURE,
        ),
        (
            {"handling": "declined", "handled_at": "2000-01-01T10:00"},
            "handled_at",
            policy.MEDIA_HANDLED_BEFORE_APPROACH,
        ),
        ({"handling": "declined", "reason": "y" * 100_000}, "reason", "at most 10000"),
    ],
)
def test_bad_handling_gets_a_clear_message(
    client_for, staff, nso, record_approach, acknowledge, data, field, message
):
    approach = record_approach(staff)
    acknowledge(approach, nso)
    form = {"handled_at": _when(5), "reason": "Because.", **data}
    response = client_for(nso).post(reverse("media_contacts:handle", args=[approach.code]), form)
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert "There is a problem" in response.content.decode()
    assert not MediaHandling.objects.exists()


def test_handling_before_acknowledgement_is_refused(client_for, staff, nso, record_approach):
    approach = record_approach(staff)
    response = client_for(nso).post(
        reverse("media_contacts:handle", args=[approach.code]),
        {"handling": "declined", "handled_at": _when(5), "reason": "No comment."},
    )
    assert response.status_code == 200
    assert policy.MEDIA_NOT_ACKNOWLEDGED in response.content.decode()
    assert not MediaHandling.objects.exists()


def test_inbox_query_count_does_not_grow_with_the_approaches(
    client_for,
    staff,
    staff2,
    nso,
    record_approach,
    acknowledge,
    email_down,
    django_assert_num_queries,
):
    client = client_for(nso)
    client.get(INBOX)  # the session and permissions, as on any later visit

    first = record_approach(staff)
    acknowledge(record_approach(staff2), nso)
    with CaptureQueriesContext(connection) as few:
        assert client.get(INBOX).status_code == 200

    for _ in range(4):
        record_approach(staff)
        acknowledge(record_approach(staff2), nso)
    with django_assert_num_queries(len(few)):
        page = client.get(INBOX).content.decode()
    assert str(first.code) in page
    # Ten approaches, one NSO: ten failed e-mails, each listed.
    assert page.count("mail server unreachable") == 10


def test_my_media_records_query_count_does_not_grow(
    client_for, staff, nso, record_approach, acknowledge
):
    client = client_for(staff)
    acknowledge(record_approach(staff), nso)
    client.get(reverse("media_contacts:mine"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("media_contacts:mine"))
    for _ in range(4):
        acknowledge(record_approach(staff), nso)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("media_contacts:mine")).content.decode()
    assert page.count("Yes, ") == 5
    assert len(many) == len(few)


def test_approach_page_query_count_does_not_grow_with_handlings(
    client_for, staff, nso, record_approach, acknowledge
):
    from media_contacts.services import media_handling_record

    approach = record_approach(staff)
    acknowledge(approach, nso)
    client = client_for(nso)
    url = reverse("media_contacts:detail", args=[approach.code])

    def handle() -> None:
        media_handling_record(
            approach=approach,
            actor=nso,
            handling="declined",
            handled_at=timezone.now(),
            reason="No comment.",
        )

    handle()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(3):
        handle()
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count("Decision to decline to comment") == 4
    assert len(many) == len(few)


def test_nso_pages_access(client, client_for, staff, officer, nso, record_approach):
    approach = record_approach(staff)
    code_pages = ["media_contacts:acknowledge", "media_contacts:handle"]
    urls = [INBOX, reverse("media_contacts:email_retry")] + [
        reverse(name, args=[approach.code]) for name in code_pages
    ]
    for url in urls:
        # Anonymous: to the sign-in page, for reading and for writing.
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))
        # Staff and officers may not handle media approaches: 403 (staff may see this one).
        for user in (staff, officer):
            assert client_for(user).get(url).status_code == 403
            assert client_for(user).post(url, {"handling": "declined"}).status_code == 403
    assert client_for(nso).get(INBOX).status_code == 200
    # Retrying e-mails is a POST only.
    assert client_for(nso).get(reverse("media_contacts:email_retry")).status_code == 405
    # A code that is no approach: 404.
    for name in code_pages:
        url = reverse(name, args=["00000000-0000-4000-8000-000000000000"])
        assert client_for(nso).get(url).status_code == 404
    assert Decision.objects.count() == 1
    assert MediaApproach.objects.count() == 1

"""Issue 7: anyone approached by the media records it, and every NSO is told at once (P6.12)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from media_contacts.models import MediaApproach
from media_contacts.services import media_approach_record
from sharing import policy
from tests.conftest import pdf_text
from tests.media_contacts.conftest import JOURNALIST, OUTLET, REQUEST, approach_form_data
from ttw_safeguarding.records.decisions import compute_hash
from ttw_safeguarding.records.models import Decision, Notification, OutboundEmail, WrittenReport

pytestmark = pytest.mark.django_db

RECORD = reverse("media_contacts:record")


def _post(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(RECORD, approach_form_data(**overrides))


def test_every_page_offers_the_media_action_to_every_role(
    client_for, staff, officer, nso, cmg, sysadmin
):
    for user in (staff, officer, nso, cmg, sysadmin):
        page = client_for(user).get(reverse("notifications")).content.decode()
        assert "Approached by the media?" in page
        assert f'href="{RECORD}"' in page


def test_the_page_says_what_to_do_before_the_form(client_for, staff):
    page = client_for(staff).get(RECORD).content.decode()
    assert "<title>Approached by the media?" in page
    assert page.count("<h1") == 1
    guidance = page.index("Give no information")
    assert guidance < page.index("Take their details") < page.index('name="journalist_name"')
    assert "National Safeguarding Officer is told at once" in page


def test_staff_records_an_approach_and_each_nso_gets_one_email_without_the_details(
    client_for, staff, nso, nso2, officer, mailoutbox, django_capture_on_commit_callbacks
):
    response = _post(client_for(staff), django_capture_on_commit_callbacks)

    approach = MediaApproach.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("media_contacts:detail", args=[approach.code])
    assert approach.recorded_by == staff
    assert approach.journalist_name == JOURNALIST
    assert approach.anything_said is False
    assert approach.clauses == ["P6.12"]
    # One e-mail to each NSO, none to the officer; only who recorded it and a link.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([nso.email, nso2.email])
    link = "/media/" + str(approach.code) + "/"
    for message in mailoutbox:
        text = message.subject + message.body
        assert "Sam" in text
        assert link in message.body
        for detail in (JOURNALIST, OUTLET, REQUEST, "jo@daily.example", "7946"):
            assert detail not in text
    # In-app as well, for every NSO and nobody else.
    notes = Notification.objects.filter(url=link)
    assert sorted(n.recipient.username for n in notes) == sorted([nso.username, nso2.username])
    assert all(JOURNALIST not in n.message for n in notes)
    assert OutboundEmail.objects.filter(state=OutboundEmail.State.SENT).count() == 2


def test_the_approach_is_a_decision_with_audit_entry_hash_and_written_report(
    staff, nso, record_approach
):
    approach = record_approach(staff, anything_said=True, what_was_said="I said no comment.")

    stored = MediaApproach.objects.get(pk=approach.pk)
    assert compute_hash(stored) == stored.content_hash
    entry = LogEntry.objects.get(action=LogEntry.Action.CREATE, object_pk=str(approach.pk))
    assert entry.actor == staff
    report = WrittenReport.objects.get(decision=approach)
    assert report.state == WrittenReport.State.READY
    text = pdf_text(report.pdf.open("rb").read())
    for expected in (JOURNALIST, OUTLET, "P6.12", "Something was said", "I said no comment."):
        assert expected in text


def test_officer_links_the_approach_to_a_case(
    client_for, officer, nso, case, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    assert case.reference in client.get(RECORD).content.decode()
    response = _post(client, django_capture_on_commit_callbacks, case=str(case.code))
    assert response.status_code == 302
    assert MediaApproach.objects.get().case == case


def test_staff_are_not_offered_cases_and_a_forged_case_is_not_linked(
    client_for, staff, nso, case, django_capture_on_commit_callbacks
):
    client = client_for(staff)
    page = client.get(RECORD).content.decode()
    assert 'name="case"' not in page
    assert case.reference not in page
    _post(client, django_capture_on_commit_callbacks, case=str(case.code))
    assert MediaApproach.objects.get().case is None


def test_a_forged_case_code_is_refused_for_an_officer(
    client_for, officer, case, django_capture_on_commit_callbacks
):
    response = _post(
        client_for(officer),
        django_capture_on_commit_callbacks,
        case="00000000-0000-4000-8000-000000000000",
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not MediaApproach.objects.exists()


def test_the_service_refuses_a_case_the_recorder_may_not_open(staff, case):
    with pytest.raises(ValidationError) as exc:
        media_approach_record(
            actor=staff,
            approached_at=case.opened_at,
            journalist_name=JOURNALIST,
            phone="01234 567890",
            contact_method="phone",
            information_wanted=REQUEST,
            anything_said=False,
            case=case,
        )
    assert "case" in exc.value.message_dict
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"journalist_name": ""}, "journalist_name", "This field is required."),
        (
            {"phone": "", "email": "", "other_contact": ""},
            "other_contact",
            policy.MEDIA_CONTACT_REQUIRED,
        ),
        ({"approached_at": "2999-01-01T10:00"}, "approached_at", policy.MEDIA_APPROACH_IN_FUTURE),
        ({"approached_at": "yesterday"}, "approached_at", "Enter a valid date/time."),
        ({"anything_said": ""}, "anything_said", "This field is required."),
        ({"anything_said": "yes"}, "what_was_said", policy.MEDIA_WHAT_WAS_SAID_REQUIRED),
        ({"anything_said": "maybe"}, "anything_said", "Select a valid choice."),
        ({"contact_method": "carrier_pigeon"}, "contact_method", "Select a valid choice."),
        ({"information_wanted": "x" * 100_000}, "information_wanted", "at most 5000"),
        ({"journalist_name": "Jo\x00"}, "journalist_name", "Null characters are not allowed."),
        ({"information_wanted": "a\x07b"}, "information_wanted", "Remove control characters"),
        ({"phone": "call me"}, "phone", "digits, spaces"),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        (
            {"deadline": "2000-01-01T10:00"},
            "deadline",
            policy.MEDIA_DEADLINE_BEFORE_APPROACH,
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_records_nothing(
    client_for,
    staff,
    nso,
    overrides,
    field,
    message,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    response = _post(client_for(staff), django_capture_on_commit_callbacks, **overrides)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    page = response.content.decode()
    assert "There is a problem" in page
    assert not Decision.objects.exists()
    assert not Notification.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert mailoutbox == []


def test_html_in_the_record_is_shown_as_text(client_for, staff, nso, record_approach):
    approach = record_approach(staff, journalist_name="<script>alert(1)</script>")
    page = client_for(nso).get(reverse("media_contacts:detail", args=[approach.code]))
    assert b"<script>alert(1)</script>" not in page.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page.content


def test_what_was_said_is_dropped_when_nothing_was_said(staff, nso, record_approach):
    approach = record_approach(staff, anything_said=False, what_was_said="left over text")
    assert approach.what_was_said == ""
    assert approach.outcome == "Media approach recorded: no information given"


def test_record_page_access(client, client_for, norole, staff):
    response = client.get(RECORD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert client.post(RECORD, approach_form_data()).status_code == 302
    assert client_for(norole).get(RECORD).status_code == 403
    assert client_for(norole).post(RECORD, approach_form_data()).status_code == 403
    assert client_for(staff).get(RECORD).status_code == 200
    assert not Decision.objects.exists()

"""P6.9 after a share by phone or in person, and consent records (P6.8).

Olivia (officer) shares by phone; the written report must follow within one
working day, or the share shows as overdue on her home page and the NSO's.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sharing import policy, selectors
from sharing.models import ConsentRecord, WrittenReportSent

pytestmark = pytest.mark.django_db


@pytest.fixture
def share_days_ago(record_share):
    """Record a share as if decided ``days`` calendar days ago."""

    def _record(days: int, case, actor, **overrides):
        with time_machine.travel(timezone.now() - dt.timedelta(days=days)):
            return record_share(case, actor, **overrides)

    return _record


def test_urgent_phone_share_without_confirmation_becomes_overdue(
    client_for, officer, nso, staff, case, share_days_ago
):
    overdue = share_days_ago(7, case, officer, method="phone", urgency="immediate")
    by_email = share_days_ago(7, case, officer, method="secure_email")
    recent = share_days_ago(0, case, officer, method="phone")
    assert list(selectors.written_reports_overdue(user=officer)) == [overdue]
    for user in (officer, nso):
        home = client_for(user).get(reverse("home")).content.decode()
        assert "Written reports overdue" in home
        assert overdue.short_code in home
        assert by_email.short_code not in home.split("Written reports overdue")[1]
        assert recent.short_code not in home.split("Written reports overdue")[1]
    assert "Written reports overdue" not in client_for(staff).get(reverse("home")).content.decode()
    page = client_for(officer).get(reverse("decisions:detail", args=[overdue.code]))
    assert b"Overdue" in page.content


def test_confirming_the_written_report_clears_the_overdue_share(
    client_for, officer, case, share_days_ago, django_capture_on_commit_callbacks
):
    share = share_days_ago(7, case, officer, method="meeting")
    client = client_for(officer)
    url = reverse("sharing:written_report_sent", args=[share.code])
    future = client.post(
        url,
        {
            "sent_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
            "sent_by": "secure_email",
        },
    )
    assert policy.DATE_IN_FUTURE in future.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"sent_on": timezone.localdate().isoformat(), "sent_by": "secure_email"}
        )
    confirmation = WrittenReportSent.objects.get()
    assert response.url == reverse("decisions:detail", args=[confirmation.code])
    assert list(selectors.written_reports_overdue(user=officer)) == []
    assert "Written reports overdue" not in client.get(reverse("home")).content.decode()
    page = client.get(reverse("decisions:detail", args=[share.code])).content.decode()
    assert "Sent on" in page
    # Once only.
    assert client.get(url).status_code == 302
    assert WrittenReportSent.objects.count() == 1


def test_a_share_in_writing_needs_no_confirmation(officer, case, record_share):
    from sharing import services

    share = record_share(case, officer, method="letter")
    with pytest.raises(ValidationError) as refused:
        services.written_report_sent_record(
            share_decision=share,
            actor=officer,
            sent_on=timezone.localdate(),
            sent_by="letter",
            facts="",
        )
    assert policy.WRITTEN_REPORT_NOT_DUE in refused.value.messages
    assert WrittenReportSent.objects.count() == 0


def test_written_report_sent_access(client, client_for, staff, officer, case, record_share):
    share = record_share(case, officer, method="phone")
    url = reverse("sharing:written_report_sent", args=[share.code])
    assert client.post(url, {}).status_code == 302  # anonymous: sign in
    assert client_for(staff).post(url, {}).status_code == 403
    unknown = reverse("sharing:written_report_sent", args=[uuid.uuid4()])
    assert client_for(officer).post(unknown, {}).status_code == 404
    assert WrittenReportSent.objects.count() == 0


# --- consent records (P6.8) ------------------------------------------------------------


def test_officer_records_consent_refused(
    client_for, officer, case, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    url = reverse("sharing:consent_new", args=[case.code])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "whose": "parent_carer",
                "person_name": "Pat Parent",
                "was_sought": "yes",
                "answer": "refused",
                "occurred_on": timezone.localdate().isoformat(),
                "reason": "Asked before any share, as P6.8 expects.",
            },
        )
    record = ConsentRecord.objects.get()
    assert response.url == reverse("decisions:detail", args=[record.code])
    assert record.position == policy.Consent.REFUSED
    assert record.outcome == "Consent of a parent or carer refused"
    assert record.clauses == ["P6.8", "P6.10", "P6.11"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"was_sought": "no"}, policy.CONSENT_WHY_NOT_SOUGHT_REQUIRED),
        ({"was_sought": "no", "not_sought_because": "other"}, policy.CONSENT_OTHER_REASON_REQUIRED),
        ({"was_sought": "yes"}, policy.CONSENT_ANSWER_REQUIRED),
        (
            {"was_sought": "yes", "answer": "given", "occurred_on": "2999-01-01"},
            policy.DATE_IN_FUTURE,
        ),
        ({"was_sought": "yes", "answer": "forged"}, "Select a valid choice"),
        ({"was_sought": "yes", "answer": "given", "reason": ""}, policy.REASON_REQUIRED),
    ],
)
def test_consent_record_refused_with_a_clear_message(client_for, officer, case, data, message):
    base = {
        "whose": "child",
        "occurred_on": timezone.localdate().isoformat(),
        "reason": "Recorded before sharing.",
    }
    response = client_for(officer).post(
        reverse("sharing:consent_new", args=[case.code]), {**base, **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ConsentRecord.objects.count() == 0


def test_consent_not_sought_because_of_significant_harm(officer, case, record_consent):
    record = record_consent(
        case, officer, was_sought=False, answer="", not_sought_because="significant_harm"
    )
    assert record.position == policy.Consent.NOT_SOUGHT
    assert "not sought" in record.outcome


def test_consent_new_access(client, client_for, staff, officer, case):
    url = reverse("sharing:consent_new", args=[case.code])
    assert client.post(url, {}).status_code == 302
    assert client_for(staff).post(url, {}).status_code == 403
    assert (
        client_for(officer)
        .post(reverse("sharing:consent_new", args=[uuid.uuid4()]), {})
        .status_code
        == 404
    )
    assert ConsentRecord.objects.count() == 0

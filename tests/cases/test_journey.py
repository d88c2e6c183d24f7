"""Issue 4, "Show, in tests": from a staff member's concern to a referral and a chronology.

Personas (tests/conftest.py): Sam (staff) records concerns and sees only his own;
Stella (staff2) must never see Sam's; Olivia (officer) and Nadia (NSO) triage and
manage cases.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseClosure, Child, Concern, Referral, Triage
from sharing import policy
from tests.cases.conftest import concern_fields
from tests.conftest import pdf_text
from ttw_safeguarding.records.models import Decision, Notification, OutboundEmail, WrittenReport

pytestmark = pytest.mark.django_db


def _new_concern(client, **overrides):
    fields = {"child": "new", "child-name": "Alex Example", "child-approximate_age": "9"}
    data = concern_fields(**{**fields, **overrides})
    return client.post(reverse("cases:concern_new"), data)


def test_staff_records_a_concern_and_sees_only_their_own_submissions(
    client_for, staff, staff2, officer, nso, django_capture_on_commit_callbacks
):
    sam = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _new_concern(sam)
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:concern_submitted", args=[concern.code])
    # A new child with a generated reference, and the concern recorded as a decision.
    child = Child.objects.get()
    assert child.reference.startswith(f"C-{timezone.localdate().year}-")
    assert concern.child == child and concern.recorded_by == staff
    assert concern.categories == ["physical"]
    assert WrittenReport.objects.get(decision=concern).state == WrittenReport.State.READY

    confirmation = sam.get(response.url).content.decode()
    assert "Your concern is recorded" in confirmation
    mine = sam.get(reverse("cases:my_submissions")).content.decode()
    assert "Alex Example" in mine
    page = sam.get(reverse("cases:submission_detail", args=[concern.code])).content.decode()
    assert "Dad grabbed me when I was late." in page

    # Stella sees nothing of Sam's submission: not listed, and its page is a 404.
    stella = client_for(staff2)
    assert "Alex Example" not in stella.get(reverse("cases:my_submissions")).content.decode()
    assert stella.get(reverse("cases:submission_detail", args=[concern.code])).status_code == 404
    assert stella.get(reverse("decisions:detail", args=[concern.code])).status_code == 404

    # Officers and the NSO are told in-app and by e-mail; the e-mail has only a link.
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {officer.username, nso.username}
    emails = OutboundEmail.objects.all()
    assert {e.to for e in emails} == {officer.email, nso.email}
    for email in emails:
        assert reverse("cases:triage", args=[concern.code]) in email.body
        for detail in ("Alex", "bruise", "Dad", child.reference, "Riverside"):
            assert detail not in email.body and detail not in email.subject


def test_reporter_sees_nothing_of_what_officers_do(
    client_for, staff, officer, record_concern, triage_concern, record_referral
):
    concern = record_concern(staff)
    triage = triage_concern(officer, concern, reason="Officer's confidential triage reasoning.")
    record_referral(triage.case, officer, outcome="Referred to the police")
    sam = client_for(staff)
    for url in (
        reverse("cases:my_submissions"),
        reverse("cases:submission_detail", args=[concern.code]),
        reverse("home"),
    ):
        body = sam.get(url).content.decode()
        assert triage.case.reference not in body
        assert "confidential triage reasoning" not in body
        assert "Referred to the police" not in body
    assert sam.get(reverse("decisions:detail", args=[triage.code])).status_code == 404
    assert sam.get(reverse("cases:detail", args=[triage.case.code])).status_code == 403


def test_urgent_concern_tells_the_reporter_to_call_999(client_for, staff):
    sam = client_for(staff)
    form_page = sam.get(reverse("cases:concern_new") + "?child=new").content.decode()
    assert "call 999 now" in form_page
    response = _new_concern(sam, in_immediate_danger="yes")
    concern = Concern.objects.get()
    assert concern.is_urgent
    confirmation = sam.get(response.url).content.decode()
    assert "You said a child is in immediate danger" in confirmation
    assert "call 999 now" in confirmation


def test_officer_triages_refers_and_the_chronology_shows_both_in_order(
    client_for, staff, officer, record_concern, django_capture_on_commit_callbacks
):
    concern = record_concern(staff, childs_words="It hurts when I lift my arm.")
    olivia = client_for(officer)
    triage_page = olivia.get(reverse("cases:triage", args=[concern.code]))
    assert "It hurts when I lift my arm." in triage_page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = olivia.post(
            reverse("cases:triage", args=[concern.code]),
            {
                "case_choice": "new",
                "owner": officer.pk,
                "risk_level": "high",
                "status": "open",
                "meets_referral_threshold": "on",
                "threshold_rationale": "Injury with a disclosure of harm at home.",
                "reason": "Physical harm disclosed; social care must know.",
            },
        )
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.code])
    triage = Triage.objects.get()
    assert triage.concern == concern and triage.case == case and triage.opens_case
    assert case.meets_referral_threshold and case.risk_level == "high"
    assert case.child == concern.child and case.owner == officer

    referred_at = timezone.localtime() - dt.timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        response = olivia.post(
            reverse("cases:referral_add", args=[case.code]),
            {
                "agency": "social_care",
                "agency_contact": "Duty social worker Jo Bloggs",
                "referred_at": referred_at.strftime("%Y-%m-%dT%H:%M"),
                "method": "phone",
                "agency_reference": "SC-123",
                "information_shared": "The concern and the child's words.",
                "facts": "Bruise on forearm; disclosure of being grabbed at home.",
                "professional_opinion": "Likely non-accidental.",
                "reason": "Meets the threshold for referral (P6.2).",
            },
        )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.case == case and referral.agency_reference == "SC-123"

    page = olivia.get(reverse("cases:chronology", args=[case.code])).content.decode()
    order = [concern.LABEL, Triage.LABEL, Referral.LABEL]
    positions = [page.index(label) for label in order]
    assert positions == sorted(positions)
    assert "3 events" in page

    pdf = olivia.get(reverse("cases:chronology_pdf", args=[case.code]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "no-store" in pdf["Cache-Control"]
    text = pdf_text(pdf.content)
    positions = [text.index(label) for label in order]
    assert positions == sorted(positions)
    assert "Duty social worker Jo Bloggs" in text
    assert case.reference in text


def test_threshold_case_without_referral_shows_overdue_and_refuses_closure(
    client_for, officer, nso, threshold_case, record_referral
):
    case = threshold_case
    for user in (officer, nso):
        home = client_for(user).get(reverse("home")).content.decode()
        assert "Referrals overdue" in home and case.reference in home
    listing = client_for(officer).get(reverse("cases:list") + "?overdue=on").content.decode()
    assert case.reference in listing and "Overdue" in listing

    olivia = client_for(officer)
    response = olivia.post(
        reverse("cases:close", args=[case.code]), {"reason": "Nothing more to do."}
    )
    assert response.status_code == 200
    assert policy.CLOSURE_REFUSED_NO_REFERRAL in response.content.decode()
    assert not CaseClosure.objects.exists()
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN

    record_referral(case, officer)
    home = client_for(officer).get(reverse("home")).content.decode()
    assert "Referrals overdue" not in home
    response = olivia.post(
        reverse("cases:close", args=[case.code]), {"reason": "Referred; social care lead."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert CaseClosure.objects.get().case == case


def test_facts_and_opinion_are_stored_and_printed_apart(staff, record_concern):
    concern = record_concern(
        staff,
        facts="FACT-TEXT: a bruise on the left forearm.",
        professional_opinion="OPINION-TEXT: it looked like a grip mark.",
    )
    concern.refresh_from_db()
    assert concern.facts == "FACT-TEXT: a bruise on the left forearm."
    assert concern.professional_opinion == "OPINION-TEXT: it looked like a grip mark."
    report = WrittenReport.objects.get(decision=concern)
    text = pdf_text(report.pdf.open("rb").read())
    facts_at, opinion_at = text.index("FACTS"), text.index("PROFESSIONAL OPINION")
    assert facts_at < text.index("FACT-TEXT") < opinion_at < text.index("OPINION-TEXT")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"facts": ""}, policy.CONCERN_FACTS_REQUIRED),
        ({"facts": "   "}, policy.CONCERN_FACTS_REQUIRED),
        (
            {
                "occurred_at": (timezone.localtime() + dt.timedelta(days=2)).strftime(
                    "%Y-%m-%dT%H:%M"
                )
            },
            policy.CONCERN_IN_THE_FUTURE,
        ),
        ({"occurred_at": "yesterday-ish"}, "Enter a valid date/time."),
        ({"facts": "x" * 100_000}, "at most 20000 characters"),
        ({"facts": "A bruise\x00 on the arm"}, "Null characters are not allowed"),
        ({"facts": "A bruise\x07 on the arm"}, "control characters"),
        ({"childs_words": "<script>alert(1)</script>"}, "remove the HTML markup"),
        ({"categories": []}, policy.CONCERN_CATEGORY_REQUIRED),
        ({"categories": ["forged"]}, "Select a valid choice"),
        ({"in_immediate_danger": "maybe"}, "Select a valid choice"),
        ({"child-name": "", "child-approximate_age": ""}, "This field is required"),
        ({"child-approximate_age": "", "child-date_of_birth": ""}, "date of birth or"),
        (
            {"marks-0-side": "front", "marks-0-x": "999", "marks-0-y": "10"},
            "less than or equal to 200",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_records_nothing(client_for, staff, overrides, message):
    response = _new_concern(client_for(staff), **overrides)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message.replace("'", "&#x27;") in body or message in body
    assert "<script>alert(1)</script>" not in body
    assert not Decision.objects.exists()
    assert not Child.objects.exists()


def test_body_map_marks_are_shown_on_the_page_and_in_the_pdf(client_for, staff, officer):
    sam = client_for(staff)
    response = _new_concern(
        sam,
        **{
            "marks-0-side": "front",
            "marks-0-x": "40",
            "marks-0-y": "150",
            "marks-0-size": "about 3 cm",
            "marks-0-colour": "purple",
            "marks-0-description": "Oval bruise on the right forearm",
            "marks-1-side": "back",
            "marks-1-x": "120",
            "marks-1-y": "90",
            "marks-1-colour": "red",
            "marks-1-description": "Red mark on the left shoulder blade",
        },
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert [m["description"] for m in concern.body_map] == [
        "Oval bruise on the right forearm",
        "Red mark on the left shoulder blade",
    ]
    assert concern.body_map[0] == {
        "side": "front",
        "x": 40,
        "y": 150,
        "size": "about 3 cm",
        "colour": "purple",
        "description": "Oval bruise on the right forearm",
    }
    page = client_for(officer).get(reverse("cases:triage", args=[concern.code])).content.decode()
    assert '<circle cx="40" cy="150"' in page
    assert "Oval bruise on the right forearm" in page

    # The written report draws the outlines and lists the marks.
    from ttw_safeguarding.records.reports import decision_report_pdf

    text = pdf_text(decision_report_pdf(concern))
    assert "Body map" in text
    assert "Oval bruise on the right forearm" in text and "about 3 cm" in text

"""The NSO's alert to clubs: the rule, who it reaches, the e-mail, read receipts, the page
rules and the written report.

Personas (tests/conftest.py): Nadia (nso) sends alerts; Ceri (cwo, Bangor, north) and Rhian
(rwo, the north) receive those to the north; Dylan (cwo2, Cardiff, south) must never see an
alert that was not sent to him; officers see what was sent, read-only.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sharing import policy
from sharing.club_alert_services import EMAIL_SUBJECT, club_alert_send
from sharing.models import AlertReceipt, AlertRecipient, ClubAlert
from tests.conftest import pdf_text
from ttw_safeguarding.records import submissions
from ttw_safeguarding.records.decisions import compute_hash, verify_chain
from ttw_safeguarding.records.models import OutboundEmail, WrittenReport

WARNING = "A man calling himself Gareth offers free private coaching to juniors after sessions."
ACTION = "Do not allow one-to-one sessions; tell the NSO if he contacts your club."
REASON = "Several clubs were approached; children may be at risk (P6.1)."


# --- the rule, both ways ------------------------------------------------------------


def _facts(**overrides):
    fields = {"warning": WARNING, "action": ACTION, "reason": REASON, "clubs": 1, "regions": 0}
    return policy.ClubAlertFacts(**{**fields, **overrides})


def test_an_alert_with_a_club_a_warning_an_action_and_a_reason_may_be_sent():
    assert policy.club_alert_problems(_facts()) == []
    assert policy.club_alert_problems(_facts(clubs=0, regions=1)) == []


def test_an_alert_to_no_club_and_no_region_is_refused():
    problems = policy.club_alert_problems(_facts(clubs=0, regions=0))
    assert [p.message for p in problems] == [policy.ALERT_RECIPIENTS_REQUIRED]


def test_the_warning_the_action_and_the_reason_are_required():
    problems = policy.club_alert_problems(_facts(warning=" ", action="", reason=""))
    assert {p.field: p.message for p in problems} == {
        "warning": policy.ALERT_WARNING_REQUIRED,
        "action": policy.ALERT_ACTION_REQUIRED,
        "reason": policy.REASON_REQUIRED,
    }


@pytest.mark.parametrize("reference", ["C-2026-0042", "CASE-2026-0001", "case-2025-1234"])
def test_a_case_or_child_reference_is_refused_as_case_detail(reference):
    problems = policy.club_alert_problems(_facts(warning=f"About {reference}: a coach."))
    assert [(p.field, p.message) for p in problems] == [
        ("warning", policy.ALERT_CASE_DETAIL.format(reference=reference))
    ]


def test_text_without_a_reference_is_not_case_detail():
    assert policy.case_reference_in("Call 01234 567890 before 2026-05-01") == ""


def test_an_alert_that_reaches_nobody_is_refused_and_one_that_reaches_someone_is_not():
    assert [p.message for p in policy.club_alert_recipients_problems(0)] == [
        policy.ALERT_NOBODY_TO_TELL
    ]
    assert policy.club_alert_recipients_problems(1) == []


# --- sending ----------------------------------------------------------------------


@pytest.fixture
def conwy_cwo(make_user, club_north2):
    """Catrin, Conwy's club welfare officer (the north)."""
    from clubs.models import ClubWelfareOfficer
    from ttw_safeguarding.records import roles

    catrin = make_user("catrin", roles.CLUB_WELFARE_OFFICER)
    ClubWelfareOfficer.objects.create(user=catrin, club=club_north2)
    return catrin


@pytest.fixture
def alert(nso, cwo, cwo2, rwo, rwo2, region_north, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return club_alert_send(
            actor=nso,
            clubs=[],
            regions=[region_north],
            warning=WARNING,
            action=ACTION,
            reason=REASON,
        )


def _form(clubs=(), regions=(), **extra):
    return {
        "clubs": [str(c.code) for c in clubs],
        "regions": [str(r.code) for r in regions],
        "warning": WARNING,
        "action": ACTION,
        "reason": REASON,
        **extra,
    }


def test_the_nso_sends_to_a_club_and_a_region_and_the_right_people_get_it(
    nso,
    cwo,
    cwo2,
    rwo,
    rwo2,
    conwy_cwo,
    club_north2,
    region_north,
    client_for,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(nso).post(
            reverse("sharing:alert_new"), _form([club_north2], [region_north])
        )
    assert response.status_code == 302
    alert = ClubAlert.objects.get()
    assert response["Location"] == reverse("sharing:alert_sent_detail", args=[alert.code])
    got = set(AlertRecipient.objects.filter(alert=alert).values_list("user__username", flat=True))
    assert got == {"ceri", "catrin", "rhian"}  # never Dylan or Rhys (the south)
    assert alert.sent_to == {"clubs": ["Conwy TTC"], "regions": ["North Wales TTA"]}
    assert {r["name"] for r in alert.recipients} == {"Ceri", "Catrin", "Rhian"}
    assert alert.clauses == ["P6.1", "P6.11"]
    # The recipients are in the hash: changing them would break the chain.
    assert compute_hash(alert) == alert.content_hash
    assert verify_chain() >= 1


def test_a_club_alone_reaches_its_regional_welfare_officer(
    nso, cwo, cwo2, rwo, club_north, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alert = club_alert_send(
            actor=nso,
            clubs=[club_north],
            regions=[],
            warning=WARNING,
            action=ACTION,
            reason=REASON,
        )
    assert {r["name"] for r in alert.recipients} == {"Ceri", "Rhian"}


def test_the_email_says_only_that_an_alert_waits_with_a_link(alert):
    emails = OutboundEmail.objects.all()
    assert sorted(e.to for e in emails) == ["ceri@ttw.example", "rhian@ttw.example"]
    for email in emails:
        assert email.subject == EMAIL_SUBJECT
        assert reverse("sharing:alert_detail", args=[alert.code]) in email.body
        assert "Gareth" not in email.body and "coaching" not in email.body
        assert "one-to-one" not in email.body


def test_an_alert_to_a_place_with_no_welfare_officer_is_refused_and_leaves_nothing(
    nso, region_south
):
    with pytest.raises(ValidationError) as refused:
        club_alert_send(
            actor=nso,
            clubs=[],
            regions=[region_south],
            warning=WARNING,
            action=ACTION,
            reason=REASON,
        )
    assert policy.ALERT_NOBODY_TO_TELL in refused.value.messages
    assert not ClubAlert.objects.exists()


def test_case_detail_on_the_form_is_refused_with_a_message(nso, cwo, region_north, client_for):
    response = client_for(nso).post(
        reverse("sharing:alert_new"),
        _form(regions=[region_north], warning="See case CASE-2026-0007."),
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "CASE-2026-0007" in response.content.decode()
    assert not ClubAlert.objects.exists()


# --- reading ----------------------------------------------------------------------


def test_the_receipt_is_kept_on_first_opening_only(alert, cwo, client_for):
    url = reverse("sharing:alert_detail", args=[alert.code])
    c = client_for(cwo)
    first = c.get(url)
    assert first.status_code == 200
    assert "Gareth" in first.content.decode()
    receipt = AlertReceipt.objects.get(alert=alert, recipient=cwo)
    c.get(url)
    assert AlertReceipt.objects.filter(alert=alert).count() == 1
    assert AlertReceipt.objects.get(alert=alert, recipient=cwo).read_at == receipt.read_at


def test_the_nso_sees_who_read_it_and_when(alert, nso, cwo, client_for):
    client_for(cwo).get(reverse("sharing:alert_detail", args=[alert.code]))
    page = client_for(nso).get(reverse("sharing:alert_sent_detail", args=[alert.code]))
    html = page.content.decode()
    assert "Read by 1 of 2" in html
    listing = client_for(nso).get(reverse("sharing:alert_sent_list")).content.decode()
    assert "1 of 2" in listing


def test_unread_alerts_come_first_and_show_on_the_home_page(
    alert, nso, cwo, client_for, region_north, django_capture_on_commit_callbacks
):
    c = client_for(cwo)
    home = c.get(reverse("home")).content.decode()
    assert reverse("sharing:alert_detail", args=[alert.code]) in home
    c.get(reverse("sharing:alert_detail", args=[alert.code]))
    with django_capture_on_commit_callbacks(execute=True):
        newer = club_alert_send(
            actor=nso,
            clubs=[],
            regions=[region_north],
            warning="Another approach.",
            action=ACTION,
            reason=REASON,
        )
    listing = c.get(reverse("sharing:alerts")).content.decode()
    assert listing.index(str(newer.code)) < listing.index(str(alert.code))
    home = c.get(reverse("home")).content.decode()
    assert reverse("sharing:alert_detail", args=[alert.code]) not in home


def test_a_welfare_officer_not_sent_the_alert_gets_404(alert, cwo2, client_for):
    url = reverse("sharing:alert_detail", args=[alert.code])
    assert client_for(cwo2).get(url).status_code == 404
    assert str(alert.code) not in client_for(cwo2).get(reverse("sharing:alerts")).content.decode()
    assert not AlertReceipt.objects.exists()


@pytest.mark.parametrize("persona", ["staff", "board", "cmg", "sysadmin"])
def test_other_roles_are_refused_the_alert_pages(persona, request, alert, client_for):
    c = client_for(request.getfixturevalue(persona))
    for url in (
        reverse("sharing:alert_new"),
        reverse("sharing:alert_sent_list"),
        reverse("sharing:alert_sent_detail", args=[alert.code]),
        reverse("sharing:alerts"),
        reverse("sharing:alert_detail", args=[alert.code]),
    ):
        assert c.get(url).status_code == 403, url


def test_an_officer_sees_what_was_sent_but_cannot_send(alert, officer, client_for):
    c = client_for(officer)
    assert c.get(reverse("sharing:alert_sent_list")).status_code == 200
    assert c.get(reverse("sharing:alert_sent_detail", args=[alert.code])).status_code == 200
    assert c.get(reverse("sharing:alert_new")).status_code == 403


# --- the written report and the one-time key ------------------------------------------


def test_the_written_report_holds_the_warning_the_recipients_and_the_hash(alert):
    report = WrittenReport.objects.get(decision=alert)
    assert report.state == WrittenReport.State.READY
    with report.pdf.open("rb") as fh:
        text = " ".join(pdf_text(fh.read()).split())
    assert "free private coaching" in text
    assert "North Wales TTA" in text
    assert "Ceri" in text and "Rhian" in text
    assert "Dylan" not in text
    assert "P6.1" in text
    assert alert.content_hash[:16] in text


def test_the_same_form_submitted_twice_sends_once(
    nso, cwo, region_north, client_for, django_capture_on_commit_callbacks
):
    body = _form(
        regions=[region_north], **{submissions.FIELD: "6f1f3a52-1f7e-4d8e-9c3f-2d1c0b9a8e7d"}
    )
    c = client_for(nso)
    with django_capture_on_commit_callbacks(execute=True):
        first = c.post(reverse("sharing:alert_new"), body)
        second = c.post(reverse("sharing:alert_new"), body)
    assert first.status_code == 302 and second.status_code == 302
    assert ClubAlert.objects.count() == 1
    assert AlertRecipient.objects.count() == 1


# --- queries per page -----------------------------------------------------------------


def _query_count(c, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert c.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert c.get(url).status_code == 200
    return len(captured)


def test_the_alert_pages_make_as_many_queries_with_more_alerts_and_recipients(
    nso, officer, cwo, rwo, make_user, club_north, region_north, client_for
):
    from clubs.models import ClubWelfareOfficer
    from ttw_safeguarding.records import roles

    def send():
        return club_alert_send(
            actor=nso,
            clubs=[],
            regions=[region_north],
            warning=WARNING,
            action=ACTION,
            reason=REASON,
        )

    def pages(alert):
        return {
            "sent list": (nso, reverse("sharing:alert_sent_list")),
            "sent detail": (nso, reverse("sharing:alert_sent_detail", args=[alert.code])),
            "officer's sent list": (officer, reverse("sharing:alert_sent_list")),
            "alerts": (cwo, reverse("sharing:alerts")),
            "alert": (cwo, reverse("sharing:alert_detail", args=[alert.code])),
            "home": (cwo, reverse("home")),
        }

    def counts(alert):
        return {
            name: _query_count(client_for(user), url) for name, (user, url) in pages(alert).items()
        }

    send()
    few = counts(send())
    for n in range(8):
        ClubWelfareOfficer.objects.create(
            user=make_user(f"bangor{n}", roles.CLUB_WELFARE_OFFICER), club=club_north
        )
    for _ in range(8):
        client_for(cwo).get(reverse("sharing:alert_detail", args=[send().code]))
    many = counts(send())
    assert many == few

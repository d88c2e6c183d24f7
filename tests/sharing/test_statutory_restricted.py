"""Issue 6, P6.6: a restricted disciplinary outcome is invisible to an officer everywhere
(page, report, list, search, counts, chronology page and PDF), and visible to a named
user only after giving a reason that then stands in the audit log.

Nadia (NSO) records it naming Oscar (officer2) as needing to know. Olivia (officer)
is not named: for her the record does not exist.
"""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.conftest import pdf_text
from tests.sharing.statutory_fixtures import *  # noqa: F403 (fixtures)

pytestmark = pytest.mark.django_db

SECRET = "Secret finding: gross misconduct"


@pytest.fixture
def outcome(adult, nso, officer2, record_disciplinary):
    return record_disciplinary(adult, nso, need_to_know=[officer2])


@pytest.fixture
def visible_advice(adult, officer, record_advice):
    """An ordinary record on the same case, which the officer does see."""
    return record_advice(adult, officer)


def test_officer_gets_404_for_the_page_report_and_amendment(client_for, officer, outcome):
    c = client_for(officer)
    for name in ("decisions:detail", "decisions:report", "decisions:amend"):
        response = c.get(reverse(name, args=[outcome.code]))
        assert response.status_code == 404, name
        assert SECRET not in response.content.decode()
    response = c.post(reverse("decisions:detail", args=[outcome.code]), {"access_reason": "x"})
    assert response.status_code == 404


def test_officer_does_not_see_it_in_lists_searches_or_counts(
    client_for, officer, nso, outcome, visible_advice, adult
):
    c = client_for(officer)
    page = c.get(reverse("sharing:statutory_list")).content.decode()
    assert str(outcome.code) not in page and str(visible_advice.code) in page
    assert "1 record." in page
    # The NSO's count includes it.
    assert "2 records." in client_for(nso).get(reverse("sharing:statutory_list")).content.decode()
    searched = c.get(reverse("sharing:statutory_list"), {"q": "Disciplinary"}).content.decode()
    assert str(outcome.code) not in searched and "0 records" in searched
    adult_page = c.get(reverse("sharing:adult_statutory", args=[adult.code])).content.decode()
    assert str(outcome.code) not in adult_page and "Disciplinary" not in adult_page


def test_officer_does_not_see_it_in_the_chronology_page_or_pdf(
    client_for, officer, nso, outcome, visible_advice, case
):
    c = client_for(officer)
    page = c.get(reverse("cases:chronology", args=[case.code])).content.decode()
    assert str(visible_advice.code) in page
    assert str(outcome.code) not in page and SECRET not in page
    assert "Disciplinary outcome" not in page
    pdf = c.get(reverse("cases:chronology_pdf", args=[case.code]))
    text = pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    assert "Statutory advice" in text
    assert "Disciplinary outcome" not in text and "gross misconduct" not in text
    # The NSO's chronology has it: the officer's lacks it because it is restricted.
    nso_page = client_for(nso).get(reverse("cases:chronology", args=[case.code])).content.decode()
    assert "Disciplinary outcome" in nso_page


def test_named_user_is_asked_for_a_reason_which_goes_to_the_audit_log(
    client_for, officer2, outcome
):
    c = client_for(officer2)
    url = reverse("decisions:detail", args=[outcome.code])
    asked = c.get(url)
    assert asked.status_code == 200
    body = asked.content.decode()
    assert "Why do you need to open this record?" in body and SECRET not in body
    # No reason, no record; the attempts themselves are logged, without a reason.
    refused = c.post(url, {"access_reason": "   "}).content.decode()
    assert SECRET not in refused and 'id="error-summary"' in refused
    attempts = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=officer2)
    oscar = {"actor": {"username": "oscar", "name": "Oscar"}}  # who acted, kept on the entry
    assert [e.additional_data for e in attempts] == [
        {"what": "decision page: reason asked", **oscar}
    ] * 2

    opened = c.post(url, {"access_reason": "Planning Alan's return to work"})
    assert opened.status_code == 200
    assert SECRET in opened.content.decode()
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=officer2).latest("pk")
    assert entry.object_pk == str(outcome.pk)
    assert entry.additional_data == {
        "reason": "Planning Alan's return to work",
        "what": "decision page",
        **oscar,
    }


def test_named_user_downloads_the_report_after_giving_a_reason(client_for, officer2, outcome):
    c = client_for(officer2)
    url = reverse("decisions:report", args=[outcome.code])
    asked = c.get(url)
    assert asked.status_code == 200 and asked["Content-Type"].startswith("text/html")
    response = c.post(url, {"access_reason": "Preparing the hearing bundle"})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    assert "gross misconduct" in text and "RESTRICTED" in text
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=officer2).latest("pk")
    assert entry.additional_data["reason"] == "Preparing the hearing bundle"
    assert entry.additional_data["what"] == "written report download"


def test_nso_also_gives_a_reason(client_for, nso, outcome):
    c = client_for(nso)
    url = reverse("decisions:detail", args=[outcome.code])
    assert SECRET not in c.get(url).content.decode()
    assert SECRET in c.post(url, {"access_reason": "Annual review"}).content.decode()


def test_unrestricted_records_open_without_a_reason(client_for, officer, visible_advice):
    response = client_for(officer).get(reverse("decisions:detail", args=[visible_advice.code]))
    assert "Why do you need to open this record?" not in response.content.decode()
    assert "Riverside FC" in response.content.decode()


def test_cmg_member_and_staff_never_see_it(client_for, cmg, staff, outcome):
    for user in (cmg, staff):
        assert (
            client_for(user).get(reverse("decisions:detail", args=[outcome.code])).status_code
            == 404
        )

"""A media approach told to the NSO at once, and a restricted record only named people open.

(c) Sam (staff) is phoned by a journalist and records it from any page; Nadia
(NSO) finds it in her media inbox and acknowledges it (P6.12).

(d) Nadia records a disciplinary outcome about an adult, restricted to the people
she names (P6.6): Olivia (officer, not named) finds no trace of it; Oscar (officer,
named) opens it after saying why, and downloads its written report, again with a
reason. Every main page on the way is checked with axe and at 320 px.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from tests.browser.ui import assert_written_report, check_page, download, flat
from tests.conftest import pdf_text

JOURNALIST = "Jo Newshound"
WANTED = "Whether a boy at the Riverside group was hurt by a volunteer"
CALL = "They rang the office line and asked for the manager by name."

FINDINGS = "Alan shouted at and pushed a child during the away match."
PANEL_FACTS = "The disciplinary panel met on Tuesday and heard three witnesses."
PANEL_OPINION = "Alan is unlikely to repeat it under supervision."


def field(page: Page, label: str) -> Locator:
    """The field labelled exactly ``label`` (crispy-forms marks a required one with *)."""
    return page.get_by_label(label, exact=True).or_(page.get_by_label(f"{label}*", exact=True))


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_staff_record_a_media_approach_and_the_nso_acknowledges_it(browser_for, staff, nso):
    problems: list[str] = []

    # (c) Sam records the approach from the button on every page.
    sam = browser_for(staff)
    sam.get_by_role("link", name="Approached by the media?").first.click()
    expect(sam.get_by_role("heading", level=1)).to_be_visible()
    check_page(sam, problems)
    now = timezone.now()
    field(sam, "Date and time of the approach").fill(_local(now - dt.timedelta(minutes=20)))
    field(sam, "Journalist's name").fill(JOURNALIST)
    field(sam, "Outlet").fill("The Daily Example")
    field(sam, "Journalist's phone").fill("+44 20 7946 0000")
    field(sam, "How they made contact").select_option(label="Phone call")
    field(sam, "What information they want").fill(WANTED)
    field(sam, "Their deadline").fill(_local(now + dt.timedelta(days=1)))
    sam.get_by_role("radio", name="No, I gave no information").check()
    field(sam, "Anything else about the approach (facts)").fill(CALL)
    sam.get_by_role("button", name="Record the media approach").click()
    expect(sam.locator(".alert-success")).to_contain_text("the National Safeguarding Officer")
    expect(sam.locator("main")).to_contain_text("Awaiting acknowledgement")
    check_page(sam, problems)
    approach_url = sam.url

    # Nadia acknowledges it from her inbox.
    nadia = browser_for(nso)
    nadia.get_by_role("link", name="Media inbox").first.click()
    expect(nadia.get_by_role("heading", level=1)).to_have_text("Media inbox")
    check_page(nadia, problems)
    awaiting = nadia.locator(
        "section", has=nadia.get_by_role("heading", name="Awaiting acknowledgement")
    )
    expect(awaiting).to_contain_text(staff.first_name)
    awaiting.get_by_role("row").nth(1).get_by_role("link").first.click()
    expect(nadia.locator("main")).to_contain_text(WANTED)
    check_page(nadia, problems)
    nadia.get_by_role("link", name="Acknowledge this approach").click()
    check_page(nadia, problems)
    nadia.get_by_role("checkbox", name="I have read this approach and will handle it").check()
    nadia.get_by_role("button", name="Acknowledge the approach").click()
    expect(nadia.locator(".alert-success")).to_contain_text("acknowledged")
    expect(nadia.locator("main")).to_contain_text("Acknowledged by")
    nadia.goto(reverse("media_contacts:inbox"))
    expect(nadia.locator("main")).to_contain_text(
        "No media approach is waiting to be acknowledged."
    )

    # Sam sees the acknowledgement; the approach's written report says nothing was given.
    sam.goto(approach_url)
    expect(sam.locator("main")).to_contain_text("Acknowledged by the National Safeguarding Officer")
    sam.get_by_role("link", name="The full record").click()
    check_page(sam, problems)
    text = assert_written_report(
        download(sam, "Download written report (PDF)"),
        decision="Media approach recorded: no information given",
        facts=CALL,
        opinion="None recorded.",
        clauses=("P6.12",),
    )
    assert JOURNALIST in text and flat(WANTED) in text

    assert not problems, "\n".join(problems)


def test_a_restricted_disciplinary_outcome_is_opened_only_by_the_people_named(
    browser_for, officer, officer2, nso, case
):
    from cases.models import AdultSubjectToAllegation

    adult = AdultSubjectToAllegation.objects.create(
        case=case,
        name="Alan Adult",
        role_in_ttw=AdultSubjectToAllegation.RoleInTTW.VOLUNTEER,
        created_by=officer,
    )
    problems: list[str] = []

    # (d) Nadia records the outcome and names Oscar as needing to know (P6.6).
    nadia = browser_for(nso)
    nadia.goto(reverse("sharing:adult_statutory", args=[adult.code]))
    check_page(nadia, problems)
    nadia.get_by_role("link", name="Disciplinary outcome, restricted (P6.6)").click()
    expect(nadia.get_by_role("heading", level=1)).to_contain_text("disciplinary outcome")
    check_page(nadia, problems)
    field(nadia, "Investigation concluded on").fill(
        (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    )
    field(nadia, "Findings of the investigation").fill(FINDINGS)
    field(nadia, "Outcome").select_option(label="Final written warning")
    nadia.get_by_role("checkbox", name=officer2.get_full_name()).check()
    field(nadia, "Facts").fill(PANEL_FACTS)
    field(nadia, "Professional opinion").fill(PANEL_OPINION)
    field(nadia, "Reason for the decision").fill("The investigation has concluded.")
    nadia.get_by_role("button", name="Record the restricted outcome").click()
    # Even its author says why before the record opens.
    expect(nadia.get_by_role("heading", level=1)).to_contain_text("Restricted record")
    check_page(nadia, problems)
    outcome_url = nadia.url

    # Olivia, not named, finds no trace of it: not its page, the lists, or the chronology.
    olivia = browser_for(officer)
    response = olivia.goto(outcome_url)
    assert response is not None and response.status == 404
    for page_url in (
        reverse("sharing:statutory_list"),
        reverse("sharing:adult_statutory", args=[adult.code]),
        reverse("cases:chronology", args=[case.code]),
        reverse("cases:detail", args=[case.code]),
    ):
        olivia.goto(page_url)
        expect(olivia.get_by_role("heading", level=1)).to_be_visible()
        expect(olivia.locator("main")).not_to_contain_text("Disciplinary outcome")
        expect(olivia.locator("main")).not_to_contain_text("Final written warning")
        check_page(olivia, problems)

    # Oscar, named, sees it listed where Olivia saw nothing, and opens it after giving his reason.
    oscar = browser_for(officer2)
    oscar.goto(reverse("sharing:statutory_list"))
    expect(oscar.locator("main")).to_contain_text("Disciplinary outcome")
    check_page(oscar, problems)
    oscar.goto(reverse("cases:chronology", args=[case.code]))
    oscar.get_by_role("link", name="Disciplinary outcome: Final written warning").first.click()
    expect(oscar.get_by_role("heading", level=1)).to_contain_text("Restricted record")
    check_page(oscar, problems)
    oscar.get_by_label("Why do you need to open this record?").fill(
        "Alan volunteers on my Saturday session."
    )
    oscar.get_by_role("button", name="Open the record").click()
    expect(oscar.locator("main")).to_contain_text(FINDINGS)
    check_page(oscar, problems)
    oscar.get_by_role("link", name="Download written report (PDF)").click()
    expect(oscar.get_by_role("heading", level=1)).to_contain_text("Restricted record")
    oscar.get_by_label("Why do you need to open this record?").fill(
        "To plan his supervision with the session lead."
    )
    with oscar.expect_download() as info:
        oscar.get_by_role("button", name="Download").click()
    pdf = Path(info.value.path()).read_bytes()
    text = assert_written_report(
        pdf,
        decision="Disciplinary outcome: Final written warning",
        facts=PANEL_FACTS,
        opinion=PANEL_OPINION,
        clauses=("P6.6",),
    )
    assert flat(FINDINGS) in text and "RESTRICTED" in text
    assert "Alan volunteers" not in flat(pdf_text(pdf))

    assert not problems, "\n".join(problems)

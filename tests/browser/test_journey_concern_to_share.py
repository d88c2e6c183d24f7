"""From a concern to a reviewed share decision, as the people who do it see it.

Sam (staff) records a concern with a body-map mark and finds it in their
submissions; Olivia (officer) triages it into a case, records a referral, the
parent's refusal of consent and a share without consent justified by the risk
of significant harm (P6.8), and downloads its written report; Nadia (NSO)
reviews that share decision. Every main page on the way is checked with axe and
at 320 px; the written reports are read back from their PDFs.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from tests.browser.ui import assert_written_report, check_page, download, flat
from tests.conftest import pdf_text

CHILD = "Jamie Rivers"
FACTS = "Jamie said his stepfather hit him with a belt on Friday night."
OPINION = "Jamie flinched when his stepfather's name was mentioned."
AGENCY = "Northshire Children's Social Care"
SHARED = f"Share with {AGENCY}"
HARM = "Jamie goes home to the stepfather tonight; asking again would warn him."


def _when(hours_ago: int) -> str:
    return (timezone.localtime() - dt.timedelta(hours=hours_ago)).strftime("%Y-%m-%dT%H:%M")


def field(page: Page, label: str) -> Locator:
    """The field labelled exactly ``label`` (crispy-forms marks a required one with *)."""
    return page.get_by_label(label, exact=True).or_(page.get_by_label(f"{label}*", exact=True))


def record_concern(page: Page) -> None:
    """Staff: the child's details as typed (no search of known children), what happened, and
    one mark on the body map."""
    page.get_by_role("link", name="Record a concern").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record a concern")
    expect(page.get_by_label("Child's full name")).to_be_visible()
    check_page(page)
    page.get_by_label("Child's full name").fill(CHILD)
    page.get_by_label("Age, if you do not know the date of birth").fill("9")
    page.get_by_role("radio", name="No").check()
    page.get_by_label("When did it happen?").fill(_when(2))
    page.get_by_label("Venue").fill("Riverside youth club")
    field(page, "Town").fill("Cardiff")
    # Where it happened, not where the child lives: the referral goes there.
    field(page, "Local authority area where it happened").select_option("cardiff")
    page.get_by_label("What happened: FACTS").fill(FACTS)
    page.get_by_label("Your PROFESSIONAL OPINION").fill(OPINION)
    page.get_by_role("checkbox", name="Physical").check()
    # A click on the outline fills in the first mark's side and position.
    page.locator("#bodymap-input .bodymap-side").first.click(position={"x": 60, "y": 120})
    first_mark = page.locator(".bodymap-mark").first
    expect(first_mark.locator("[name$='-x']")).not_to_have_value("")
    first_mark.get_by_label("Colour").select_option(index=1)
    first_mark.get_by_label("Size").fill("about 3 cm")
    first_mark.get_by_label("Description").fill("Red mark on the upper arm")
    page.get_by_role("button", name="Record the concern").click()
    expect(page.locator(".alert-success")).to_contain_text("Your concern is recorded")
    check_page(page)


# A browser submits every select on the page: the unused extra body-map marks must
# arrive blank ("Choose"), so that the formset skips them.
def test_staff_record_a_concern_with_a_body_map_mark_and_see_it_in_their_submissions(
    browser_for, staff
):
    sam = browser_for(staff)
    record_concern(sam)
    sam.get_by_role("link", name="My submissions").first.click()
    expect(sam.get_by_role("heading", level=1)).to_have_text("My submissions")
    expect(sam.locator("table")).to_contain_text(CHILD)
    check_page(sam)
    sam.locator("table").get_by_role("link").first.click()
    expect(sam.locator("main")).to_contain_text(FACTS)
    expect(sam.locator("main")).to_contain_text("Red mark on the upper arm")
    check_page(sam)
    # The concern's written report: facts and opinion apart (P6.10), the mark in its legend.
    sam.get_by_role("link", name="The record and its written report (PDF)").click()
    check_page(sam)
    text = assert_written_report(
        download(sam, "Download written report (PDF)"),
        decision="Concern about C-",
        facts=FACTS,
        opinion=OPINION,
        clauses=("P6.10", "P6.11"),
    )
    assert "Red mark on the upper arm" in text and CHILD in text


def _concern_recorded_by(staff):
    """The concern of the test above, recorded through the service: each journey stands alone."""
    from cases.services import NewChild, concern_record

    return concern_record(
        actor=staff,
        new_child=NewChild(name=CHILD, date_of_birth=None, approximate_age=9),
        occurred_at=timezone.now() - dt.timedelta(hours=2),
        venue="Riverside youth club",
        facts=FACTS,
        professional_opinion=OPINION,
        categories=["physical"],
        is_urgent=False,
        body_map=[
            {
                "side": "front",
                "x": 60,
                "y": 120,
                "size": "about 3 cm",
                "colour": "red",
                "description": "Red mark on the upper arm",
            }
        ],
    )


# Every page of this journey fits 320 px, the body-map legend table included.
def test_officer_shares_without_consent_and_the_nso_reviews_it(browser_for, staff, officer, nso):
    _concern_recorded_by(staff)
    problems: list[str] = []

    # (b) Olivia triages the concern into a new case.
    olivia = browser_for(officer)
    # Concerns to triage are listed from the home page.
    olivia.goto(reverse("cases:concerns"))
    check_page(olivia, problems)
    olivia.locator("tr", has_text=CHILD).get_by_role("link").first.click()
    expect(olivia.locator("main")).to_contain_text(FACTS)
    check_page(olivia, problems)
    olivia.get_by_role("checkbox", name="Meets the threshold").check()
    olivia.get_by_label("Why it meets the threshold").fill("Physical harm by a carer.")
    olivia.get_by_label("Reason for this decision").fill("A child reports being hit at home.")
    olivia.get_by_role("button", name="Record triage").click()
    expect(olivia.get_by_role("heading", level=1)).to_contain_text("CASE-")
    check_page(olivia, problems)
    case_url = olivia.url

    # The referral the threshold calls for (P6.2).
    olivia.get_by_role("link", name="Record a referral").click()
    check_page(olivia, problems)
    olivia.locator("select[name=agency]").select_option(label="Children's social care")
    olivia.get_by_label("Contact at the agency").fill("Duty social worker")
    olivia.get_by_label("Date and time of referral").fill(_when(1))
    olivia.locator("select[name=method]").select_option(label="Phone")
    olivia.get_by_label("What was shared").fill("The concern as recorded.")
    field(olivia, "FACTS").fill(FACTS)
    field(olivia, "PROFESSIONAL OPINION").fill(OPINION)
    olivia.get_by_label("Reason for the referral").fill("The concern meets the threshold.")
    olivia.get_by_role("button", name="Record referral").click()
    expect(olivia.locator(".alert-success")).to_be_visible()
    check_page(olivia, problems)
    olivia.get_by_role("link", name="Referred to children's social care").first.click()
    assert_written_report(
        download(olivia, "Download written report (PDF)"),
        decision="Children's social care",
        facts=FACTS,
        opinion=OPINION,
        clauses=("P6.2",),
    )

    # The parent refuses consent (P6.8).
    olivia.goto(case_url)
    olivia.get_by_role("link", name="Record consent").click()
    check_page(olivia, problems)
    olivia.get_by_role("radio", name="A parent or carer").check()
    olivia.get_by_label("Name of the person").fill("Mr Rivers")
    olivia.get_by_role("radio", name="Yes").check()
    olivia.get_by_label("If sought: the answer").select_option(label="Refused")
    field(olivia, "Date").fill(timezone.localdate().isoformat())
    field(olivia, "Facts").fill("Mr Rivers refused on the phone.")
    olivia.get_by_label("Reason for recording this position").fill("Consent was sought (P6.8).")
    olivia.get_by_role("button", name="Record consent").click()
    expect(olivia.locator(".alert-success")).to_be_visible()

    # Consent refused: Olivia shares anyway, because waiting would leave Jamie at risk of
    # significant harm (P6.8), through every step of the share decision.
    olivia.goto(case_url)
    olivia.get_by_role("link", name="Record a share decision").click()
    share_without_consent(olivia, problems)
    expect(olivia.locator(".alert-success")).to_contain_text(f"The decision is recorded: {SHARED}")
    expect(olivia.get_by_role("heading", level=1)).to_contain_text("Share decision")
    check_page(olivia, problems)
    share_url = olivia.url
    text = assert_written_report(
        download(olivia, "Download written report (PDF)"),
        decision=SHARED,
        facts=FACTS,
        opinion=OPINION,
        clauses=("P6.8", "P6.10", "P6.11"),
    )
    assert HARM in text and "Consent refused" in text

    # (c) Nadia reviews it from her queue, and reads the review's written report.
    nadia = browser_for(nso)
    nadia.get_by_role("link", name="Review queue").first.click()
    expect(nadia.get_by_role("heading", level=1)).to_have_text("Review queue")
    check_page(nadia, problems)
    row = nadia.locator("tr", has_text=SHARED)
    short_code = row.get_by_role("link").first.inner_text()
    row.get_by_role("link", name="Review").click()
    expect(nadia.get_by_role("heading", level=1)).to_be_visible()
    check_page(nadia, problems)
    nadia.get_by_role("radio", name="Endorsed with comments").check()
    field(nadia, "Comments").fill("Right to act at once; tell the parent once it is safe.")
    nadia.get_by_label("Reason for the review's conclusion").fill(
        "Significant harm was likely and the refusal was recorded."
    )
    nadia.get_by_role("button", name="Record review").click()
    expect(nadia.locator(".alert-success")).to_contain_text("The review is recorded")
    check_page(nadia, problems)
    review = flat(pdf_text(download(nadia, "Download written report (PDF)")))
    assert f"Endorsed with comments: share decision {short_code}" in review
    assert "Right to act at once; tell the parent once it is safe." in review
    assert AGENCY in review and "P6.11" in review
    # The queue is empty again, and the share decision shows its review.
    nadia.goto(reverse("sharing:review_queue"))
    expect(nadia.locator("main")).to_contain_text("No decision is waiting for review.")
    nadia.goto(share_url)
    expect(nadia.locator("main")).to_contain_text("Endorsed with comments")

    assert not problems, "\n".join(problems)


def share_without_consent(page: Page, problems: list[str]) -> None:
    """The share decision's steps, one page each, as the flowchart asks them."""

    def next_step(title: str) -> None:
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_role("heading", level=2)).to_have_text(title)

    expect(page.get_by_role("heading", level=2)).to_have_text("Purpose")
    check_page(page, problems)
    field(page, "Safeguarding purpose").fill("To protect Jamie from further physical harm.")
    next_step("Information")
    field(page, "Information").fill("Jamie's account of being hit, and the mark seen.")
    next_step("Recipient")
    field(page, "Organisation").fill(AGENCY)
    field(page, "Named person").fill("Dana Duty")
    field(page, "Their role").fill("Duty social worker")
    field(page, "Their contact details").fill("0100 000 0000")
    next_step("Consent")
    page.get_by_role("radio", name="Consent refused").check()
    # The refusal recorded a moment ago is the record relied on.
    page.get_by_label("Consent record relied on").select_option(index=1)
    next_step("Sharing without consent")
    check_page(page, problems)
    field(page, "Significant-harm justification").fill(HARM)
    next_step("Lawful basis")
    page.get_by_role("radio", name="UK GDPR Art. 6(1)(e) public task").check()
    field(page, "Policy basis").select_option(
        label="P6.1 Necessary to safeguard or protect a child"
    )
    next_step("Urgency and method")
    field(page, "Urgency").select_option(label="Urgent: within the working day")
    field(page, "Method").select_option(label="Secure e-mail")
    next_step("Facts and professional opinion")
    field(page, "Facts").fill(FACTS)
    field(page, "Professional opinion").fill(OPINION)
    next_step("Outcome and reason")
    page.get_by_role("radio", name="Share", exact=True).check()
    field(page, "Reason for the decision").fill(
        "Waiting for consent would leave Jamie at risk of significant harm."
    )
    next_step("Check and record")
    check_page(page, problems)
    main = page.locator("main")
    expect(main).to_contain_text(HARM)
    expect(main).to_contain_text("P6.8")
    page.get_by_role("button", name="Record the decision").click()

"""The share decision's steps in a browser: Back keeps what was typed, a step refuses its own
missing answer, and Change on the check page goes to the step and back to the check page.

Olivia (officer) decides on a case.
"""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from sharing import policy
from tests.browser.ui import check_page

PURPOSE = "To protect the child from further harm at home."


def field(page: Page, label: str) -> Locator:
    """The field labelled exactly ``label`` (crispy-forms marks a required one with *)."""
    return page.get_by_label(label, exact=True).or_(page.get_by_label(f"{label}*", exact=True))


def step_is(page: Page, title: str) -> None:
    expect(page.get_by_role("heading", level=2, name=title, exact=True)).to_be_visible()


def next_step(page: Page, title: str) -> None:
    page.get_by_role("button", name="Next").click()
    step_is(page, title)


def test_back_keeps_answers_a_step_refuses_its_own_and_change_returns_to_check(
    browser_for, officer, case
):
    problems: list[str] = []
    olivia = browser_for(officer)
    olivia.goto(reverse("sharing:share_new", args=[case.code]))
    step_is(olivia, "Purpose")
    field(olivia, "Safeguarding purpose").fill(PURPOSE)
    next_step(olivia, "Information")
    field(olivia, "Information").fill("The child's account, half typed")
    # Back, then Next: both steps still say what was typed.
    olivia.get_by_role("button", name="Back").click()
    step_is(olivia, "Purpose")
    expect(field(olivia, "Safeguarding purpose")).to_have_value(PURPOSE)
    next_step(olivia, "Information")
    expect(field(olivia, "Information")).to_have_value("The child's account, half typed")
    next_step(olivia, "Recipient")
    field(olivia, "Organisation").fill("Northshire Children's Social Care")
    field(olivia, "Named person").fill("Dana Duty")
    field(olivia, "Their role").fill("Duty social worker")
    field(olivia, "Their contact details").fill("0100 000 0000")
    next_step(olivia, "Consent")
    olivia.get_by_role("radio", name="Consent refused").check()
    next_step(olivia, "Sharing without consent")
    field(olivia, "Significant-harm justification").fill("Asking would alert the abuser.")
    next_step(olivia, "Lawful basis")
    olivia.get_by_role("radio", name="UK GDPR Art. 6(1)(e) public task").check()
    next_step(olivia, "Urgency and method")
    next_step(olivia, "Facts and professional opinion")
    field(olivia, "Facts").fill("The child said an adult at home hit them.")
    next_step(olivia, "Outcome and reason")
    olivia.get_by_role("radio", name="Share", exact=True).check()
    field(olivia, "Reason for the decision").fill("Necessary to protect the child.")
    # A share needs the method (P6.9): back on its own step, with its own message.
    next_step(olivia, "Urgency and method")
    expect(olivia.locator("main")).to_contain_text(policy.METHOD_REQUIRED)
    check_page(olivia, problems)
    field(olivia, "Urgency").select_option(label="Urgent: within the working day")
    field(olivia, "Method").select_option(label="Secure e-mail")
    next_step(olivia, "Check and record")
    check_page(olivia, problems)
    # Change the named person: the recipient step, then straight back to the check page.
    olivia.get_by_role("button", name="Change named person").click()
    step_is(olivia, "Recipient")
    expect(field(olivia, "Named person")).to_have_value("Dana Duty")
    field(olivia, "Named person").fill("Dev Duty")
    next_step(olivia, "Check and record")
    expect(olivia.locator("main")).to_contain_text("Dev Duty")
    olivia.get_by_role("button", name="Record the decision").click()
    expect(olivia.locator(".alert-success")).to_contain_text("The decision is recorded")
    assert not problems, problems

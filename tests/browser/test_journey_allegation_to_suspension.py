"""From an allegation about an adult to the Case Management Group's suspension and its letter.

Olivia (officer) adds the adult to a case; Nadia (NSO) convenes the group for the
allegation (Carol, Ian who is independent, and Mair); the members declare (Carol in the
browser, from her home page); Carol records a temporary suspension for the group; Nadia
downloads the letter to the adult, a PDF naming them. Every page on the way passes axe-core
and fits 320 px; with ``TTW_SCREENSHOTS`` set to a folder, the group's page is saved there
at 1280 and 375 px wide.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from adults import cmg_services
from adults.models import CaseManagementGroup
from sharing import policy
from tests.browser.ui import check_page, download, flat, login
from tests.conftest import pdf_text
from ttw_safeguarding.records import roles

ADULT = "Pat Coach"
FROM_WHAT = "Coaching, and any activity with juniors, at every club"


def field(page: Page, label: str) -> Locator:
    """The field labelled exactly ``label`` (crispy-forms marks a required one with *)."""
    return page.get_by_label(label, exact=True).or_(page.get_by_label(f"{label}*", exact=True))


def _screenshots(page: Page, name: str) -> None:
    folder = os.environ.get("TTW_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile("^Sign out")).click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Home")


def _tick(page: Page, group: str, *names: str) -> None:
    for name in names:
        page.locator(f"#div_id_{group}").get_by_label(name, exact=True).check()


def test_an_allegation_goes_to_the_group_which_suspends_and_the_nso_sends_the_letter(
    browser_for, officer, nso, cmg, make_user, case, django_capture_on_commit_callbacks
):
    ian = make_user("ian", roles.CMG)
    mair = make_user("mair", roles.CMG)
    problems: list[str] = []

    # Olivia adds the adult the allegation is about to the case.
    olivia = browser_for(officer)
    olivia.goto(f"/cases/{case.code}/")
    olivia.get_by_role("link", name="Add an adult subject to an allegation").click()
    check_page(olivia, problems)
    field(olivia, "Name").fill(ADULT)
    field(olivia, "Role in TTW").select_option("volunteer")
    olivia.get_by_role("button", name="Save").click()
    expect(olivia.locator(".alert-success")).to_contain_text(f"{ADULT} is added to the case")
    _sign_out(olivia)

    # Nadia convenes the group from the case's allegation line.
    nadia = olivia
    login(nadia, nso)
    nadia.goto(f"/cases/{case.code}/")
    nadia.get_by_role("link", name=f"Case Management Group for {ADULT}").click()
    expect(nadia.get_by_role("heading", level=1)).to_contain_text(ADULT)
    expect(nadia.locator("main")).to_contain_text("No Case Management Group has been convened")
    check_page(nadia, problems)
    nadia.get_by_role("link", name="Convene the group").click()
    check_page(nadia, problems)
    _tick(nadia, "members", "Carol", "Ian", "Mair")
    _tick(nadia, "independent", "Ian")
    field(nadia, "Reason for this decision").fill("An allegation about a coach.")
    nadia.get_by_role("button", name="Convene the group").click()
    expect(nadia.locator(".alert-success")).to_contain_text("convened")
    expect(nadia.locator("main")).to_contain_text("Not yet declared")
    _sign_out(nadia)

    # Carol finds the group on her home page and declares; Ian and Mair declare too.
    carol = nadia
    login(carol, cmg)
    groups = carol.locator("section", has_text="Your Case Management Groups")
    expect(groups).to_contain_text("declare any conflict of interest")
    check_page(carol, problems)
    groups.get_by_role("link", name=ADULT).click()
    check_page(carol, problems)
    carol.get_by_role("link", name="Declare any conflict of interest").click()
    check_page(carol, problems)
    carol.get_by_role("radio", name="I have no conflict of interest in this case").check()
    carol.get_by_role("button", name="Record my declaration").click()
    expect(carol.locator(".alert-success")).to_contain_text("Your declaration is recorded")
    group = CaseManagementGroup.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        for member in (ian, mair):
            cmg_services.cmg_declaration_record(
                actor=member,
                group=group,
                declaration=policy.Declaration.NO_CONFLICT,
                conflict="",
            )

    # Carol records the group's temporary suspension, Ian and Mair taking part.
    carol.reload()
    carol.get_by_role("link", name="Record a temporary suspension").click()
    check_page(carol, problems)
    today = timezone.localdate()
    review_on = today + dt.timedelta(days=14)
    field(carol, "Suspended from").fill(FROM_WHAT)
    field(carol, "From").fill(today.isoformat())
    field(carol, "Review by").fill(review_on.isoformat())
    _tick(carol, "voters", "Carol", "Ian", "Mair")
    field(carol, "Reason for this decision").fill("A neutral act while it is looked into.")
    carol.get_by_role("button", name="Record the suspension").click()
    expect(carol.locator(".alert-success")).to_contain_text("The suspension is recorded")
    expect(carol.locator("main")).to_contain_text(FROM_WHAT)
    check_page(carol, problems)
    _sign_out(carol)

    # Nadia downloads the letter to the adult from the group's page.
    login(nadia, nso)
    nadia.goto(f"/cases/{case.code}/")
    nadia.get_by_role("link", name=f"Case Management Group for {ADULT}").click()
    expect(nadia.locator("main")).to_contain_text("In place")
    check_page(nadia, problems)
    _screenshots(nadia, "cmg-group")
    pdf = download(nadia, "Download the letter to the adult (PDF)")
    assert pdf.startswith(b"%PDF")
    text = flat(pdf_text(pdf))
    assert ADULT in text
    assert FROM_WHAT in text
    assert f"{review_on:%-d %B %Y}" in text
    assert not problems, "\n".join(problems)

"""From a club's concern to the NSO's triage, as the people who do it see it.

Ceri (cwo), Bangor's club welfare officer, signs in, records a concern for Bangor and signs
out; Nadia (NSO) signs in, is told of it, finds it on her home page beside a concern from
last week that is overdue for triage, opens its triage and triages it into a case; Ceri then
sees the outcome on her view of the concern. Every page on the way passes axe-core and fits
320 px; with ``TTW_SCREENSHOTS`` set to a folder, the home pages with the overdue panel are
saved there at 1280 and 375 px wide.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import time_machine
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from cases import services
from cases.models import Concern
from tests.browser.ui import check_page, login

CHILD = "Gethin Hughes"
FACTS = "Gethin said the coach pushed him against the wall after the match."
OPINION = "Gethin was shaking and would not go back into the hall."
EARLIER_CHILD = "Owain Price"


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


def _overdue_concern_of_last_week(cwo, club, capture) -> Concern:
    """A concern Ceri recorded a week ago, never triaged: overdue for triage today."""
    with time_machine.travel(timezone.now() - dt.timedelta(days=7)), capture(execute=True):
        return services.concern_record(
            actor=cwo,
            club=club,
            new_child=services.NewChild(name=EARLIER_CHILD, approximate_age=13),
            occurred_at=timezone.now() - dt.timedelta(hours=2),
            facts="Owain said older players take his bat and kit.",
            categories=["bullying"],
            is_urgent=False,
        )


def test_a_club_concern_reaches_the_nso_who_triages_it_and_the_club_sees_the_outcome(
    browser_for, cwo, nso, officer, club_north, django_capture_on_commit_callbacks
):
    earlier = _overdue_concern_of_last_week(cwo, club_north, django_capture_on_commit_callbacks)
    problems: list[str] = []

    # Ceri's home: last week's concern is overdue for triage.
    ceri = browser_for(cwo)
    overdue = ceri.locator("section", has_text="Overdue for triage")
    expect(overdue).to_contain_text(f"Concern {earlier.short_code}")
    expect(overdue).to_contain_text(club_north.name)
    check_page(ceri, problems)
    _screenshots(ceri, "home-club-welfare-officer")

    # Ceri records a concern for her club; the form offers only Bangor.
    ceri.get_by_role("link", name="Record a concern").first.click()
    expect(ceri.get_by_role("heading", level=1)).to_contain_text("Record a concern")
    check_page(ceri, problems)
    ceri.get_by_label("Child's full name").fill(CHILD)
    ceri.get_by_label("Age, if you do not know the date of birth").fill("11")
    ceri.get_by_role("radio", name="No").check()
    when = timezone.localtime() - dt.timedelta(hours=1)
    ceri.get_by_label("When did it happen?").fill(when.strftime("%Y-%m-%dT%H:%M"))
    expect(field(ceri, "Club")).to_have_value(str(club_north.code))
    ceri.get_by_label("Venue").fill("Bangor leisure centre")
    field(ceri, "Town").fill("Bangor")
    field(ceri, "Local authority area where it happened").select_option("gwynedd")
    ceri.get_by_label("What happened: FACTS").fill(FACTS)
    ceri.get_by_label("Your PROFESSIONAL OPINION").fill(OPINION)
    ceri.get_by_role("checkbox", name="Physical").check()
    ceri.get_by_role("button", name="Record the concern").click()
    expect(ceri.locator(".alert-success")).to_contain_text("Your concern is recorded")
    check_page(ceri, problems)
    _sign_out(ceri)

    # Nadia is told, and finds both concerns on her home page; last week's is overdue.
    nadia = ceri
    login(nadia, nso)
    expect(nadia.get_by_role("link", name=re.compile("Notifications"))).to_contain_text("unread")
    overdue = nadia.locator("section", has_text="Overdue for triage")
    expect(overdue).to_contain_text(f"Concern {earlier.short_code}")
    expect(overdue).not_to_contain_text(CHILD)
    to_triage = nadia.locator("section", has_text="New concerns to triage")
    expect(to_triage).to_contain_text("New concerns to triage (2)")
    expect(to_triage).to_contain_text(CHILD)
    check_page(nadia, problems)
    _screenshots(nadia, "home-nso")

    nadia.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(nadia.locator("main")).to_contain_text("A new safeguarding concern needs triage.")
    check_page(nadia, problems)
    nadia.get_by_role("link", name="A new safeguarding concern needs triage.").first.click()
    expect(nadia.get_by_role("heading", level=1)).to_contain_text("Triage concern")
    expect(nadia.locator("main")).to_contain_text(FACTS)
    expect(nadia.locator("main")).to_contain_text(club_north.name)
    check_page(nadia, problems)
    nadia.get_by_label("Reason for this decision").fill("A coach's use of force at a club.")
    nadia.get_by_role("button", name="Record triage").click()
    expect(nadia.get_by_role("heading", level=1)).to_contain_text("CASE-")
    case_reference = nadia.get_by_role("heading", level=1).inner_text().split()[-1]
    check_page(nadia, problems)
    nadia.goto("/")
    expect(nadia.locator("section", has_text="New concerns to triage")).to_contain_text(
        "New concerns to triage (1)"
    )
    _sign_out(nadia)

    # Ceri sees the triage on her view of the concern: the case it opened and its risk.
    login(ceri, cwo)
    clubs = ceri.locator("section", has_text="Concerns from your clubs")
    clubs.get_by_role("link", name=re.compile(CHILD)).click()
    triage = ceri.locator("section", has_text="Triage")
    expect(triage).to_contain_text("Triaged")
    expect(triage).to_contain_text(case_reference)
    check_page(ceri, problems)
    # Last week's is still overdue, and linked to her view of it.
    ceri.goto("/")
    ceri.locator("section", has_text="Overdue for triage").get_by_role(
        "link", name=f"Concern {earlier.short_code}"
    ).click()
    expect(ceri.locator("main")).to_contain_text("Not triaged yet")
    check_page(ceri, problems)
    assert not problems, "\n".join(problems)

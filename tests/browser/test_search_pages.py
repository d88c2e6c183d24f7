"""The search in a real browser: an officer types a word of a concern's facts into the
header's box and opens the concern from the results; a welfare officer of another club
searching the same word is told nothing was found. Both pages pass axe-core at 320 px."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from tests.browser.ui import check_page

WORD = "trampoline"


def test_an_officer_finds_a_concern_and_another_club_finds_nothing(
    browser_for, cwo, cwo2, officer, club_north, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = services.concern_record(
            actor=cwo,
            club=club_north,
            new_child=services.NewChild(name="Bangor Child", approximate_age=12),
            occurred_at=timezone.now() - dt.timedelta(hours=1),
            facts=f"The child fell from the {WORD} and said a coach pushed them.",
            categories=["physical"],
            is_urgent=False,
        )

    page = browser_for(officer)
    page.get_by_label("Search the records").first.fill(WORD)
    page.get_by_role("button", name="Search").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the records")
    expect(page.locator("#results-heading")).to_contain_text("1 record found")
    expect(page.locator(".search-hit mark")).to_have_text(WORD)
    check_page(page)
    page.locator(".search-hit a").first.click()
    expect(page).to_have_url(re.compile(f"/decisions/{concern.code}/$"))

    other = browser_for(cwo2)
    other.goto(f"/search/?q={WORD}")
    expect(other.locator("#results-heading")).to_contain_text("Nothing found")
    expect(other.locator(".search-hit")).to_have_count(0)
    check_page(other)

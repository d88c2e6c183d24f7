"""The NSO's alert to clubs in a real browser: the NSO's form and what was sent, the club
welfare officer's alert; each page passes axe-core and fits a narrow screen."""

from __future__ import annotations

from playwright.sync_api import expect

from sharing.club_alert_services import club_alert_send
from tests.browser.ui import check_page


def test_the_alert_pages(
    browser_for, nso, cwo, rwo, club_north, region_north, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alert = club_alert_send(
            actor=nso,
            clubs=[],
            regions=[region_north],
            warning="A man offering lifts to juniors after sessions.",
            action="Allow no lifts; tell the NSO if he is seen.",
            reason="Children may be at risk (P6.1).",
        )
    page = browser_for(nso)
    page.goto("/sharing/alerts/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Send a safeguarding alert to clubs")
    check_page(page)
    page.goto(f"/sharing/alerts/sent/{alert.code}/")
    expect(page.locator("main")).to_contain_text("Read by 0 of 2")
    check_page(page)

    page = browser_for(cwo)
    expect(page.locator("main")).to_contain_text("Unread alerts")
    page.goto(f"/sharing/alerts/{alert.code}/")
    expect(page.locator("main")).to_contain_text("offering lifts")
    check_page(page)
    page.goto("/sharing/alerts/")
    check_page(page)

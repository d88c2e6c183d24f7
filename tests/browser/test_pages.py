"""The shared pages in a real browser: sign-in, home for every role, a decision, the audit log.

Each page is checked with axe-core and at 320 px wide (``check_page``).
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.ui import assert_written_report, check_page, download


def test_sign_in_page_is_accessible_and_refuses_a_wrong_password(new_context, live_server, staff):
    page = new_context(base_url=live_server.url).new_page()
    page.goto("/")
    # Anonymous visitors are sent to sign in, and come back where they were going.
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    check_page(page)
    page.locator("input[name$='username']").fill(staff.username)
    page.locator("input[name$='password']").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.locator("body")).to_contain_text("enter a correct username and password")
    check_page(page)


def test_home_for_every_role(browser_for, staff, officer, nso, cmg, sysadmin, norole):
    # One test for all roles: each signs in in a browser context of their own.
    for user in (staff, officer, nso, cmg, sysadmin, norole):
        page = browser_for(user)
        expect(page).to_have_title(re.compile(r"^Home"))
        if user is norole:
            expect(page.locator("main")).to_contain_text("Your account has no role yet")
        else:
            expect(page.locator("footer")).to_contain_text(f"Signed in as {user.username}")
        check_page(page)
        page.context.close()


def test_decision_page_and_its_written_report(browser_for, officer, case, record_referral):
    referral = record_referral(case, officer)
    page = browser_for(officer)
    page.goto(f"/decisions/{referral.code}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Referral to an external agency")
    main = page.locator("main")
    expect(main).to_contain_text("Referred to children's social care")
    expect(main).to_contain_text("The child said an adult at home hit them.")
    expect(main).to_contain_text("The child appeared frightened of going home.")
    check_page(page)

    text = assert_written_report(
        download(page, "Download written report (PDF)"),
        decision="Referred to children's social care",
        facts="The child said an adult at home hit them.",
        opinion="The child appeared frightened of going home.",
        clauses=("P6.2", "P6.10"),
    )
    assert case.reference in text


def test_a_decision_the_user_may_not_see_is_not_found(
    browser_for, staff, officer, case, record_referral
):
    referral = record_referral(case, officer)
    page = browser_for(staff)
    response = page.goto(f"/decisions/{referral.code}/")
    assert response is not None and response.status == 404


def test_audit_log_for_the_nso(browser_for, nso, officer, case, record_referral):
    record_referral(case, officer)
    page = browser_for(nso)
    page.get_by_role("link", name="Audit log").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    expect(page.locator("table")).to_contain_text(officer.username)
    check_page(page)

"""A club welfare officer's pages in a real browser: the concern form offers only their
club, and their home, concerns, case and chronology pages pass axe-core at 320 px; a task
the NSO's team shared back is marked done from the case page."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.models import Case
from tests.browser.ui import check_page


def test_a_club_welfare_officers_pages(
    browser_for, cwo, officer, club_north, club_south, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = services.concern_record(
            actor=cwo,
            club=club_north,
            new_child=services.NewChild(name="Bangor Child", approximate_age=12),
            occurred_at=timezone.now() - dt.timedelta(hours=1),
            facts="The child said a coach shouted at them.",
            categories=["emotional"],
            is_urgent=False,
        )
        triage = services.concern_triage(
            actor=officer,
            concern=concern,
            case=None,
            owner=officer,
            risk_level=Case.Risk.MEDIUM,
            status=Case.Status.OPEN,
            meets_referral_threshold=False,
            threshold_rationale="",
            reason="A case for Bangor's concern.",
        )
        assert triage.case is not None
        services.club_share_back_record(
            actor=officer,
            case=triage.case,
            share_kind="task",
            text="Remind the juniors of the club's rules.",
            reason="The club sets its rules.",
            due_on=timezone.localdate() + dt.timedelta(days=3),
        )
    assert triage.case is not None
    page = browser_for(cwo)
    expect(page.locator("main")).to_contain_text("Concerns from your clubs (1)")
    check_page(page)

    page.goto("/cases/concerns/new/")
    club = page.get_by_label("Club")
    expect(club.locator("option")).to_have_count(1)
    expect(club).to_contain_text(club_north.name)
    check_page(page)

    page.goto("/cases/concerns/?show=all")
    expect(page.locator("main")).to_contain_text(club_north.name)
    check_page(page)

    page.goto(f"/cases/{triage.case.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(triage.case.reference))
    expect(page.locator("main")).not_to_contain_text("Add a note")
    expect(page.get_by_role("heading", name="From the NSO's team")).to_be_visible()
    page.get_by_label("What the club did").fill("Told the juniors at Tuesday's session.")
    check_page(page)
    page.get_by_role("button", name=re.compile("Mark done")).click()
    expect(page.locator("main")).to_contain_text("The task is marked done")
    expect(page.locator("main")).not_to_contain_text("Mark done")
    check_page(page)

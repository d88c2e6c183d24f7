"""An action from the case page to its completion, as the people who do it see it.

Olivia (officer) adds an action for Bangor's welfare officers from Bangor's case page;
Ceri (Bangor) finds it in My actions, completes it with the outcome, and it leaves the
case's open actions. Every page on the way is checked with axe and at 320 px.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.models import Action, ActionDone, Case
from tests.browser.ui import check_page

WHAT = "Ring the parents before Saturday's session."
OUTCOME = "Rang them on Thursday; they will bring the child."


def test_an_action_is_added_from_the_case_page_and_completed_by_the_club(
    browser_for, cwo, officer, club_north, django_capture_on_commit_callbacks
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
    case = triage.case
    assert case is not None

    olivia = browser_for(officer)
    olivia.goto(f"/cases/{case.code}/")
    olivia.get_by_role("link", name="Add an action").click()
    expect(olivia.get_by_role("heading", level=1)).to_have_text("Add an action")
    check_page(olivia)
    olivia.get_by_label("What is to be done").fill(WHAT)
    olivia.get_by_label("Or a club (its welfare officers)").select_option(label=club_north.name)
    due = timezone.localdate() + dt.timedelta(days=2)
    olivia.get_by_label("Due by").fill(due.isoformat())
    olivia.get_by_role("button", name="Add the action").click()
    expect(olivia.locator(".alert-success")).to_contain_text("The action is added")
    expect(olivia.get_by_role("heading", level=1)).to_have_text(re.compile(case.reference))
    open_actions = olivia.locator("section", has=olivia.get_by_role("heading", name="Open actions"))
    expect(open_actions).to_contain_text(WHAT)
    check_page(olivia)
    assert Action.objects.count() == 1

    ceri = browser_for(cwo)
    ceri.get_by_role("link", name="My actions").first.click()
    expect(ceri.get_by_role("heading", level=1)).to_have_text("My actions")
    expect(ceri.locator("main")).to_contain_text(WHAT)
    check_page(ceri)
    ceri.locator("main").get_by_role("link", name=re.compile("^Complete")).first.click()
    expect(ceri.get_by_role("heading", level=1)).to_have_text("Complete an action")
    check_page(ceri)
    ceri.get_by_label("Outcome: what was done").fill(OUTCOME)
    ceri.get_by_role("button", name="Complete the action").click()
    expect(ceri.locator(".alert-success")).to_contain_text("The action is completed")
    expect(ceri.locator("main")).to_contain_text("No open actions.")
    done = ActionDone.objects.get()
    assert (done.done_by, done.outcome) == (cwo, OUTCOME)

    olivia.goto(f"/cases/{case.code}/")
    expect(open_actions).to_contain_text("No open actions.")

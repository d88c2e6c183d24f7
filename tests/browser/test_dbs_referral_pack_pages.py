"""The DBS referral pack in a real browser: the pack page (checklist, evidence list,
chronology) before and after it is sent, and the send form refusing a pack not ready;
each page passes axe-core and fits a narrow screen."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from adults import dbs_referral_services as services
from cases import services as case_services
from sharing import policy
from tests.browser.ui import check_page


def test_the_pack_pages(browser_for, officer, case, django_capture_on_commit_callbacks):
    line = case_services.adult_add(
        actor=officer, case=case, name="Pat Coach", role_in_ttw="volunteer"
    )
    assert line.person is not None
    pack = services.dbs_pack_start(actor=officer, adult=line.person)
    for item, _label in policy.DBS_PACK_ITEMS[:-1]:
        services.dbs_pack_item_record(
            actor=officer, pack=pack, item=item, is_present=True, where="Case file, section 2"
        )
    services.dbs_pack_evidence_add(
        actor=officer,
        pack=pack,
        what="Statement of the head coach",
        dated=timezone.localdate() - dt.timedelta(days=3),
        held_at="Case file, tab 4",
    )
    page = browser_for(officer)
    page.goto(f"/adults/dbs-packs/{pack.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("DBS referral pack: Pat Coach")
    expect(page.locator("main")).to_contain_text("Not ready to send")
    check_page(page)

    page.goto(f"/adults/dbs-packs/{pack.code}/send/")
    page.get_by_label("Sent to the DBS on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Mark the pack sent to the DBS").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Minutes of meetings and hearings, and the outcome"
    )
    check_page(page)

    services.dbs_pack_item_record(
        actor=officer,
        pack=pack,
        item="minutes_and_outcome",
        is_present=False,
        not_available_because="No hearing was held.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.dbs_referral_send(actor=officer, pack=pack, referred_on=timezone.localdate())
    page.goto(f"/adults/dbs-packs/{pack.code}/")
    expect(page.locator("main")).to_contain_text("Sent to the DBS on")
    check_page(page)

"""The NSO's statistics in a real browser: the page with its charts and tables passes axe-core
and fits a narrow screen, and the trustees' report downloads from it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from cases import services as case_services
from tests.browser.ui import check_page, download
from tests.conftest import pdf_text


def test_the_statistics_page(browser_for, nso, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for categories in (["physical"], ["physical", "online"]):
            case_services.concern_record(
                actor=staff,
                new_child=case_services.NewChild(name="Alex Example", approximate_age=9),
                occurred_at=timezone.now() - dt.timedelta(hours=1),
                facts="The child said an adult at home hit them.",
                categories=categories,
                is_urgent=False,
            )
    page = browser_for(nso)
    expect(page.locator('nav a[href="/sharing/statistics/"]')).to_have_count(1)
    page.goto("/sharing/statistics/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding statistics")
    expect(page.get_by_role("img", name="Concerns by category")).to_be_visible()
    expect(page.locator("main")).to_contain_text("2 concerns")
    check_page(page)
    text = " ".join(pdf_text(download(page, "Download the trustees' report (PDF)")).split())
    assert "Concerns fewer than 5" in text

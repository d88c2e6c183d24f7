"""An overdue concern reaches the officer as an unread notification, and reading it marks it.

Sam (staff) records a concern; nobody triages it. The alerts command runs when it is
overdue (as cron would, at that time). Olivia (officer) sees the unread count in the
navigation, finds the alert shown as unread on her notifications page, marks the notice of
the new concern read, and opens the alert: it takes her to the triage page and is then read.
She chooses the daily digest. Every main page on the way is checked with axe and at 320 px.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from tests.browser.ui import check_page
from ttw_safeguarding.records.alerts import OVERDUE_PREFIX
from ttw_safeguarding.records.models import AlertPreference, Notification
from ttw_safeguarding.records.timescales import timescale_sources


class _Quiet:
    def write(self, text: str) -> None:
        pass


def test_an_overdue_concern_is_an_unread_alert_until_opened(browser_for, staff, officer, nso):
    problems: list[str] = []
    concern = services.concern_record(
        actor=staff,
        child=None,
        new_child=services.NewChild(name="Alex Example", approximate_age=9),
        occurred_at=timezone.now() - dt.timedelta(hours=3),
        facts="The child said an adult at home hit them.",
        professional_opinion="The child seemed frightened of going home.",
        categories=["physical"],
        is_urgent=False,
    )
    (item,) = [
        i for i in timescale_sources()["triage"](timezone.now()) if str(concern.code) in i.key
    ]
    when = (item.overdue_at + dt.timedelta(minutes=1)).isoformat()
    for _ in range(3):  # every few minutes, as cron runs it: told once
        call_command("send_due_alerts", "--now", when, stdout=_Quiet())
    alert_text = OVERDUE_PREFIX + item.message
    assert Notification.objects.filter(recipient=officer, message=alert_text).count() == 1

    olivia = browser_for(officer)
    nav_link = olivia.get_by_role("link", name="Notifications")
    expect(nav_link).to_contain_text("2")  # the new concern, and the alert
    nav_link.click()
    expect(olivia.get_by_role("heading", level=1)).to_have_text("Notifications")
    check_page(olivia, problems)
    unread = olivia.locator(".notification-unread")
    expect(unread).to_have_count(2)
    alert_row = unread.filter(has_text=alert_text)
    expect(alert_row).to_contain_text("Unread")

    # The notice of the new concern: marked read where it stands.
    other = unread.filter(has_not_text=alert_text)
    other.get_by_role("button", name="Mark as read").click()
    expect(olivia.locator(".notification-unread")).to_have_count(1)

    # The alert: opened, it goes to the triage page and is read.
    olivia.get_by_role("link", name=alert_text).click()
    expect(olivia).to_have_url(re.compile(re.escape(item.path) + "$"))
    expect(olivia.get_by_role("heading", level=1)).to_be_visible()
    olivia.get_by_role("link", name="Notifications").click()
    expect(olivia.locator(".notification-unread")).to_have_count(0)
    expect(olivia.get_by_text("Nothing unread")).to_be_visible()
    assert not Notification.objects.filter(recipient=officer, read_at__isnull=True).exists()

    # The daily digest instead of single e-mails.
    olivia.get_by_role("link", name="E-mails about alerts").click()
    expect(olivia.get_by_role("heading", level=1)).to_have_text("E-mails about alerts")
    check_page(olivia, problems)
    olivia.get_by_label("One daily digest instead of an e-mail for each alert").check()
    olivia.get_by_role("button", name="Save").click()
    expect(olivia.get_by_role("heading", level=1)).to_have_text("Notifications")
    assert AlertPreference.objects.get(user=officer).daily_digest is True

    assert not problems, "\n".join(problems)

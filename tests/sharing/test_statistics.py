"""The NSO's statistics and the trustees' report: figures against records made through the real
services, the period's edges in TTW's time, who may open them, small numbers in the report,
escaped chart labels, and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import services as case_services
from cases.models import Case, Referral
from clubs.models import Club
from media_contacts.services import media_approach_record
from sharing import policy
from sharing import services as sharing_services
from sharing.policy.statistics import (
    FEWER_THAN,
    percentage,
    suppressed,
    suppressed_percentage,
)
from sharing.statistics_charts import bar_chart
from sharing.statistics_selectors import NO_CLUB, Period, Row, default_period, statistics_for
from tests.conftest import pdf_text
from tests.sharing.conftest import consented_share_fields
from ttw_safeguarding.records.decisions import decision_record

LONDON = ZoneInfo("Europe/London")
MARCH = Period(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 31))
AFTER = dt.datetime(2026, 4, 15, 12, 0, tzinfo=LONDON)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> Any:
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON))


def concern(actor: Any, *, club: Club | None = None, categories=("physical",)) -> Any:
    return case_services.concern_record(
        actor=actor,
        new_child=case_services.NewChild(name="Alex Example", approximate_age=9),
        club=club,
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        facts="The child said an adult at home hit them.",
        categories=list(categories),
        is_urgent=False,
    )


def triage(actor: Any, item: Any, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "owner": actor,
        "risk_level": Case.Risk.HIGH,
        "status": Case.Status.OPEN,
        "meets_referral_threshold": False,
        "threshold_rationale": "",
        "reason": "Physical injury explained by the child as caused at home.",
    }
    fields.update(overrides)
    return case_services.concern_triage(actor=actor, concern=item, case=None, **fields)


# --- the suppression rule ---------------------------------------------------------------


def test_small_numbers_are_fewer_than_five_and_zero_is_zero():
    assert suppressed(0) == "0"
    assert [suppressed(n) for n in (1, 2, 3, 4)] == [FEWER_THAN] * 4
    assert suppressed(4) == "fewer than 5"
    assert suppressed(5) == "5"
    assert suppressed(12) == "12"
    with pytest.raises(ValueError):
        suppressed(-1)


def test_a_share_is_hidden_when_what_it_is_of_is_small():
    assert percentage(1, 3) == 33
    assert percentage(1, 8) == 13
    assert percentage(0, 0) is None
    assert suppressed_percentage(1, 4) == ""
    assert suppressed_percentage(0, 0) == ""
    assert suppressed_percentage(1, 9) == ""  # beside "8 late", 11% would tell the 1
    assert suppressed_percentage(8, 9) == ""
    assert suppressed_percentage(5, 10) == "50%"
    assert suppressed_percentage(0, 10) == "0%"
    assert suppressed_percentage(10, 10) == "100%"


def test_the_default_period_is_the_last_twelve_months():
    year = Period(dt.date(2025, 12, 2), dt.date(2026, 12, 1))
    assert default_period(dt.date(2026, 12, 1)) == year
    assert default_period(dt.date(2028, 2, 29)).start == dt.date(2027, 3, 1)


# --- the chart ----------------------------------------------------------------------------


def test_chart_labels_and_title_are_escaped_and_small_bars_hidden():
    svg = str(
        bar_chart(
            'Clubs <script>alert("t")</script>',
            [Row("<b>Bad</b> & Co", 4), Row("Riverside", 10)],
            suppress=True,
        )
    )
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&lt;b&gt;Bad&lt;/b&gt; &amp; Co" in svg
    assert 'role="img"' in svg and "<title id=" in svg
    assert "fewer than 5" in svg and ">10<" in svg
    widths = re.findall(r'<rect [^>]*width="(\d+)"', svg)
    assert widths[0] == "0" and int(widths[1]) > 0
    exact = str(bar_chart("Clubs", [Row("Riverside", 4)]))
    assert ">4<" in exact and "fewer than" not in exact


# --- the figures --------------------------------------------------------------------------


@pytest.fixture
def march(staff, officer, nso, cwo, club_north, django_capture_on_commit_callbacks) -> dict:
    """March 2026: three concerns in the period, one either side, and what followed them."""
    with django_capture_on_commit_callbacks(execute=True):
        with at(dt.date(2026, 2, 27)):
            concern(staff)  # before the period
        with at(dt.date(2026, 3, 2)):  # Monday: triage due Tuesday
            a = concern(cwo, club=club_north, categories=("physical",))
            b = concern(staff, categories=("physical", "emotional"))
        with at(dt.date(2026, 3, 3)):
            triage_a = triage(
                officer,
                a,
                meets_referral_threshold=True,
                threshold_rationale="Injury with a disclosure of harm at home.",
            )
            decision_record(
                Referral(
                    case=triage_a.case,
                    outcome="Referred to the police",
                    facts="The child said an adult at home hit them.",
                    reason="The concern meets the threshold for referral.",
                    agency="police",
                    agency_contact="Duty officer",
                    referred_at=timezone.now(),
                    method="phone",
                    information_shared="The concern as recorded.",
                ),
                actor=officer,
            )
        with at(dt.date(2026, 3, 4)):
            concern(cwo, club=club_north, categories=("sexual",))  # never triaged
        with at(dt.date(2026, 3, 5)):
            triage(officer, b)  # late: due Tuesday
        with at(dt.date(2026, 3, 9)):  # Monday: written report due Tuesday, review Monday 16th
            phoned = sharing_services.share_decision_record(
                case=triage_a.case,
                actor=officer,
                **consented_share_fields(triage_a.case, officer, method="phone"),
            )
            not_shared = sharing_services.share_decision_record(
                case=triage_a.case,
                actor=officer,
                **consented_share_fields(
                    triage_a.case,
                    officer,
                    share_outcome=policy.NO_SHARE,
                    consent=policy.Consent.NOT_SOUGHT,
                    consent_record=None,
                    method="",
                    urgency="",
                ),
            )
            media_approach_record(
                actor=staff,
                approached_at=timezone.now() - dt.timedelta(hours=1),
                journalist_name="Jo Newshound",
                phone="+44 20 7946 0000",
                contact_method="phone",
                information_wanted="Whether a child was hurt",
                anything_said=False,
            )
        with at(dt.date(2026, 3, 10)):
            sharing_services.written_report_sent_record(
                share_decision=phoned,
                actor=officer,
                sent_on=dt.date(2026, 3, 10),
                sent_by="secure_email",
                facts="Sent to the duty team.",
            )
        with at(dt.date(2026, 3, 20)):
            sharing_services.nso_review_record(
                share_decision=phoned,
                actor=nso,
                verdict=policy.REVIEW_ENDORSE,
                comments="",
                action_required="",
                reason="The decision follows the policy.",
            )
        with at(dt.date(2026, 4, 1)):
            concern(staff)  # after the period
    return {"not_shared": not_shared}


def rows(items: list[Row]) -> dict[str, int]:
    return {row.label: row.count for row in items if row.count}


def test_figures_match_the_records_of_the_period(march, nso):
    stats = statistics_for(nso, MARCH, today=AFTER.date())
    assert stats.concerns == 3
    assert rows(stats.by_category) == {"Physical": 2, "Emotional": 1, "Sexual": 1}
    assert rows(stats.by_club) == {"Bangor TTC": 2, NO_CLUB: 1}
    assert rows(stats.by_region) == {"North Wales TTA": 2, NO_CLUB: 1}
    assert rows(stats.outcomes) == {
        "Triaged: a new case opened": 2,
        "Not yet triaged": 1,
        "Found to meet the threshold for referral": 1,
    }
    assert rows(stats.referrals) == {"Police": 1}
    assert rows(stats.shares) == {"Shared: consent given": 1, "Decided not to share": 1}
    assert stats.media_approaches == 1
    triaged, written, reviewed = stats.timeliness
    # A in time (Tuesday); B late (Thursday); C never triaged and overdue by April.
    assert (triaged.in_time, triaged.late, triaged.waiting) == (1, 2, 0)
    assert triaged.share == 33
    assert (written.in_time, written.late, written.waiting) == (1, 0, 0)
    # The phoned share reviewed on the 20th (due the 16th), the no-share never: both late.
    assert (reviewed.in_time, reviewed.late, reviewed.waiting) == (0, 2, 0)


def test_a_review_not_yet_due_is_waiting(march, nso):
    stats = statistics_for(nso, MARCH, today=dt.date(2026, 3, 13))
    reviewed = stats.timeliness[2]
    assert (reviewed.late, reviewed.waiting) == (1, 1)


def test_the_period_edges_are_days_in_ttw_time(staff, nso, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with at(dt.date(2026, 3, 1), 23, 50):  # the day before the period
            concern(staff)
        with at(dt.date(2026, 3, 2), 0, 10):  # first day, just after midnight
            concern(staff)
        with at(dt.date(2026, 3, 31), 23, 30):  # last day, in British Summer Time
            concern(staff)
        with at(dt.date(2026, 4, 1), 0, 5):  # the day after (still 31 March in UTC)
            concern(staff)
    assert statistics_for(nso, MARCH, today=AFTER.date()).concerns == 2
    one_day = Period(dt.date(2026, 3, 31), dt.date(2026, 3, 31))
    assert statistics_for(nso, one_day, today=AFTER.date()).concerns == 1


def test_figures_are_only_of_what_the_viewer_may_see(march, cwo2, officer):
    # A welfare officer of another club sees none of these concerns.
    assert statistics_for(cwo2, MARCH, today=AFTER.date()).concerns == 0


# --- the pages ----------------------------------------------------------------------------


def test_only_the_nso_opens_the_statistics(client_for, nso, officer, cwo, staff):
    url = reverse("sharing:statistics")
    report = reverse("sharing:trustees_report")
    for user in (officer, cwo, staff):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).get(report).status_code == 403
    page = client_for(nso).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<h1") == 1 and "<title>" in html and "<svg" in html


def test_the_page_shows_exact_figures_with_escaped_labels(
    client_for, nso, cwo, club_north, django_capture_on_commit_callbacks
):
    Club.objects.filter(pk=club_north.pk).update(name='<script>alert("x")</script> TTC')
    with django_capture_on_commit_callbacks(execute=True):
        with at(dt.date(2026, 3, 10)):
            for _ in range(2):
                concern(cwo, club=club_north)
    with time_machine.travel(AFTER):
        page = client_for(nso).get(
            reverse("sharing:statistics"), {"start": "2026-03-01", "end": "2026-03-31"}
        )
    html = page.content.decode()
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; TTC" in html
    assert "?start=2026-03-01&amp;end=2026-03-31" in html


def test_a_bad_period_is_a_message_not_a_500(client_for, nso):
    c = client_for(nso)
    backwards = c.get(reverse("sharing:statistics"), {"start": "2026-03-31", "end": "2026-03-01"})
    assert backwards.status_code == 200 and "There is a problem" in backwards.content.decode()
    for junk in ({"start": "yesterday"}, {"end": "2026-02-30"}, {"start": "\x00"}):
        assert c.get(reverse("sharing:statistics"), junk).status_code == 200
        assert c.get(reverse("sharing:trustees_report"), junk).status_code == 400
    future = c.get(reverse("sharing:statistics"), {"end": "2999-01-01"})
    assert "cannot be after today" in future.content.decode()


def test_trustees_report_shows_four_as_fewer_than_five(
    client_for, nso, staff, django_capture_on_commit_callbacks
):
    # Five concerns, all physical, four of them also emotional: 5 shown, 4 suppressed.
    with django_capture_on_commit_callbacks(execute=True):
        with at(dt.date(2026, 3, 10)):
            for n in range(5):
                concern(staff, categories=("physical", "emotional") if n < 4 else ("physical",))
    with time_machine.travel(AFTER):
        response = client_for(nso).get(
            reverse("sharing:trustees_report"), {"start": "2026-03-01", "end": "2026-03-31"}
        )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "trustees-report-2026-03-01-to-2026-03-31.pdf" in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    assert "Safeguarding report to the trustees" in text
    assert "Physical 5" in text
    assert "Emotional fewer than 5" in text
    assert "Emotional 4" not in text
    assert "Concerns 5" in text
    assert "Media approaches 0" in text  # 0 is shown as 0
    assert len(PdfReader(io.BytesIO(response.content)).pages) <= 2


# --- a fixed number of queries ------------------------------------------------------------


def _count_queries(user: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        statistics_for(user, MARCH, today=AFTER.date())
    return len(captured.captured_queries)


def test_queries_do_not_grow_with_the_records(
    nso, staff, officer, django_capture_on_commit_callbacks
):
    statistics_for(nso, MARCH, today=AFTER.date())  # warm the permission cache
    empty = _count_queries(nso)
    with django_capture_on_commit_callbacks(execute=True):
        with at(dt.date(2026, 3, 10)):
            few = [concern(staff) for _ in range(2)]
            triage(officer, few[0])
    some = _count_queries(nso)
    with django_capture_on_commit_callbacks(execute=True):
        for day in (11, 12, 13, 16):
            with at(dt.date(2026, 3, day)):
                triage(officer, concern(staff, categories=("online", "bullying")))
    many = _count_queries(nso)
    assert empty == some == many
    assert many <= 14

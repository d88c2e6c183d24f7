"""The Wales procedure for an allegation (WSP5): the designated officer's clock, the notice,
the strategy discussion and the outcome; a position-of-trust concern triaged as an allegation.

Personas: Olivia (officer) and Nadia (NSO) record and see the clock on their home pages;
Ceri (cwo, Bangor) sees none of it, and gets 404 on every page of it, for her own club's case
too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adults import wales_selectors, wales_services
from adults.models import AllegationOutcome, DesignatedOfficerNotice, StrategyDiscussion
from cases import services as case_services
from cases.models import AdultSubjectToAllegation, Case, LocalAuthority
from sharing import policy
from tests.conftest import pdf_text
from ttw_safeguarding.records.models import WrittenReport

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Thursday 3 December 2026, 10:00; the Friday after; Saturday; Monday.
THURSDAY_10 = dt.datetime(2026, 12, 3, 10, 0, tzinfo=LONDON)
FRIDAY_16 = dt.datetime(2026, 12, 4, 16, 0, tzinfo=LONDON)


def _case(actor: Any, club: Any, capture: Any, *, categories: list[str] | None = None) -> Case:
    concern = case_services.concern_record(
        actor=actor,
        new_child=case_services.NewChild(name="Child W", approximate_age=16),
        club=club,
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        facts="What the child said.",
        categories=categories or ["emotional"],
        is_urgent=False,
    )
    with capture(execute=True):
        triage = case_services.concern_triage(
            actor=actor,
            concern=concern,
            case=None,
            owner=actor,
            risk_level=Case.Risk.HIGH,
            status=Case.Status.OPEN,
            meets_referral_threshold=False,
            threshold_rationale="",
            reason="A new case.",
            allegation_adult_name="Pat Coach" if categories else "",
        )
    assert triage.case is not None
    return triage.case


def _allegation(actor: Any, club: Any, capture: Any, name: str = "Pat Coach") -> Any:
    case = _case(actor, club, capture)
    return case_services.adult_add(actor=actor, case=case, name=name, role_in_ttw="volunteer")


def _home(client_for: Any, user: Any) -> str:
    return client_for(user).get(reverse("home")).content.decode()


# --- the clock ----------------------------------------------------------------------------


def test_the_clock_goes_overdue_after_one_working_day(
    client_for, officer, nso, cwo, club_north, django_capture_on_commit_callbacks
):
    with time_machine.travel(THURSDAY_10, tick=False):
        line = _allegation(officer, club_north, django_capture_on_commit_callbacks)
        assert "Designated officer for safeguarding not yet told" in _home(client_for, officer)
    # Thursday 10:00 in office hours: due Friday 10:00.
    with time_machine.travel(dt.datetime(2026, 12, 4, 9, 59, tzinfo=LONDON), tick=False):
        clock = wales_selectors.clock_of(line, None, now=timezone.now())
        assert not clock.is_overdue and clock.is_due_soon
        assert "OVERDUE" not in _home(client_for, officer)
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, 1, tzinfo=LONDON), tick=False):
        for user in (officer, nso):
            page = _home(client_for, user)
            assert "OVERDUE" in page and "Pat Coach" in page
            assert reverse("adults:designated_officer_new", args=[line.code]) in page
        welfare = _home(client_for, cwo)
        assert "Pat Coach" not in welfare and "Designated officer" not in welfare
        case_page = client_for(officer).get(reverse("cases:detail", args=[line.case.code]))
        assert "OVERDUE" in case_page.content.decode()
        person_page = client_for(officer).get(reverse("adults:detail", args=[line.person.code]))
        assert "OVERDUE" in person_page.content.decode()


def test_the_clock_does_not_go_overdue_over_a_weekend(
    client_for, officer, club_north, django_capture_on_commit_callbacks
):
    # Friday 16:00: 24 hours end on Saturday, so it is due at Monday's close.
    with time_machine.travel(FRIDAY_16, tick=False):
        line = _allegation(officer, club_north, django_capture_on_commit_callbacks)
    for moment in (
        dt.datetime(2026, 12, 5, 16, 1, tzinfo=LONDON),  # Saturday
        dt.datetime(2026, 12, 6, 23, 0, tzinfo=LONDON),  # Sunday
        dt.datetime(2026, 12, 7, 16, 59, tzinfo=LONDON),  # Monday, before the close
    ):
        with time_machine.travel(moment, tick=False):
            assert not wales_selectors.clock_of(line, None, now=timezone.now()).is_overdue
            assert "OVERDUE" not in _home(client_for, officer)
    with time_machine.travel(dt.datetime(2026, 12, 7, 17, 1, tzinfo=LONDON), tick=False):
        assert "OVERDUE" in _home(client_for, officer)


def test_the_home_panel_reads_the_same_queries_for_one_line_and_many(
    client_for, officer, club_north, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    friday = dt.datetime(2026, 12, 4, 10, 1, tzinfo=LONDON)
    with time_machine.travel(THURSDAY_10, tick=False):
        _allegation(officer, club_north, capture)
    with time_machine.travel(friday, tick=False):
        olivia = client_for(officer)
        olivia.get(reverse("home"))
        with CaptureQueriesContext(connection) as few:
            olivia.get(reverse("home"))
    with time_machine.travel(THURSDAY_10, tick=False):
        for i in range(4):
            _allegation(officer, club_north, capture, name=f"Adult {i}")
    with time_machine.travel(friday, tick=False):
        with CaptureQueriesContext(connection) as many:
            page = olivia.get(reverse("home")).content.decode()
    assert "Adult 3" in page
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the notice -----------------------------------------------------------------------------


def test_the_notice_is_recorded_through_the_page_with_its_written_report(
    client_for, officer, club_north, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    with time_machine.travel(THURSDAY_10, tick=False):
        line = _allegation(officer, club_north, capture)
    authority = LocalAuthority.objects.order_by("pk").first()
    assert authority is not None
    url = reverse("adults:designated_officer_new", args=[line.code])
    body = {
        "told_at": "2026-12-03T14:30",
        "local_authority": str(authority.pk),
        "officer_name": "Dana Officer",
        "officer_contact": "01234 567890",
        "method": "phone",
        "risk_assessment": "Coaches the under-16s every week.",
        "immediate_safeguards": "Stood down from coaching until further notice.",
    }
    with time_machine.travel(dt.datetime(2026, 12, 3, 15, 0, tzinfo=LONDON), tick=False):
        olivia = client_for(officer)
        refused = olivia.post(url, {**body, "risk_assessment": "", "local_authority": ""})
        assert refused.status_code == 200
        assert policy.DESIGNATED_OFFICER_RISK_ASSESSMENT_REQUIRED in refused.content.decode()
        authority_message = policy.DESIGNATED_OFFICER_AUTHORITY_REQUIRED.replace("'", "&#x27;")
        assert authority_message in refused.content.decode()
        assert not DesignatedOfficerNotice.objects.exists()
        with capture(execute=True):
            done = olivia.post(url, body)
        assert done.status_code == 302
    notice = DesignatedOfficerNotice.objects.get()
    assert notice.allegation == line and not notice.told_late
    assert notice.due_at == dt.datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)
    report = WrittenReport.objects.get(decision=notice)
    assert report.state == WrittenReport.State.READY
    with report.pdf.open("rb") as fh:
        text = pdf_text(fh.read())
    assert "Dana Officer" in text and "Stood down from coaching" in text
    assert str(authority) in text
    with time_machine.travel(dt.datetime(2026, 12, 4, 11, 0, tzinfo=LONDON), tick=False):
        page = client_for(officer).get(reverse("adults:detail", args=[line.person.code]))
        content = page.content.decode()
        assert "told at Thu 3 Dec 2026 14:30" in content and "OVERDUE" not in content
        assert DesignatedOfficerNotice.LABEL in content  # on the timeline
        assert "OVERDUE" not in _home(client_for, officer)
        # Told once: the page sends the officer back to the person.
        again = client_for(officer).get(url)
        assert again.status_code == 302


def test_a_notice_after_the_due_time_is_recorded_as_late(
    officer, club_north, django_capture_on_commit_callbacks
):
    with time_machine.travel(THURSDAY_10, tick=False):
        line = _allegation(officer, club_north, django_capture_on_commit_callbacks)
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=LONDON), tick=False):
        notice = wales_services.designated_officer_notice_record(
            allegation=line,
            actor=officer,
            told_at=timezone.now(),
            local_authority=LocalAuthority.objects.order_by("pk").first(),
            officer_name="Dana Officer",
            officer_contact="dana@example.org",
            method="phone",
            risk_assessment="A risk.",
            immediate_safeguards="Stood down.",
            lateness_reason="The duty line was closed.",
        )
    assert notice.told_late and "after the due time" in notice.outcome
    assert "The duty line was closed." in notice.reason


def test_a_notice_before_ttw_learnt_of_it_is_refused(
    officer, club_north, django_capture_on_commit_callbacks
):
    with time_machine.travel(THURSDAY_10, tick=False):
        line = _allegation(officer, club_north, django_capture_on_commit_callbacks)
        with pytest.raises(ValidationError) as refused:
            wales_services.designated_officer_notice_record(
                allegation=line,
                actor=officer,
                told_at=timezone.now() - dt.timedelta(hours=2),
                local_authority=LocalAuthority.objects.order_by("pk").first(),
                officer_name="Dana Officer",
                officer_contact="dana@example.org",
                method="phone",
                risk_assessment="A risk.",
                immediate_safeguards="Stood down.",
            )
    assert policy.DESIGNATED_OFFICER_TOLD_BEFORE_REPORT in str(refused.value)
    assert not DesignatedOfficerNotice.objects.exists()


# --- the strategy discussion and the outcome ------------------------------------------------

STRATEGY = {
    "held_on": "",
    "participants": "Dana Officer (LA), Olivia (TTW), police",
    "threshold": "met",
    "threshold_reason": "A criminal offence may have been committed.",
    "outside_activities_elsewhere": "yes",
    "outside_activities": "Coaches at Ysgol Example.",
    "who_tells_other_organisations": "The designated officer tells the school.",
    "interim_safeguards": "Stood down from all coaching.",
    "share_with_adult": "Nothing until the police have spoken to them.",
    "share_with_child": "That adults are looking into it.",
    "share_with_parents": "That the police are told.",
    "who_tells_whom": "TTW's NSO tells the club; the police tell the adult.",
}


def test_the_strategy_discussion_is_refused_without_its_fields_and_recorded_with_them(
    client_for, officer, club_north, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    line = _allegation(officer, club_north, capture)
    olivia = client_for(officer)
    url = reverse("adults:strategy_discussion_new", args=[line.code])
    today = timezone.localdate().isoformat()
    refused = olivia.post(
        url,
        {
            **STRATEGY,
            "held_on": today,
            "outside_activities": "",
            "who_tells_other_organisations": "",
            "share_with_child": "",
            "threshold": "",
        },
    )
    page = refused.content.decode()
    assert refused.status_code == 200
    for message in (
        policy.STRATEGY_THRESHOLD_REQUIRED,
        policy.STRATEGY_OUTSIDE_ACTIVITIES_REQUIRED,
        policy.STRATEGY_WHO_TELLS_ORGANISATIONS_REQUIRED,
        policy.STRATEGY_SHARE_WITH_CHILD_REQUIRED,
    ):
        assert message.replace("'", "&#x27;") in page
    unanswered = olivia.post(
        url, {**STRATEGY, "held_on": today, "outside_activities_elsewhere": ""}
    )
    assert policy.STRATEGY_OUTSIDE_ACTIVITIES_ANSWER_REQUIRED in unanswered.content.decode()
    assert not StrategyDiscussion.objects.exists()
    with capture(execute=True):
        done = olivia.post(url, {**STRATEGY, "held_on": today})
    assert done.status_code == 302
    discussion = StrategyDiscussion.objects.get()
    assert discussion.outside_activities_elsewhere
    assert "P6.3" in discussion.clauses
    with WrittenReport.objects.get(decision=discussion).pdf.open("rb") as fh:
        text = pdf_text(fh.read())
    assert "Ysgol Example" in text and "the police tell the adult" in text


def test_the_outcome_is_refused_without_its_fields_and_recorded_with_them(
    client_for, officer, club_north, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    line = _allegation(officer, club_north, capture)
    olivia = client_for(officer)
    url = reverse("adults:allegation_outcome_new", args=[line.code])
    today = timezone.localdate().isoformat()
    refused = olivia.post(url, {"decided_on": today, "allegation_outcome": "", "reason": ""})
    page = refused.content.decode()
    assert policy.ALLEGATION_OUTCOME_REQUIRED in page
    assert policy.ALLEGATION_OUTCOME_REASON_REQUIRED in page
    malicious = olivia.post(
        url, {"decided_on": today, "allegation_outcome": "malicious", "reason": "Made up."}
    )
    assert "clear evidence of a deliberate act to deceive" in malicious.content.decode()
    assert not AllegationOutcome.objects.exists()
    with capture(execute=True):
        done = olivia.post(
            url,
            {
                "decided_on": today,
                "allegation_outcome": "unsubstantiated",
                "reason": "Not enough evidence either way.",
            },
        )
    assert done.status_code == 302
    outcome = AllegationOutcome.objects.get()
    assert outcome.outcome == "Allegation unsubstantiated"
    with WrittenReport.objects.get(decision=outcome).pdf.open("rb") as fh:
        text = pdf_text(fh.read())
    assert "Not enough evidence either way." in text and "Unsubstantiated" in text
    # An outcome stops the clock's nagging.
    assert line not in wales_selectors.waiting_for_designated_officer(officer)


# --- positions of trust -----------------------------------------------------------------------


def test_the_policy_routes_a_position_of_trust_concern_as_an_allegation_both_ways() -> None:
    pot = [policy.CATEGORY_POSITION_OF_TRUST]
    assert policy.triage_allegation_problems(categories=pot, adult_named=False)
    assert policy.triage_allegation_problems(categories=pot, adult_named=True) == []
    assert policy.triage_allegation_problems(categories=["emotional"], adult_named=False) == []


def test_position_of_trust_is_a_concern_category() -> None:
    from cases.models import Concern

    labels = dict(Concern.Category.choices)
    assert labels[policy.CATEGORY_POSITION_OF_TRUST] == policy.POSITION_OF_TRUST_LABEL


def _pot_concern(actor: Any, club: Any) -> Any:
    return case_services.concern_record(
        actor=actor,
        new_child=case_services.NewChild(name="Child P", approximate_age=16),
        club=club,
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        facts="The coach and the player.",
        categories=[policy.CATEGORY_POSITION_OF_TRUST],
        is_urgent=False,
    )


def test_a_position_of_trust_concern_is_triaged_only_with_the_adult_named(
    client_for, officer, club_north, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    concern = _pot_concern(officer, club_north)
    olivia = client_for(officer)
    url = reverse("cases:triage", args=[concern.code])
    form = olivia.get(url).content.decode()
    assert "The adult the allegation is about" in form
    body = {
        "case_choice": "new",
        "owner": str(officer.pk),
        "risk_level": "high",
        "status": "open",
        "reason": "A position of trust.",
        "allegation_role_in_ttw": "volunteer",
    }
    refused = olivia.post(url, body)
    assert refused.status_code == 200
    assert "SOA22A: sexual activity by an adult in a position of trust" in refused.content.decode()
    assert not Case.objects.exists() and not AdultSubjectToAllegation.objects.exists()
    with capture(execute=True):
        done = olivia.post(url, {**body, "allegation_adult_name": "Pat Coach"})
    assert done.status_code == 302
    line = AdultSubjectToAllegation.objects.get()
    assert line.name == "Pat Coach" and line.person is not None
    assert line.case.child.name == "Child P"


def test_the_triage_service_refuses_a_position_of_trust_concern_without_the_adult(
    officer, club_north
):
    concern = _pot_concern(officer, club_north)
    with pytest.raises(ValidationError) as refused:
        case_services.concern_triage(
            actor=officer,
            concern=concern,
            case=None,
            owner=officer,
            risk_level=Case.Risk.HIGH,
            status=Case.Status.OPEN,
            meets_referral_threshold=False,
            threshold_rationale="",
            reason="A new case.",
        )
    assert policy.TRIAGE_ALLEGATION_ADULT_REQUIRED in str(refused.value)
    assert not Case.objects.exists()


def test_another_concern_is_triaged_without_an_adult(
    client_for, officer, club_north, django_capture_on_commit_callbacks
):
    case = _case(officer, club_north, django_capture_on_commit_callbacks)
    assert not AdultSubjectToAllegation.objects.filter(case=case).exists()


# --- who sees it ------------------------------------------------------------------------------


def test_a_welfare_officer_gets_404_on_every_page_of_the_procedure(
    client_for, officer, cwo, club_north, django_capture_on_commit_callbacks
):
    # Ceri's own club's case.
    line = _allegation(officer, club_north, django_capture_on_commit_callbacks)
    ceri = client_for(cwo)
    for name in ("designated_officer_new", "strategy_discussion_new", "allegation_outcome_new"):
        url = reverse(f"adults:{name}", args=[line.code])
        assert ceri.get(url).status_code == 404
        assert ceri.post(url, {}).status_code == 404
    assert not DesignatedOfficerNotice.objects.exists()

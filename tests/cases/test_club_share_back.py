"""What the NSO's team shares back to a case's club: a note or a task (P6.1, P6.11).

Olivia (officer) shares with Bangor on Bangor's case. Ceri (Bangor's welfare officer) and
Rhian (the north's) see what was shared, and Ceri marks a task done, once. Dylan (Cardiff)
and Rhys (the south) never learn the case exists. No welfare officer sees an officers' note,
a referral, a share decision or a restricted record through any of it.
"""

from __future__ import annotations

import datetime as dt
import html as html_text
import re
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import selectors, services
from cases.models import Case, ClubShareBack, ClubTaskDone, Referral
from sharing import policy
from tests.conftest import pdf_text
from ttw_safeguarding.records import access
from ttw_safeguarding.records.decisions import decision_record, verify_chain
from ttw_safeguarding.records.models import Notification, OutboundEmail, WrittenReport

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)
NOTE_TEXT = "We have spoken to the parents; they know the club is involved."
TASK_TEXT = "Remind the juniors of the club's online-contact rules."
REASON = "The club's welfare officer supports the child at sessions."
KEY = re.compile(r'name="submission_key" value="([0-9a-f-]{36})"')


# --- the rule, both ways (pure) ------------------------------------------------


def _problems(**overrides: Any) -> list[str]:
    facts: dict[str, Any] = {
        "has_club": True,
        "kind": policy.SHARE_BACK_NOTE,
        "text": NOTE_TEXT,
        "reason": REASON,
        "due_on": None,
        "today": TODAY,
    }
    facts.update(overrides)
    return [p.message for p in policy.club_share_back_problems(**facts)]


def test_a_note_with_its_text_and_reason_may_be_shared():
    assert _problems() == []


def test_a_task_due_today_or_later_may_be_shared():
    assert _problems(kind=policy.SHARE_BACK_TASK, due_on=TODAY) == []
    assert _problems(kind=policy.SHARE_BACK_TASK, due_on=TODAY + dt.timedelta(days=7)) == []


def test_the_text_is_required():
    assert _problems(text="  ") == [policy.SHARE_BACK_TEXT_REQUIRED]


def test_the_reason_for_sharing_is_required():
    assert _problems(reason="") == [policy.SHARE_BACK_REASON_REQUIRED]


def test_a_task_needs_a_due_date():
    assert _problems(kind=policy.SHARE_BACK_TASK) == [policy.SHARE_BACK_DUE_REQUIRED]


def test_a_task_cannot_be_due_in_the_past():
    yesterday = TODAY - dt.timedelta(days=1)
    assert _problems(kind=policy.SHARE_BACK_TASK, due_on=yesterday) == [
        policy.SHARE_BACK_DUE_IN_PAST
    ]


def test_a_note_has_no_due_date():
    assert _problems(due_on=TODAY) == [policy.SHARE_BACK_DUE_ON_NOTE]


def test_a_case_with_no_club_cannot_be_shared_back():
    assert _problems(has_club=False) == [policy.SHARE_BACK_NO_CLUB]


def test_the_kind_must_be_a_note_or_a_task():
    assert _problems(kind="memo") == [policy.SHARE_BACK_KIND_REQUIRED]


def test_a_task_is_marked_done_with_what_the_club_did():
    assert policy.task_done_problems(outcome="Told the juniors.") == []
    assert [p.message for p in policy.task_done_problems(outcome=" ")] == [
        policy.TASK_OUTCOME_REQUIRED
    ]


def test_a_task_is_overdue_only_when_open_after_its_due_date():
    yesterday = TODAY - dt.timedelta(days=1)
    assert policy.task_overdue(due_on=yesterday, done=False, today=TODAY)
    assert not policy.task_overdue(due_on=TODAY, done=False, today=TODAY)
    assert not policy.task_overdue(due_on=yesterday, done=True, today=TODAY)
    assert not policy.task_overdue(due_on=None, done=False, today=TODAY)


# --- sharing back, through the pages ------------------------------------------------


@pytest.fixture
def club_case(cwo, officer, record_concern, triage_concern) -> Case:
    """Bangor's case: opened by Olivia from the concern Ceri recorded for Bangor."""
    concern = record_concern(cwo, club=cwo.welfare_clubs.get().club)
    case = triage_concern(officer, concern).case
    assert case is not None
    return case


@pytest.fixture
def share(django_capture_on_commit_callbacks):
    def _share(case: Case, actor, **fields) -> ClubShareBack:
        values = {"share_kind": "note", "text": NOTE_TEXT, "reason": REASON, **fields}
        with django_capture_on_commit_callbacks(execute=True):
            return services.club_share_back_record(actor=actor, case=case, **values)

    return _share


def _task(share, case, officer, *, days: int = 7) -> ClubShareBack:
    return share(
        case,
        officer,
        share_kind="task",
        text=TASK_TEXT,
        due_on=timezone.localdate() + dt.timedelta(days=days),
    )


def _text(response) -> str:
    """The page as a reader sees it (entities such as ' decoded)."""
    return html_text.unescape(response.content.decode())


def _post_with_key(client, url: str, data: dict, *, page_url: str | None = None):
    page = _text(client.get(page_url or url))
    key = KEY.search(page)
    assert key is not None, "the form carries a submission key"
    return client.post(url, {**data, "submission_key": key.group(1)})


def test_an_officer_shares_a_note_and_a_task_that_the_north_sees_and_the_south_does_not(
    client_for,
    officer,
    cwo,
    rwo,
    cwo2,
    rwo2,
    club_case,
    django_capture_on_commit_callbacks,
):
    olivia = client_for(officer)
    url = reverse("cases:share_back_add", args=[club_case.code])
    with django_capture_on_commit_callbacks(execute=True):
        note = _post_with_key(
            olivia, url, {"share_kind": "note", "text": NOTE_TEXT, "reason": REASON}
        )
        due = timezone.localdate() + dt.timedelta(days=5)
        task = _post_with_key(
            olivia,
            url,
            {"share_kind": "task", "text": TASK_TEXT, "due_on": due.isoformat(), "reason": REASON},
        )
    assert note.status_code == 302 and task.status_code == 302
    assert ClubShareBack.objects.filter(case=club_case).count() == 2
    assert verify_chain() == 4  # the concern, its triage, the note and the task
    case_url = reverse("cases:detail", args=[club_case.code])
    officer_page = _text(olivia.get(case_url))
    assert "Shared with the club" in officer_page and TASK_TEXT in officer_page

    for north in (cwo, rwo):
        page = client_for(north).get(case_url)
        assert page.status_code == 200
        html = _text(page)
        assert "From the NSO's team" in html
        assert NOTE_TEXT in html and TASK_TEXT in html
        assert "Mark done" in html
        home = _text(client_for(north).get(reverse("home")))
        assert "Tasks from the NSO's team (1 open)" in home
        assert club_case.reference in home
    for south in (cwo2, rwo2):
        assert client_for(south).get(case_url).status_code == 404
        home = _text(client_for(south).get(reverse("home")))
        assert club_case.reference not in home
        assert TASK_TEXT not in home
        assert "Tasks from the NSO's team (0 open)" in home
        assert not Notification.objects.filter(recipient=south).exists()


def test_the_club_and_its_region_are_told_without_detail(
    officer, cwo, rwo, cwo2, rwo2, club_case, share
):
    shared = _task(share, club_case, officer)
    emails = OutboundEmail.objects.filter(topic=f"cases.ClubShareBack:{shared.code}")
    assert sorted(e.to for e in emails) == sorted([cwo.email, rwo.email])
    for email in emails:
        text = email.subject + email.body
        assert TASK_TEXT not in text and REASON not in text
        assert club_case.child.name not in text
        assert reverse("cases:detail", args=[club_case.code]) in email.body
    assert Notification.objects.filter(recipient__in=[cwo, rwo]).count() >= 2
    assert not Notification.objects.filter(recipient__in=[cwo2, rwo2]).exists()


def test_a_case_from_a_ttw_event_cannot_be_shared_back(client_for, officer, case, share):
    with pytest.raises(ValidationError) as refused:
        share(case, officer)
    assert policy.SHARE_BACK_NO_CLUB in refused.value.messages
    page = client_for(officer).get(reverse("cases:share_back_add", args=[case.code]))
    assert policy.SHARE_BACK_NO_CLUB in _text(page)
    response = _post_with_key(
        client_for(officer),
        reverse("cases:share_back_add", args=[case.code]),
        {"share_kind": "note", "text": NOTE_TEXT, "reason": REASON},
    )
    assert response.status_code == 200
    assert "There is a problem" in _text(response)
    assert not ClubShareBack.objects.exists()


def test_a_task_due_in_the_past_is_refused_on_the_form(client_for, officer, club_case):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = _post_with_key(
        client_for(officer),
        reverse("cases:share_back_add", args=[club_case.code]),
        {
            "share_kind": "task",
            "text": TASK_TEXT,
            "due_on": yesterday.isoformat(),
            "reason": REASON,
        },
    )
    assert response.status_code == 200
    assert policy.SHARE_BACK_DUE_IN_PAST in _text(response)
    assert not ClubShareBack.objects.exists()


def test_the_written_report_has_the_text_shared(officer, club_case, share):
    shared = _task(share, club_case, officer)
    report = WrittenReport.objects.get(decision=shared)
    assert report.state == WrittenReport.State.READY
    with report.pdf.open("rb") as fh:
        text = " ".join(pdf_text(fh.read()).split())
    assert TASK_TEXT in text
    assert REASON in text
    assert str(club_case.club) in text


def test_a_welfare_officer_never_sees_the_officers_notes(
    client_for, officer, cwo, club_case, share
):
    services.case_note_add(actor=officer, case=club_case, text="Officers only: a private note.")
    share(club_case, officer)
    html = _text(client_for(cwo).get(reverse("cases:detail", args=[club_case.code])))
    assert NOTE_TEXT in html
    assert "Officers only" not in html
    chronology = client_for(cwo).get(reverse("cases:chronology", args=[club_case.code]))
    assert "Officers only" not in _text(chronology)


# --- a task done, once ---------------------------------------------------------------


def test_a_task_done_twice_is_recorded_once_and_the_officer_is_told(
    client_for, officer, cwo, club_case, share, django_capture_on_commit_callbacks
):
    task = _task(share, club_case, officer)
    ceri = client_for(cwo)
    case_url = reverse("cases:detail", args=[club_case.code])
    done_url = reverse("cases:task_done", args=[task.code])
    data = {"outcome": "Told the juniors at Tuesday's session."}
    with django_capture_on_commit_callbacks(execute=True):
        first = _post_with_key(ceri, done_url, data, page_url=case_url)
    assert first.status_code == 302 and first.url == case_url
    key = ClubTaskDone.objects.get().code
    with django_capture_on_commit_callbacks(execute=True):
        again = ceri.post(done_url, data)
    assert ClubTaskDone.objects.count() == 1, "a second completion is refused"
    assert ClubTaskDone.objects.get().code == key
    assert again.status_code == 200
    assert "was already marked done by" in _text(again)
    notices = Notification.objects.filter(recipient=officer, url=case_url)
    assert notices.filter(message__contains="marked a task").count() == 1
    emails = OutboundEmail.objects.filter(to=officer.email, topic__startswith="cases.ClubTaskDone")
    assert emails.count() == 1
    assert "Tuesday" not in emails.get().body
    html = _text(ceri.get(case_url))
    assert "Done" in html and "Mark done" not in html
    home = _text(ceri.get(reverse("home")))
    assert "Tasks from the NSO's team (0 open)" in home


def test_a_double_submit_of_the_mark_done_form_records_once(
    client_for, officer, cwo, club_case, share
):
    task = _task(share, club_case, officer)
    ceri = client_for(cwo)
    case_url = reverse("cases:detail", args=[club_case.code])
    done_url = reverse("cases:task_done", args=[task.code])
    key = KEY.search(_text(ceri.get(done_url)))
    assert key is not None
    data = {"outcome": "Done at the session.", "submission_key": key.group(1)}
    first = ceri.post(done_url, data)
    again = ceri.post(done_url, data, follow=True)
    assert first.status_code == 302
    assert again.redirect_chain == [(case_url, 302)]
    assert "it was not recorded again" in _text(again)
    assert ClubTaskDone.objects.count() == 1


def test_a_note_is_not_a_task_to_mark_done(client_for, officer, cwo, club_case, share):
    note = share(club_case, officer)
    assert client_for(cwo).get(reverse("cases:task_done", args=[note.code])).status_code == 404
    with pytest.raises(ValidationError) as refused:
        services.club_task_done(actor=cwo, task=note, outcome="Done.")
    assert services.NOT_A_TASK in refused.value.messages


def test_another_clubs_welfare_officer_cannot_mark_it_done(
    client_for, officer, cwo2, rwo2, club_case, share
):
    task = _task(share, club_case, officer)
    for south in (cwo2, rwo2):
        response = client_for(south).post(
            reverse("cases:task_done", args=[task.code]), {"outcome": "Done."}
        )
        assert response.status_code == 404
    assert not ClubTaskDone.objects.exists()


def test_overdue_tasks_come_first_on_the_welfare_officers_home(
    client_for, officer, cwo, club_case, share
):
    later = _task(share, club_case, officer, days=10)
    with time_machine.travel(timezone.now() - dt.timedelta(days=5)):
        overdue = _task(share, club_case, officer, days=1)
    tasks = selectors.open_club_tasks(user=cwo)
    assert [item.share_back for item in tasks] == [overdue, later]
    assert tasks[0].is_overdue and not tasks[1].is_overdue
    home = _text(client_for(cwo).get(reverse("home")))
    assert "Overdue" in home


# --- nothing else reaches a welfare officer --------------------------------------------


def test_a_welfare_officer_sees_only_concerns_triage_and_share_backs(
    client_for, officer, nso, officer2, cwo, rwo, club_case, share, record_referral
):
    """P6.6: a restricted record, a referral or any other decision on the club's case never
    reaches the club's welfare officers, in a list, a page or a count."""
    share(club_case, officer)
    record_referral(club_case, officer, facts="Referral facts for officers only.")
    restricted = decision_record(
        Referral(
            case=club_case,
            outcome="Restricted referral",
            facts="Disciplinary outcome: restricted.",
            reason="P6.6",
            agency="social_care",
            agency_contact="Duty social worker",
            referred_at=timezone.now(),
            method="phone",
            information_shared="Restricted.",
        ),
        actor=nso,
        need_to_know=[officer2],
    )
    for welfare in (cwo, rwo):
        kinds = set(access.decisions_visible_to(welfare).values_list("kind", flat=True))
        assert kinds == {"concern", "triage", "club_share_back"}
        c = client_for(welfare)
        pages = [
            reverse("cases:detail", args=[club_case.code]),
            reverse("cases:chronology", args=[club_case.code]),
            reverse("cases:list"),
            reverse("cases:concerns") + "?show=all",
            reverse("home"),
        ]
        for url in pages:
            html = _text(c.get(url))
            assert "for officers only" not in html, url
            assert "Referred to children" not in html, url
            assert "Restricted referral" not in html, url
            assert str(restricted.code) not in html, url
        assert c.get(reverse("decisions:detail", args=[restricted.code])).status_code == 404


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_make_as_many_queries_with_many_share_backs_as_with_one(
    client_for, officer, cwo, club_case, share
):
    _task(share, club_case, officer)
    ceri, olivia = client_for(cwo), client_for(officer)
    case_url = reverse("cases:detail", args=[club_case.code])
    pages = [(ceri, case_url), (ceri, reverse("home")), (olivia, case_url)]
    ceri.get(case_url)  # the session's first read
    before = [_queries(c, url) for c, url in pages]
    for days in range(1, 6):
        _task(share, club_case, officer, days=days)
        share(club_case, officer)
    first_task = ClubShareBack.objects.filter(share_kind="task").first()
    assert first_task is not None
    services.club_task_done(actor=cwo, task=first_task, outcome="Done.")
    assert [_queries(c, url) for c, url in pages] == before

"""Actions: who does what by when, on a case or on another app's record (issue 17).

Olivia (officer) sets actions on Bangor's case, for Bangor's welfare officers or for a
person. Ceri (Bangor) and Rhian (the north) see and complete the ones for Bangor; Dylan
(Cardiff) and Rhys (the south) never learn they exist; Sam (staff) has no actions at all.
A welfare officer given an action on a record they may not open sees what to do, never
the record. Each action is completed once, and is a timescale item until it is.
"""

from __future__ import annotations

import datetime as dt
import html as html_text
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import action_selectors, action_services
from cases import services as case_services
from cases.models import Action, ActionDone, Case, Referral
from ttw_safeguarding.records.decisions import decision_record
from ttw_safeguarding.records.models import ImmutableRecordError, Notification
from ttw_safeguarding.records.timescales import items_open_at, timescale_sources

pytestmark = pytest.mark.django_db

KEY = re.compile(r'name="submission_key" value="([0-9a-f-]{36})"')
LONDON = ZoneInfo("Europe/London")
WHAT = "Ring the parents about Saturday's session."


def _text(response) -> str:
    return html_text.unescape(response.content.decode())


def _post_with_key(client, url: str, data: dict[str, Any]):
    key = KEY.search(_text(client.get(url)))
    assert key is not None, "the form carries a submission key"
    return client.post(url, {**data, "submission_key": key.group(1)})


@pytest.fixture
def club_case(cwo, officer, record_concern, triage_concern) -> Case:
    """Bangor's case: opened by Olivia from the concern Ceri recorded for Bangor."""
    concern = record_concern(cwo, club=cwo.welfare_clubs.get().club)
    case = triage_concern(officer, concern).case
    assert case is not None
    return case


@pytest.fixture
def event_case(staff, officer, record_concern, triage_concern) -> Case:
    """A case from one of TTW's own events (no club): no welfare officer opens it."""
    case = triage_concern(officer, record_concern(staff)).case
    assert case is not None
    return case


def _add(actor, record, *, kind: str = "case", days: int = 3, **fields: Any) -> Action:
    values: dict[str, Any] = {"what": WHAT, "due_on": timezone.localdate() + dt.timedelta(days)}
    values.update(fields)
    return action_services.action_add(
        actor=actor, target_kind=kind, target_code=record.code, **values
    )


def _for_bangor(officer, case: Case, **fields: Any) -> Action:
    assert case.club is not None
    return _add(officer, case, assignee_club=case.club, **fields)


# --- adding -----------------------------------------------------------------------


def test_an_officer_adds_an_action_for_a_club_which_its_welfare_officers_see(
    client_for, officer, cwo, rwo, cwo2, rwo2, club_case
):
    case_url = reverse("cases:detail", args=[club_case.code])
    add_url = reverse("cases:action_add", args=["case", club_case.code])
    olivia = client_for(officer)
    assert "Add an action" in _text(olivia.get(case_url))
    due = timezone.localdate() + dt.timedelta(days=5)
    assert club_case.club is not None
    response = _post_with_key(
        olivia,
        add_url,
        {"what": WHAT, "assignee_club": club_case.club.pk, "due_on": due.isoformat()},
    )
    assert response.status_code == 302 and response.url == case_url
    action = Action.objects.get()
    assert (action.target_kind, action.target_code, action.case) == (
        "case",
        club_case.code,
        club_case,
    )
    assert action.target_label == f"Case {club_case.reference}"
    assert action.created_by == officer and action.assignee is None
    case_page = _text(olivia.get(case_url))
    assert "Open actions" in case_page and WHAT in case_page
    for north in (cwo, rwo):
        mine = _text(client_for(north).get(reverse("cases:my_actions")))
        assert WHAT in mine and f"Case {club_case.reference}" in mine
        assert Notification.objects.filter(
            recipient=north, message="An action is assigned to you."
        ).exists()
    for south in (cwo2, rwo2):
        assert WHAT not in _text(client_for(south).get(reverse("cases:my_actions")))
        assert not Notification.objects.filter(recipient=south).exists()


def test_a_double_submit_of_the_add_form_records_once(client_for, officer, club_case):
    olivia = client_for(officer)
    add_url = reverse("cases:action_add", args=["case", club_case.code])
    key = KEY.search(_text(olivia.get(add_url)))
    assert key is not None
    data = {
        "what": WHAT,
        "assignee": officer.pk,
        "due_on": timezone.localdate().isoformat(),
        "submission_key": key.group(1),
    }
    assert olivia.post(add_url, data).status_code == 302
    again = olivia.post(add_url, data, follow=True)
    assert "it was not recorded again" in _text(again)
    assert Action.objects.count() == 1


def test_a_due_date_in_the_past_is_refused_on_the_form(client_for, officer, club_case):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = _post_with_key(
        client_for(officer),
        reverse("cases:action_add", args=["case", club_case.code]),
        {"what": WHAT, "assignee": officer.pk, "due_on": yesterday.isoformat()},
    )
    assert response.status_code == 200
    assert action_services.DUE_IN_PAST in _text(response)
    assert "There is a problem" in _text(response)
    assert not Action.objects.exists()
    with pytest.raises(ValidationError) as refused:
        _add(officer, club_case, assignee=officer, days=-1)
    assert action_services.DUE_IN_PAST in refused.value.messages
    assert not Action.objects.exists()


def test_one_assignee_a_person_or_a_club(client_for, officer, club_case):
    assert club_case.club is not None
    for fields, message in (
        ({}, action_services.ASSIGNEE_REQUIRED),
        ({"assignee": officer, "assignee_club": club_case.club}, action_services.ONE_ASSIGNEE),
    ):
        with pytest.raises(ValidationError) as refused:
            _add(officer, club_case, **fields)
        assert message in refused.value.messages
    assert not Action.objects.exists()


def test_a_person_given_an_action_must_be_able_to_open_the_record(
    officer, officer2, nso, cwo, staff, event_case, club_case, django_capture_on_commit_callbacks
):
    # Ceri cannot open a case from a TTW event, nor any adult's record.
    with pytest.raises(ValidationError) as refused:
        _add(officer, event_case, assignee=cwo)
    assert "may not open this record" in refused.value.messages[0]
    adult = case_services.adult_add(
        actor=officer, case=club_case, name="Action Adult", role_in_ttw="volunteer"
    )
    assert adult.person is not None
    with pytest.raises(ValidationError):
        _add(officer, adult.person, kind="adult", assignee=cwo)
    # Sam (staff) cannot have actions at all.
    with pytest.raises(ValidationError) as staff_refused:
        _add(officer, club_case, assignee=staff)
    assert "cannot have actions" in staff_refused.value.messages[0]
    # A restricted record (P6.6): the NSO, and Oscar whom it names, but not Olivia.
    with django_capture_on_commit_callbacks(execute=True):
        restricted = decision_record(
            Referral(
                case=club_case,
                outcome="Referred to children's social care",
                facts="Restricted facts.",
                reason="P6.6",
                agency="social_care",
                agency_contact="Duty social worker",
                referred_at=timezone.now(),
                method="phone",
                information_shared="The concern as recorded.",
            ),
            actor=nso,
            need_to_know=[officer2],
        )
    with pytest.raises(ValidationError):
        _add(nso, restricted, kind="decision", assignee=officer)
    action = _add(nso, restricted, kind="decision", assignee=officer2)
    assert action.case == club_case, "a record on a case is listed on the case's page"
    assert not Action.objects.exclude(pk=action.pk).exists()
    # The adult's record takes an action for an officer; an officer may not open a record
    # they may not see to add one (404).
    _add(officer, adult.person, kind="adult", assignee=officer2)
    from django.http import Http404

    with pytest.raises(Http404):
        _add(officer, restricted, kind="decision", assignee=nso)


def test_a_welfare_officer_sees_what_to_do_never_a_record_they_may_not_open(
    client_for, officer, officer2, cwo, club_case
):
    adult = case_services.adult_add(
        actor=officer, case=club_case, name="Hidden Adultname", role_in_ttw="volunteer"
    )
    assert adult.person is not None and club_case.club is not None
    _add(officer, adult.person, kind="adult", assignee_club=club_case.club)
    ceri = client_for(cwo)
    for url in (reverse("cases:my_actions"),):
        page = _text(ceri.get(url))
        assert WHAT in page
        assert "Hidden Adultname" not in page
        assert reverse("adults:detail", args=[adult.person.code]) not in page
    done_page = _text(ceri.get(reverse("cases:action_done", args=[Action.objects.get().code])))
    assert WHAT in done_page and "Hidden Adultname" not in done_page
    # Oscar (officer) may open the adult's record: he sees it named and linked.
    oscar_page = _text(
        client_for(officer2).get(reverse("cases:action_done", args=[Action.objects.get().code]))
    )
    assert "Adult Hidden Adultname" in oscar_page


def test_the_adult_and_decision_pages_offer_to_add_an_action(client_for, officer, club_case):
    adult = case_services.adult_add(
        actor=officer, case=club_case, name="Page Adult", role_in_ttw="volunteer"
    )
    assert adult.person is not None
    olivia = client_for(officer)
    adult_page = _text(olivia.get(reverse("adults:detail", args=[adult.person.code])))
    assert reverse("cases:action_add", args=["adult", adult.person.code]) in adult_page
    concern = club_case.decisions.order_by("pk").first()
    assert concern is not None
    decision_page = _text(olivia.get(reverse("decisions:detail", args=[concern.code])))
    assert reverse("cases:action_add", args=["decision", concern.code]) in decision_page
    add_page = olivia.get(reverse("cases:action_add", args=["decision", concern.code]))
    assert add_page.status_code == 200


# --- My actions: overdue first, then by due date -------------------------------------


def test_my_actions_lists_overdue_first_then_by_due_date(client_for, officer, cwo, club_case):
    start = timezone.now()
    with time_machine.travel(start - dt.timedelta(days=10), tick=False):
        late = _for_bangor(officer, club_case, days=2, what="Late one: due eight days ago.")
        later = _for_bangor(officer, club_case, days=5, what="Late two: due five days ago.")
    soon = _for_bangor(officer, club_case, days=1, what="Soon: due tomorrow.")
    far = _for_bangor(officer, club_case, days=20, what="Far: due in twenty days.")
    rows = action_selectors.my_actions(user=cwo)
    assert [row.action for row in rows] == [late, later, soon, far]
    assert [row.is_overdue for row in rows] == [True, True, False, False]
    page = _text(client_for(cwo).get(reverse("cases:my_actions")))
    positions = [page.index(a.what) for a in (late, later, soon, far)]
    assert positions == sorted(positions)
    home = _text(client_for(cwo).get(reverse("home")))
    assert "Overdue actions (2)" in home
    assert late.what in home and soon.what not in home


def test_my_actions_shows_a_page_at_a_time_with_the_total_and_the_next_page(
    client_for, officer, cwo, club_case
):
    # A page of 500 rows took a third of a second to draw: the list comes a page at a time.
    for n in range(action_selectors.ACTIONS_PER_PAGE + 3):
        _for_bangor(officer, club_case, days=n + 1, what=f"Action number {n:03d}.")
    ceri = client_for(cwo)
    first = _text(ceri.get(reverse("cases:my_actions")))
    assert f"To do ({action_selectors.ACTIONS_PER_PAGE + 3})" in first
    assert first.count("Action number ") == action_selectors.ACTIONS_PER_PAGE
    assert "Action number 000." in first and "Action number 025." not in first
    assert "Page 1 of 2" in first
    second = _text(ceri.get(reverse("cases:my_actions") + "?page=2"))
    assert second.count("Action number ") == 3
    assert "Action number 027." in second and "Action number 000." not in second


# --- completing: once -------------------------------------------------------------


def test_an_action_is_completed_once_with_who_when_and_the_outcome(
    client_for, officer, cwo, rwo, club_case
):
    action = _for_bangor(officer, club_case)
    done_url = reverse("cases:action_done", args=[action.code])
    ceri, rhian = client_for(cwo), client_for(rwo)
    # Rhian opens the form too, before Ceri completes it.
    rhian_key = KEY.search(_text(rhian.get(done_url)))
    assert rhian_key is not None
    first = _post_with_key(ceri, done_url, {"outcome": "Rang them; they will come."})
    assert first.status_code == 302
    done = ActionDone.objects.get()
    assert (done.action, done.done_by, done.outcome) == (action, cwo, "Rang them; they will come.")
    assert (
        Notification.objects.filter(
            recipient=officer, message="An action you set is completed."
        ).count()
        == 1
    )
    # Rhian, sending her form, is told it was done already; nothing is recorded again.
    again = rhian.post(
        done_url, {"outcome": "Also rang them.", "submission_key": rhian_key.group(1)}
    )
    assert again.status_code == 200
    assert "This action was already completed by" in _text(again)
    assert ActionDone.objects.count() == 1
    with pytest.raises(ValidationError):
        action_services.action_complete(actor=officer, action=action, outcome="Once more.")
    assert ActionDone.objects.count() == 1
    assert action_selectors.my_actions(user=cwo) == []
    assert WHAT not in _text(ceri.get(reverse("cases:detail", args=[club_case.code])))


def test_a_double_submit_of_the_complete_form_records_once(client_for, officer, cwo, club_case):
    action = _for_bangor(officer, club_case)
    done_url = reverse("cases:action_done", args=[action.code])
    ceri = client_for(cwo)
    key = KEY.search(_text(ceri.get(done_url)))
    assert key is not None
    data = {"outcome": "Done.", "submission_key": key.group(1)}
    assert ceri.post(done_url, data).status_code == 302
    again = ceri.post(done_url, data, follow=True)
    assert "it was not recorded again" in _text(again)
    assert ActionDone.objects.count() == 1


def test_actions_and_their_completion_are_never_changed(officer, cwo, club_case):
    action = _for_bangor(officer, club_case)
    done = action_services.action_complete(actor=cwo, action=action, outcome="Done.")
    for record in (action, done):
        with pytest.raises(ImmutableRecordError):
            record.save()
        with pytest.raises(ImmutableRecordError):
            record.delete()
    with pytest.raises(ImmutableRecordError):
        Action.objects.update(what="Changed")
    with pytest.raises(ImmutableRecordError):
        ActionDone.objects.all().delete()


# --- access -------------------------------------------------------------------------


def test_another_club_and_staff_are_refused(client_for, officer, cwo, cwo2, rwo2, staff, club_case):
    action = _for_bangor(officer, club_case)
    done_url = reverse("cases:action_done", args=[action.code])
    add_url = reverse("cases:action_add", args=["case", club_case.code])
    for south in (cwo2, rwo2):
        c = client_for(south)
        assert c.get(done_url).status_code == 404
        assert c.post(done_url, {"outcome": "Done."}).status_code == 404
        assert c.get(add_url).status_code == 403
    sam = client_for(staff)
    for url in (done_url, add_url, reverse("cases:my_actions")):
        assert sam.get(url).status_code == 403
    assert sam.post(done_url, {"outcome": "Done."}).status_code == 403
    # Ceri may complete it but not add one.
    assert client_for(cwo).get(add_url).status_code == 403
    with pytest.raises(ValidationError):
        action_services.action_complete(actor=cwo2, action=action, outcome="Done.")
    assert not ActionDone.objects.exists()


def test_a_person_action_is_only_theirs_among_welfare_officers(
    client_for, officer, cwo, rwo, club_case
):
    action = _add(officer, club_case, assignee=cwo)
    url = reverse("cases:action_done", args=[action.code])
    assert client_for(cwo).get(url).status_code == 200
    # Rhian covers Bangor, but the action is Ceri's, not the club's.
    assert client_for(rwo).get(url).status_code == 404
    assert action_selectors.my_actions(user=rwo) == []


# --- the timescale ----------------------------------------------------------------


def test_the_timescale_source_yields_an_open_action_until_it_is_done(officer, cwo, rwo, club_case):
    assert timescale_sources()["actions"] is action_selectors.actions_timed
    action = _for_bangor(officer, club_case, days=2)
    person = _add(officer, club_case, assignee=officer, days=4)
    items = {item.key: item for _, item in items_open_at(timezone.now()) if _ == "actions"}
    item = items[f"actions:{action.code}"]
    due = action.due_on
    assert set(item.owners) == {cwo.pk, rwo.pk}
    assert item.falls_due_at == dt.datetime.combine(due, dt.time.min, tzinfo=LONDON)
    assert item.overdue_at == dt.datetime.combine(
        due + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON
    )
    assert item.message == "An action is due."
    assert item.path == reverse("cases:my_actions")
    assert WHAT not in item.message and club_case.reference not in item.message
    assert items[f"actions:{person.code}"].owners == (officer.pk,)
    action_services.action_complete(actor=cwo, action=action, outcome="Done.")
    keys = {item.key for _, item in items_open_at(timezone.now())}
    assert f"actions:{action.code}" not in keys
    assert f"actions:{person.code}" in keys


def test_an_action_going_overdue_is_one_item_whose_overdue_time_has_passed(officer, club_case):
    """What the core's alerts read to escalate once: one stable key per action, its
    overdue time passed at the end of its due date, the same item on every run."""
    action = _for_bangor(officer, club_case, days=0)
    key = f"actions:{action.code}"
    end_of_today = dt.datetime.combine(
        action.due_on + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON
    )

    def items_at(when: dt.datetime) -> list[Any]:
        return [i for _, i in items_open_at(when) if i.key == key]

    before = items_at(end_of_today - dt.timedelta(minutes=1))
    assert len(before) == 1 and before[0].overdue_at > end_of_today - dt.timedelta(minutes=1)
    after = items_at(end_of_today + dt.timedelta(hours=1))
    later = items_at(end_of_today + dt.timedelta(days=3))
    assert len(after) == 1 and after == later, "one item, the same on every run"
    assert after[0].overdue_at <= end_of_today + dt.timedelta(hours=1)


def test_an_action_going_overdue_escalates_once_however_often_the_alerts_run(
    officer, cwo, rwo, nso, club_case
):
    """Bangor's welfare officers are told when it falls due, and the NSO once it is
    overdue: each once, though the command runs every few minutes."""
    from ttw_safeguarding.records.alerts import alerts_send
    from ttw_safeguarding.records.models import AlertSent

    action = _for_bangor(officer, club_case, days=1)
    key = f"actions:{action.code}"
    due = dt.datetime.combine(action.due_on, dt.time(9), tzinfo=LONDON)
    overdue = due + dt.timedelta(days=1)
    told = lambda stage: set(  # noqa: E731
        AlertSent.objects.filter(key=key, stage=stage).values_list("recipient__username", flat=True)
    )
    for minutes in (0, 5, 10):
        alerts_send(now=due + dt.timedelta(minutes=minutes))
    assert told(AlertSent.Stage.DUE) == {cwo.username, rwo.username}
    assert not told(AlertSent.Stage.OVERDUE)
    for minutes in (0, 5, 10):
        alerts_send(now=overdue + dt.timedelta(minutes=minutes))
    assert nso.username in told(AlertSent.Stage.OVERDUE)
    assert (
        AlertSent.objects.filter(key=key, stage=AlertSent.Stage.OVERDUE, recipient=nso).count() == 1
    )
    nso_told = Notification.objects.filter(recipient=nso, url=reverse("cases:my_actions"))
    assert nso_told.count() == 1
    # Once done, nothing more is sent for it.
    action_services.action_complete(actor=cwo, action=action, outcome="Rang them.")
    sent_for_it = AlertSent.objects.filter(key=key).count()
    alerts_send(now=overdue + dt.timedelta(days=2))
    assert AlertSent.objects.filter(key=key).count() == sent_for_it


# --- query counts -------------------------------------------------------------------


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _many(officer, case: Case, count: int) -> None:
    adult = case_services.adult_add(
        actor=officer, case=case, name=f"Adult {count}", role_in_ttw="volunteer"
    )
    assert adult.person is not None and case.club is not None
    start = timezone.now()
    for n in range(count):
        record, kind = (adult.person, "adult") if n % 3 == 0 else (case, "case")
        if n % 2:
            with time_machine.travel(start - dt.timedelta(days=30), tick=False):
                _add(officer, record, kind=kind, days=n % 7, assignee_club=case.club)
        else:
            _add(officer, record, kind=kind, days=n % 7, assignee=officer)


def test_my_actions_and_the_case_page_cost_the_same_with_5_and_500_actions(
    client_for, officer, cwo, club_case
):
    pages = [
        (client_for(cwo), reverse("cases:my_actions")),
        (client_for(cwo), reverse("cases:detail", args=[club_case.code])),
        (client_for(cwo), reverse("home")),
        (client_for(officer), reverse("cases:my_actions")),
        (client_for(officer), reverse("cases:detail", args=[club_case.code])),
        (client_for(officer), reverse("home")),
    ]
    _many(officer, club_case, 5)
    for c, url in pages:
        c.get(url)  # the session's first read
    few = [_queries(c, url) for c, url in pages]
    _many(officer, club_case, 495)
    assert Action.objects.count() == 500
    assert [_queries(c, url) for c, url in pages] == few


def test_adding_and_completing_are_in_the_audit_log_with_who_acted(officer, cwo, club_case):
    from auditlog.models import LogEntry

    action = _for_bangor(officer, club_case)
    done = action_services.action_complete(actor=cwo, action=action, outcome="Done.")
    added = LogEntry.objects.get_for_object(action).get()
    completed = LogEntry.objects.get_for_object(done).get()
    assert (added.action, added.actor) == (LogEntry.Action.CREATE, officer)
    assert (completed.action, completed.actor) == (LogEntry.Action.CREATE, cwo)

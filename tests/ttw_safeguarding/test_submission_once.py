"""A form that records something records it once (a retry, a double click, the back button),
and a person is never told that something failed when it was recorded.

Sam (staff) reports concerns and sees only his own; Olivia (officer) records share decisions.
"""

from __future__ import annotations

import re
import uuid

import pytest
from auditlog.models import LogEntry
from django.db import OperationalError, connection
from django.urls import resolve, reverse
from django.utils import timezone

from cases import services as cases_services
from cases.models import AdultSubjectToAllegation, Case, CaseNote, Child, Concern, Referral
from sharing.models import ShareDecision
from tests.cases.conftest import concern_fields
from tests.sharing.conftest import consented_share_fields
from tests.sharing.test_share_decision import ANSWERS, _post_step
from tests.ttw_safeguarding.access_registry import REGISTRY
from tests.ttw_safeguarding.test_access_matrix import _sample_kwargs, _url_patterns
from ttw_safeguarding.records import submissions
from ttw_safeguarding.records.decisions import decision_record, verify_chain
from ttw_safeguarding.records.models import Decision, Submission, WrittenReport

pytestmark = pytest.mark.django_db

KEY = re.compile(r'name="(?:[\w-]+-)?submission_key" value="([0-9a-f-]{36})"')
NEW_CHILD = {"child": "new", "child-name": "Alex Example", "child-approximate_age": "9"}

# Mutating pages whose repeat records nothing twice, each with the reason; every other
# mutating page records once.
EXEMPT = {
    "logout": "signs out; a repeat signs out again",
    "two_factor:setup": "sign-in step: a code is accepted once by the device itself",
    "two_factor:verify": "sign-in step: a code is accepted once by the device itself",
    "two_factor:backup_codes": "the person's own new codes replace the old; nothing recorded",
    "media_contacts:email_retry": "queues the failed e-mails again; a repeat finds none failed",
    "decisions:detail": "a page that is read; its forms post to their own recording pages",
    "decisions:report": "downloads the written report; nothing recorded",
    # Account administration: audited account changes, not records about a child, and
    # refused when repeated.
    "accounts:roles": "a repeated grant is refused (ALREADY_HELD); a repeated removal "
    "finds the role gone, changes nothing and logs nothing",
    "accounts:role_request_decide": "a decided request is refused (REQUEST_DECIDED)",
    # The code is shown once, in the response a double click throws away: the repeat must
    # show a code that works, so it issues a fresh one (audited) that replaces the first.
    "accounts:second_factor_reset": "a repeat shows a working enrolment code",
    # A person's own notifications: marking read again finds them read and changes nothing;
    # saving the same digest choice again leaves it as it is. Nothing is recorded.
    "alerts:read": "a notification already read stays read; nothing recorded",
    "alerts:read_all": "a repeat finds nothing unread; nothing recorded",
    "alerts:settings": "the same choice saved again leaves it as it is; nothing recorded",
}


def _key_on(page: str) -> str:
    found = KEY.findall(page)
    assert len(found) == 1, "the form carries one submission key"
    return found[0]


def _concern_form(client) -> tuple[str, dict]:
    page = client.get(reverse("cases:concern_new") + "?child=new").content.decode()
    key = _key_on(page)
    return key, concern_fields(**NEW_CHILD, submission_key=key)


def test_every_recording_page_records_once():
    problems = []
    for name, _namespaces, converters in _url_patterns():
        entry = REGISTRY.get(name)
        if entry is None or not entry.mutating or name in EXEMPT:
            continue
        view = resolve(reverse(name, kwargs=_sample_kwargs(converters))).func
        if not getattr(view, "records_once", False):
            problems.append(f"{name}: wrap the view in @submissions.recording")
    assert not problems, "\n".join(problems)


def test_a_double_submit_of_the_concern_form_records_once(
    client_for, staff, django_capture_on_commit_callbacks
):
    sam = client_for(staff)
    key, data = _concern_form(sam)
    # Shown twice, the form carries two different keys: two reports are two concerns.
    assert _concern_form(sam)[0] != key

    with django_capture_on_commit_callbacks(execute=True):
        first = sam.post(reverse("cases:concern_new"), data)
    with django_capture_on_commit_callbacks(execute=True):
        again = sam.post(reverse("cases:concern_new"), data, follow=True)

    concern = Concern.objects.get()
    assert Child.objects.count() == 1  # the new child is not made twice either
    assert first.url == reverse("cases:concern_submitted", args=[concern.code])
    assert again.redirect_chain == [(first.url, 302)]
    when = timezone.localtime(concern.recorded_at)
    assert f"This was already recorded at {when:%H:%M}" in again.content.decode()
    assert "it was not recorded again" in again.content.decode()
    assert Submission.objects.get().decision_id == concern.pk
    assert verify_chain() == 1


def test_a_refused_submit_keeps_its_key_so_the_corrected_one_records(
    client_for, staff, django_capture_on_commit_callbacks
):
    sam = client_for(staff)
    key, data = _concern_form(sam)
    refused = sam.post(reverse("cases:concern_new"), {**data, "facts": ""})
    assert refused.status_code == 200
    assert _key_on(refused.content.decode()) == key
    with django_capture_on_commit_callbacks(execute=True):
        recorded = sam.post(reverse("cases:concern_new"), data)
    assert recorded.status_code == 302
    assert Concern.objects.count() == 1


def test_the_same_key_twice_under_the_lock_records_once(case, officer):
    """Two submits in flight at once: the second waits for the chain lock, then finds the first."""
    key = uuid.uuid4()

    def referral() -> Referral:
        return Referral(
            case=case,
            outcome="Referred to the police",
            reason="Threshold met",
            agency="police",
            agency_contact="Desk",
            referred_at=timezone.now(),
            method="phone",
            information_shared="The concern",
        )

    first = decision_record(referral(), actor=officer, submission_key=key)
    with pytest.raises(submissions.AlreadyRecorded) as repeated:
        decision_record(referral(), actor=officer, submission_key=key)
    assert repeated.value.decision is not None
    assert repeated.value.decision.pk == first.pk
    assert Decision.objects.count() == 1
    assert WrittenReport.objects.count() == 1
    # Without a key (a service called by a command), nothing is deduplicated.
    decision_record(referral(), actor=officer)
    assert Decision.objects.count() == 2


def test_a_double_submit_of_a_share_decision_records_once(
    client_for, officer, case, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    # P6.8: "consent given" cites the case's given consent record.
    record = consented_share_fields(case, officer)["consent_record"]
    answers = {**ANSWERS, "consent": {"consent": "given", "consent_record": str(record.code)}}
    for step, data in answers.items():
        if step in ("justification", "check"):
            continue
        response = _post_step(client, case, step, data)
    assert response.context["wizard"]["steps"].current == "check"
    key = _key_on(response.content.decode())

    with django_capture_on_commit_callbacks(execute=True):
        first = _post_step(client, case, "check", {"submission_key": key})
    with django_capture_on_commit_callbacks(execute=True):
        again = _post_step(client, case, "check", {"submission_key": key})

    decision = ShareDecision.objects.get()
    assert first.url == again.url == reverse("decisions:detail", args=[decision.code])
    page = client.get(again.url).content.decode()
    assert "This was already recorded at" in page
    # One share decision, beside the consent record it cites.
    assert Decision.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_database_failure_after_commit_never_tells_the_reporter_it_failed(
    roles_after_flush, client_for, staff, settings, monkeypatch
):
    """The database goes away the moment the concern is committed: the reporter is sent to
    the concern, not shown "Bad Request" and invited to report it again."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sam = client_for(staff)
    key, data = _concern_form(sam)
    committed = []
    real_commit = connection.commit

    def commit_then_lose_the_database() -> None:
        real_commit()
        committed.append(True)

    def database_gone(execute, sql, params, many, context):
        if committed:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    monkeypatch.setattr(connection, "commit", commit_then_lose_the_database)
    with connection.execute_wrapper(database_gone):
        response = sam.post(reverse("cases:concern_new"), data)
    monkeypatch.undo()

    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:concern_submitted", args=[concern.code])
    # The report could not even be queued: it is pending, and found once stuck.
    assert WrittenReport.objects.get(decision=concern).state == WrittenReport.State.PENDING
    # The reporter, unsure, submits again once the database is back: still one concern.
    again = sam.post(reverse("cases:concern_new"), data, follow=True)
    assert "This was already recorded at" in again.content.decode()
    assert Concern.objects.count() == 1


def _double_post(client, url: str, data: dict) -> tuple:
    """Show the form, then submit it twice with the key it carried (a double click)."""
    key = _key_on(client.get(url).content.decode())
    data = {**data, "submission_key": key}
    first = client.post(url, data)
    again = client.post(url, data, follow=True)
    assert first.status_code == 302, "the first submit records"
    assert again.redirect_chain == [(first.url, 302)], "the repeat is sent where the first went"
    return key, first, again


def _told_already_recorded(again, submission: Submission) -> None:
    when = timezone.localtime(submission.submitted_at)
    page = again.content.decode()
    assert f"This was already recorded at {when:%H:%M}" in page
    assert "it was not recorded again" in page


def test_a_double_submit_of_a_case_note_records_once(client_for, officer, case):
    url = reverse("cases:note_add", args=[case.code])
    key, _first, again = _double_post(client_for(officer), url, {"text": "Spoke to the school."})
    note = CaseNote.objects.get(case=case)
    submission = Submission.objects.get(key=key)
    assert submission.record == note and submission.decision is None
    _told_already_recorded(again, submission)


def test_a_double_submit_of_a_case_update_records_once(client_for, officer, officer2, case):
    url = reverse("cases:update", args=[case.code])
    key, _first, again = _double_post(
        client_for(officer),
        url,
        {"owner": officer2.pk, "risk_level": "low", "status": "monitoring", "why": "Fallen."},
    )
    note = CaseNote.objects.get(case=case)
    assert "risk level" in note.text
    assert (
        LogEntry.objects.filter(
            action=LogEntry.Action.UPDATE, object_pk=str(case.pk), content_type__model="case"
        ).count()
        == 1
    )
    case.refresh_from_db()
    assert (case.owner, case.status) == (officer2, Case.Status.MONITORING)
    submission = Submission.objects.get(key=key)
    assert submission.record == note
    _told_already_recorded(again, submission)


ADULT = {"name": "Pat Coach", "role_in_ttw": "volunteer"}


def test_a_double_submit_of_an_adult_records_one_adult(client_for, officer, case):
    url = reverse("cases:adult_add", args=[case.code])
    key, _first, again = _double_post(client_for(officer), url, ADULT)
    adult = AdultSubjectToAllegation.objects.get(case=case)
    submission = Submission.objects.get(key=key)
    assert submission.record == adult
    _told_already_recorded(again, submission)


def test_a_double_submit_of_an_adult_edit_records_once(client_for, officer, case):
    olivia = client_for(officer)
    olivia.post(reverse("cases:adult_add", args=[case.code]), ADULT)
    adult = AdultSubjectToAllegation.objects.get()
    url = reverse("cases:adult_edit", args=[adult.code])
    key, _first, again = _double_post(
        olivia, url, {**ADULT, "role_in_ttw": "staff", "statutory_investigation": "on"}
    )
    adult.refresh_from_db()
    assert adult.role_in_ttw == "staff" and adult.statutory_investigation
    assert (
        LogEntry.objects.filter(
            action=LogEntry.Action.UPDATE,
            object_pk=str(adult.pk),
            content_type__model="adultsubjecttoallegation",
        ).count()
        == 1
    )
    submission = Submission.objects.get(key=key)
    assert submission.record == adult
    _told_already_recorded(again, submission)


def test_the_same_key_twice_in_a_service_records_one_note(case, officer):
    """Two submits in flight at once: the unique key refuses the second, and its note with it."""
    key = uuid.uuid4()
    with submissions.submitted_with(key):
        first = cases_services.case_note_add(actor=officer, case=case, text="Once.")
    with pytest.raises(submissions.AlreadyRecorded) as repeated:
        with submissions.submitted_with(key):
            cases_services.case_note_add(actor=officer, case=case, text="Once.")
    assert repeated.value.submission.record == first
    assert CaseNote.objects.count() == 1


def test_a_double_submit_of_a_share_back_to_the_club_records_once(client_for, officer, cwo):
    from cases.models import ClubShareBack

    concern = cases_services.concern_record(
        actor=cwo,
        new_child=cases_services.NewChild(name="Alex Example", approximate_age=9),
        club=cwo.welfare_clubs.get().club,
        occurred_at=timezone.now(),
        facts="The child said a coach shouted at them.",
        categories=["emotional"],
        is_urgent=False,
    )
    case = cases_services.concern_triage(
        actor=officer,
        concern=concern,
        case=None,
        owner=officer,
        risk_level=Case.Risk.MEDIUM,
        status=Case.Status.OPEN,
        meets_referral_threshold=False,
        threshold_rationale="",
        reason="A case for the club's concern.",
    ).case
    assert case is not None
    url = reverse("cases:share_back_add", args=[case.code])
    data = {"share_kind": "note", "text": "The parents know.", "reason": "The club supports."}
    key, _first, again = _double_post(client_for(officer), url, data)
    shared = ClubShareBack.objects.get(case=case)
    submission = Submission.objects.get(key=key)
    assert submission.decision is not None and submission.decision.pk == shared.pk
    _told_already_recorded(again, submission)

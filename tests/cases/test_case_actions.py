"""Triage into an existing case, case changes and notes, adults subject to an allegation,
the child search, and the access ladder of every page that changes something."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.models import AdultSubjectToAllegation, Case, CaseNote, Triage
from sharing import policy
from ttw_safeguarding.records.models import Decision, ImmutableRecordError

pytestmark = pytest.mark.django_db


def test_second_concern_joins_the_childs_existing_case(
    client_for, staff, officer, record_concern, triage_concern
):
    first = record_concern(staff)
    case = triage_concern(officer, first).case
    second = record_concern(staff, child=case.child)
    response = client_for(officer).post(
        reverse("cases:triage", args=[second.code]),
        {
            "case_choice": "existing",
            "case": case.pk,
            "owner": officer.pk,
            "risk_level": "critical",
            "status": "open",
            "reason": "A second injury: the risk is higher.",
        },
    )
    assert response.status_code == 302
    triage = Triage.objects.get(concern=second)
    assert triage.case == case and not triage.opens_case
    case.refresh_from_db()
    assert case.risk_level == "critical" and Case.objects.count() == 1


def test_a_concern_is_triaged_once(staff, officer, record_concern, triage_concern):
    concern = record_concern(staff)
    triage_concern(officer, concern)
    with pytest.raises(ValidationError) as refused:
        triage_concern(officer, concern)
    assert refused.value.messages[0].startswith("Already recorded by Olivia on ")
    assert Triage.objects.count() == 1 and Case.objects.count() == 1


def test_threshold_needs_its_rationale(client_for, staff, officer, record_concern):
    concern = record_concern(staff)
    response = client_for(officer).post(
        reverse("cases:triage", args=[concern.code]),
        {
            "case_choice": "new",
            "owner": officer.pk,
            "risk_level": "high",
            "status": "open",
            "meets_referral_threshold": "on",
            "reason": "Serious.",
        },
    )
    assert response.status_code == 200
    assert policy.THRESHOLD_RATIONALE_REQUIRED in response.content.decode()
    assert not Triage.objects.exists() and not Case.objects.exists()


def test_changing_a_case_writes_a_note_and_an_audit_entry_with_the_actor(
    client_for, staff, officer, officer2, record_concern, triage_concern
):
    case = triage_concern(officer, record_concern(staff)).case
    response = client_for(officer).post(
        reverse("cases:update", args=[case.code]),
        {
            "owner": officer2.pk,
            "risk_level": "low",
            "status": "monitoring",
            "why": "Oscar knows the family; the risk has fallen.",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.owner, case.risk_level, case.status) == (officer2, "low", "monitoring")
    note = CaseNote.objects.get(case=case)
    assert "risk level: High to Low" in note.text and "Oscar knows the family" in note.text
    entry = LogEntry.objects.filter(
        action=LogEntry.Action.UPDATE, object_pk=str(case.pk), content_type__model="case"
    ).latest("timestamp")
    assert entry.actor == officer
    assert "risk_level" in entry.changes_dict


def test_the_threshold_once_met_is_not_withdrawn(officer, threshold_case):
    with pytest.raises(ValidationError) as refused:
        services.case_update(
            actor=officer,
            case=threshold_case,
            owner=officer,
            risk_level="low",
            status="open",
            meets_referral_threshold=False,
            threshold_rationale="",
            why="Changed my mind.",
        )
    assert policy.THRESHOLD_CANNOT_BE_WITHDRAWN in str(refused.value)
    threshold_case.refresh_from_db()
    assert threshold_case.meets_referral_threshold


def test_notes_are_added_and_never_changed(client_for, officer, case):
    response = client_for(officer).post(
        reverse("cases:note_add", args=[case.code]), {"text": "Spoke to the school."}
    )
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert note.written_by == officer
    note.text = "Rewritten"
    with pytest.raises(ImmutableRecordError):
        note.save()
    with pytest.raises(ImmutableRecordError):
        CaseNote.objects.all().update(text="x")
    with pytest.raises(ImmutableRecordError):
        note.delete()


def test_adult_subject_to_allegation_is_added_and_changed(client_for, officer, case):
    olivia = client_for(officer)
    url = reverse("cases:adult_add", args=[case.code])
    response = olivia.post(
        url,
        {"name": "Pat Coach", "role_in_ttw": "volunteer", "works_with_children_elsewhere": "on"},
    )
    assert response.status_code == 200
    assert policy.ADULT_ORGANISATIONS_REQUIRED in response.content.decode()
    assert not AdultSubjectToAllegation.objects.exists()
    response = olivia.post(
        url,
        {
            "name": "Pat Coach",
            "role_in_ttw": "volunteer",
            "works_with_children_elsewhere": "on",
            "other_organisations": "Riverside Swimming Club",
            "subject_to_mappa": "on",
        },
    )
    assert response.status_code == 302
    adult = AdultSubjectToAllegation.objects.get()
    assert adult.case == case and adult.subject_to_mappa and not adult.statutory_investigation
    page = olivia.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert "Pat Coach" in page and "Riverside Swimming Club" in page

    response = olivia.post(
        reverse("cases:adult_edit", args=[adult.code]),
        {
            "name": "Pat Coach",
            "role_in_ttw": "staff",
            "other_organisations": "",
            "statutory_investigation": "on",
        },
    )
    assert response.status_code == 302
    adult.refresh_from_db()
    assert adult.role_in_ttw == "staff" and adult.statutory_investigation
    assert LogEntry.objects.filter(
        action=LogEntry.Action.UPDATE, object_pk=str(adult.pk), actor=officer
    ).exists()


def test_staff_find_no_child_and_officers_search_by_part_of_a_name(
    client_for, staff, officer, child
):
    sam = client_for(staff)
    url = reverse("cases:concern_new")
    # Staff type the child's details; whole names, references and codes show nothing.
    for asked in ("?q=Test", "?q=test child", f"?q={child.reference}", f"?child={child.code}"):
        page = sam.get(url + asked).content.decode()
        assert child.reference not in page and "Test Child" not in page
    assert sam.get(url + "?child=not-a-code").status_code == 200
    # Officers may search by part of a name; a code that is not a child is a 404, not a 500.
    olivia = client_for(officer)
    assert child.reference in olivia.get(url + "?q=Test").content.decode()
    assert olivia.get(url + "?child=not-a-code").status_code == 404


MUTATING = [
    "cases:update",
    "cases:note_add",
    "cases:referral_add",
    "cases:close",
    "cases:adult_add",
]


@pytest.mark.parametrize("name", MUTATING)
def test_the_access_ladder_of_pages_that_change_a_case(
    client, client_for, staff, officer, case, name
):
    url = reverse(name, args=[case.code])
    # Anonymous: sent to sign in.
    response = client.post(url, {"text": "x", "reason": "x"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    # Staff may not manage cases: 403, and nothing is recorded.
    assert client_for(staff).post(url, {"text": "x", "reason": "x"}).status_code == 403
    # A case that does not exist (or may not be seen): 404.
    unknown = reverse(name, args=["00000000-0000-4000-8000-000000000000"])
    assert client_for(officer).post(unknown, {"text": "x", "reason": "x"}).status_code == 404
    assert not Decision.objects.exists() and not CaseNote.objects.exists()


def test_the_access_ladder_of_triage(client, client_for, staff, staff2, officer, record_concern):
    concern = record_concern(staff)
    url = reverse("cases:triage", args=[concern.code])
    assert client.post(url, {}).status_code == 302
    # Even the reporter may not triage their own concern.
    assert client_for(staff).post(url, {}).status_code == 403
    assert client_for(staff2).get(url).status_code == 403
    assert client_for(officer).get(url).status_code == 200
    assert not Triage.objects.exists()

"""Merging two records of one child (P6.11): an officer's decision, with its reason.

Olivia (officer) sees on Megan's page that Megan Prichard, born the same day, may be the
same child, and merges that record into Megan's: the decision is recorded once, with its
written report; Megan's page then lists the cases of both; nothing is deleted. Sam (staff)
and Ceri (a club's welfare officer) never reach the merge.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, Child, ChildMerge
from sharing import policy
from tests.conftest import pdf_text
from ttw_safeguarding.records.models import Decision, WrittenReport

pytestmark = pytest.mark.django_db

BORN = dt.date(2014, 5, 6)


def _child(name: str, by, born: dt.date | None = BORN) -> Child:
    return Child.objects.create(
        name=name, date_of_birth=born, reference=services.reference_next(prefix="C"), created_by=by
    )


@pytest.fixture
def megan(staff) -> Child:
    return _child("Megan Pritchard", staff)


@pytest.fixture
def duplicate(staff, officer) -> Child:
    """Megan recorded a second time, with a case of her own."""
    child = _child("Megan Prichard", staff)
    Case.objects.create(
        reference=services.reference_next(prefix="CASE"),
        child=child,
        owner=officer,
        opened_by=officer,
    )
    return child


def test_the_policy_wants_a_reason_and_two_different_unmerged_records():
    def problems(**overrides):
        facts: dict[str, Any] = {
            "same_child": False,
            "merged_is_merged": False,
            "keep_is_merged": False,
            "reason": "The same child.",
        }
        facts.update(overrides)
        return [p.message for p in policy.child_merge_problems(**facts)]

    assert problems() == []
    assert problems(reason=" ") == [policy.REASON_REQUIRED]
    assert problems(same_child=True) == [policy.CHILD_MERGE_SAME_CHILD]
    assert problems(merged_is_merged=True) == [policy.CHILD_MERGE_ALREADY_MERGED]
    assert problems(keep_is_merged=True) == [policy.CHILD_MERGE_KEEP_MERGED]


def test_an_officer_merges_a_likely_duplicate_and_its_cases_show_under_the_kept_child(
    megan, duplicate, officer, client_for, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    page = client.get(reverse("cases:child_detail", args=[duplicate.code])).content.decode()
    assert reverse("cases:child_merge", args=[duplicate.code]) in page
    children_before = Child.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cases:child_merge", args=[duplicate.code]),
            {"keep": str(megan.code), "reason": "Same school, same parents, one spelling wrong."},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:child_detail", args=[megan.code])
    merge = ChildMerge.objects.get()
    assert (merge.keep, merge.merged, merge.recorded_by) == (megan, duplicate, officer)
    assert merge.clauses == ["P6.11"]
    assert Child.objects.count() == children_before  # nothing deleted
    kept = client.get(reverse("cases:child_detail", args=[megan.code])).content.decode()
    assert reverse("cases:detail", args=[duplicate.cases.get().code]) in kept
    assert "Merged into this record" in kept
    merged = client.get(reverse("cases:child_detail", args=[duplicate.code])).content.decode()
    assert "This record is merged into" in merged
    # The decision's page opens for the officer, with its written report (P6.9).
    assert client.get(reverse("decisions:detail", args=[merge.code])).status_code == 200
    report = WrittenReport.objects.get(decision=merge)
    assert report.state == WrittenReport.State.READY
    with report.pdf.open("rb") as fh:
        text = pdf_text(fh.read())
    assert "Megan Prichard" in text and "Megan Pritchard" in text


def test_a_child_is_merged_once(megan, duplicate, officer):
    services.child_merge_record(actor=officer, merged=duplicate, keep=megan, reason="Same.")
    with pytest.raises(Exception):  # noqa: B017 - the policy's ValidationError
        services.child_merge_record(actor=officer, merged=duplicate, keep=megan, reason="Again.")
    assert ChildMerge.objects.count() == 1


def test_a_merge_without_a_reason_records_nothing(megan, duplicate, officer, client_for):
    decisions = Decision.objects.count()
    response = client_for(officer).post(
        reverse("cases:child_merge", args=[duplicate.code]), {"keep": str(megan.code)}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert Decision.objects.count() == decisions


def test_only_a_likely_duplicate_may_be_chosen(duplicate, officer, staff, client_for):
    stranger = _child("Tomos Evans", staff)
    response = client_for(officer).post(
        reverse("cases:child_merge", args=[duplicate.code]),
        {"keep": str(stranger.code), "reason": "Same."},
    )
    assert response.status_code == 200
    assert not ChildMerge.objects.exists()


def test_nobody_but_officers_and_the_nso_reaches_the_merge(
    megan, duplicate, staff, cwo, client_for
):
    for user in (staff, cwo):
        url = reverse("cases:child_merge", args=[duplicate.code])
        assert client_for(user).get(url).status_code == 403
        assert (
            client_for(user).post(url, {"keep": str(megan.code), "reason": "x"}).status_code == 403
        )
    assert not ChildMerge.objects.exists()

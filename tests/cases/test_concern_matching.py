"""A person who may only record concerns never learns whether a child is known to TTW.

Sam (staff) types the child's details; nothing he sends (a search term, a child's code, a
reference) changes what he is shown. Olivia (officer) matches the concern to the known child
at triage, from the likely matches she is shown, and the triage records the match.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from cases import selectors, services
from cases.models import Child, Concern, Triage
from tests.cases.conftest import concern_fields

pytestmark = pytest.mark.django_db

KNOWN_NAME = "Robin Known-Child"


@pytest.fixture
def known(officer, record_concern, triage_concern) -> Child:
    """A child already on record, with a case opened from an earlier concern."""
    concern = record_concern(
        officer,
        new_child=services.NewChild(name=KNOWN_NAME, date_of_birth=dt.date(2015, 4, 2)),
    )
    triage_concern(officer, concern)
    return concern.child


def _page(response) -> str:
    """The page as a person sees it, without the per-request CSRF token and the one-time
    submission key (both fresh on every page shown)."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return re.sub(r'name="submission_key" value="[^"]+"', "", page)


def test_staff_concern_form_is_the_same_for_a_known_and_an_unknown_child(client_for, staff, known):
    sam = client_for(staff)
    url = reverse("cases:concern_new")
    unknown = Child(name="Nobody", reference="C-2026-9999")
    asked = [
        ({"child": str(known.code)}, {"child": "00000000-0000-4000-8000-000000000000"}),
        ({"q": known.reference}, {"q": unknown.reference}),
        ({"q": KNOWN_NAME}, {"q": "Nobody At All"}),
    ]
    plain = _page(sam.get(url))
    for about_known, about_unknown in asked:
        known_page = _page(sam.get(url, about_known))
        assert known_page == _page(sam.get(url, about_unknown)) == plain
        assert KNOWN_NAME not in known_page and known.reference not in known_page


def test_staff_submission_never_uses_an_existing_child(
    client_for, staff, known, django_capture_on_commit_callbacks
):
    sam = client_for(staff)
    url = reverse("cases:concern_new")
    typed = {"child-name": "Robin Known-Child", "child-approximate_age": "10"}
    with django_capture_on_commit_callbacks(execute=True):
        naming_known = sam.post(url, concern_fields(child=str(known.code), **typed))
        naming_nobody = sam.post(url, concern_fields(child="new", **typed))
    assert naming_known.status_code == naming_nobody.status_code == 302
    first, second = Concern.objects.filter(recorded_by=staff).order_by("sequence")
    # Each report made a child record of its own, from what Sam typed.
    assert first.child != known and second.child != known and first.child != second.child
    assert first.child.approximate_age == 10
    for concern in (first, second):
        page = sam.get(reverse("cases:concern_submitted", args=[concern.code])).content.decode()
        assert known.reference not in page


def test_officer_triage_shows_the_likely_match_and_links_it(
    client_for, staff, officer, known, record_concern
):
    reported = record_concern(
        staff,
        new_child=services.NewChild(name="robin  known-child", approximate_age=10),
        facts="Robin said a coach at the second club shouted at him.",
    )
    unrelated = record_concern(
        staff, new_child=services.NewChild(name="Sky Other", approximate_age=8)
    )
    assert selectors.likely_matches(user=officer, concern=reported) == [known]
    assert selectors.likely_matches(user=staff, concern=reported) == []
    assert known not in selectors.likely_matches(user=officer, concern=unrelated)

    olivia = client_for(officer)
    url = reverse("cases:triage", args=[reported.code])
    page = olivia.get(url).content.decode()
    assert KNOWN_NAME in page and known.reference in page
    case = known.cases.get()
    response = olivia.post(
        url,
        {
            "child_choice": str(known.code),
            "case_choice": "existing",
            "case": str(case.pk),
            "owner": str(officer.pk),
            "risk_level": "high",
            "status": "open",
            "reason": "The same child as the open case: same name and age.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    triage = Triage.objects.get(concern=reported)
    # The concern is unchanged; the triage records the match, by the known child's case.
    assert triage.case == case and case.child == known
    assert f"matched to child {known.reference}" in triage.outcome
    assert Concern.objects.get(pk=reported.pk).child != known
    # Both chronologies show the concern under the known child.
    for name, code in (("cases:child_chronology", known.code), ("cases:chronology", case.code)):
        page = olivia.get(reverse(name, args=[code])).content.decode()
        assert "Robin said a coach at the second club shouted at him." in page, name


def test_officers_still_find_a_known_child_for_their_own_concern(client_for, officer, known):
    page = client_for(officer).get(reverse("cases:concern_new"), {"q": "Known"}).content.decode()
    assert KNOWN_NAME in page

"""Issue 7: staff see their own media records, read-only, and nobody else's.

Sam and Stella are staff: each sees only the approaches they recorded. Nadia (NSO)
handles every approach. Olivia (officer) sees decisions as the decision rule allows.
"""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from media_contacts import access as media_access
from media_contacts.services import media_handling_record
from tests.media_contacts.conftest import JOURNALIST

pytestmark = pytest.mark.django_db

MINE = reverse("media_contacts:mine")


def _detail(approach) -> str:
    return reverse("media_contacts:detail", args=[approach.code])


def test_staff_see_their_own_records_and_nobody_elses(
    client_for, staff, staff2, nso, record_approach
):
    sams = record_approach(staff, journalist_name="Sam's Journalist")
    stellas = record_approach(staff2, journalist_name="Stella's Journalist")
    sam = client_for(staff)

    mine = sam.get(MINE).content.decode()
    assert "Sam&#x27;s Journalist" in mine
    assert "Stella" not in mine
    assert sam.get(_detail(sams)).status_code == 200
    # Stella's record does not exist as far as Sam is concerned: page, decision page, report.
    assert sam.get(_detail(stellas)).status_code == 404
    assert sam.get(reverse("decisions:detail", args=[stellas.code])).status_code == 404
    assert sam.get(reverse("decisions:report", args=[stellas.code])).status_code == 404
    assert list(media_access.media_approaches_visible_to(staff)) == [sams]
    # Nor is it counted on Sam's home page.
    home = sam.get(reverse("home")).content.decode()
    assert f'{reverse("media_contacts:mine")}">My media records</a> (1)' in home


def test_staff_records_are_read_only(client_for, staff, nso, record_approach):
    approach = record_approach(staff)
    sam = client_for(staff)
    page = sam.get(_detail(approach)).content.decode()
    assert reverse("media_contacts:acknowledge", args=[approach.code]) not in page
    assert reverse("media_contacts:handle", args=[approach.code]) not in page
    assert reverse("decisions:amend", args=[approach.code]) not in page
    amend = sam.post(reverse("decisions:amend", args=[approach.code]), {"correction": "x"})
    assert amend.status_code == 403


def test_staff_see_the_acknowledgement_but_not_the_handling(
    client_for, staff, staff2, nso, record_approach, acknowledge
):
    approach = record_approach(staff)
    ack = acknowledge(approach, nso)
    handling = media_handling_record(
        approach=approach,
        actor=nso,
        handling="response",
        handled_at=timezone.now(),
        response="A statement from the chief executive.",
        reason="Agreed with the chief executive.",
    )
    sam = client_for(staff)
    page = sam.get(_detail(approach)).content.decode()
    assert "Acknowledged by Nadia" in page
    assert "chief executive" not in page
    assert sam.get(reverse("decisions:detail", args=[ack.code])).status_code == 200
    assert sam.get(reverse("decisions:detail", args=[handling.code])).status_code == 404
    # Stella sees neither Sam's approach nor its acknowledgement.
    stella = client_for(staff2)
    assert stella.get(reverse("decisions:detail", args=[ack.code])).status_code == 404
    # The NSO sees all of it.
    nso_page = client_for(nso).get(_detail(approach)).content.decode()
    assert "A statement from the chief executive." in nso_page


def test_every_read_of_an_approach_is_logged(client_for, staff, nso, record_approach):
    approach = record_approach(staff)
    client_for(nso).get(_detail(approach))
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, object_pk=str(approach.pk))
    assert entry.actor == nso
    assert entry.additional_data == {
        "what": "media approach page",
        "actor": {"username": "nadia", "name": "Nadia"},  # who acted, kept on the entry
    }


def test_nso_and_officer_open_any_approach_and_the_generic_page_links_back(
    client_for, staff, officer, nso, record_approach
):
    approach = record_approach(staff)
    for user in (nso, officer):
        client = client_for(user)
        assert JOURNALIST in client.get(_detail(approach)).content.decode()
        generic = client.get(reverse("decisions:detail", args=[approach.code])).content.decode()
        assert _detail(approach) in generic


def test_people_with_no_role_see_nothing(client, client_for, norole, staff, nso, record_approach):
    approach = record_approach(staff)
    assert client_for(norole).get(_detail(approach)).status_code == 403
    assert client_for(norole).get(MINE).status_code == 403
    for url in (_detail(approach), MINE):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_an_unknown_code_is_a_404(client_for, nso):
    url = reverse("media_contacts:detail", args=["00000000-0000-4000-8000-000000000000"])
    assert client_for(nso).get(url).status_code == 404


def test_nso_inbox_is_in_the_navigation_for_the_nso_only(client_for, staff, officer, nso):
    inbox = reverse("media_contacts:inbox")
    assert inbox in client_for(nso).get(MINE).content.decode()
    for user in (staff, officer):
        assert inbox not in client_for(user).get(MINE).content.decode()

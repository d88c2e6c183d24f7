"""Lists and pages whose number of queries must not grow with the data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def grow(staff, officer, nso) -> Callable[[int], Case]:
    """Add ``n`` concerns (each triaged into its own case, with a note and an adult).

    Through the services but without their after-commit work: written reports are
    not what these tests count.
    """

    def _grow(n: int) -> Case:
        case = None
        when = timezone.now() - dt.timedelta(hours=1)
        for number in range(n):
            concern = services.concern_record(
                actor=staff,
                new_child=services.NewChild(name=f"Child {number}", approximate_age=10),
                occurred_at=when,
                facts="Facts.",
                categories=["physical", "online"],
                is_urgent=number == 0,
            )
            services.concern_record(  # one left to triage
                actor=staff,
                child=concern.child,
                occurred_at=when,
                facts="More facts.",
                categories=["bullying"],
                is_urgent=False,
            )
            at_threshold = number % 3 == 0
            case = services.concern_triage(
                actor=officer,
                concern=concern,
                case=None,
                owner=officer if number % 2 else nso,
                risk_level="high",
                status="open",
                meets_referral_threshold=at_threshold,
                threshold_rationale="Threshold met." if at_threshold else "",
                reason="Triage reason.",
            ).case
            assert case is not None
            services.case_note_add(actor=officer, case=case, text=f"Note {number}")
            services.adult_add(
                actor=officer, case=case, name=f"Adult {number}", role_in_ttw="volunteer"
            )
        assert case is not None
        return case

    return _grow


PAGES = [
    ("cases:list", "?status=open&risk=high&category=physical"),
    ("cases:list", "?overdue=on&q=Child"),
    ("cases:children", "?q=Child"),
    ("cases:concerns", ""),
    ("cases:concerns", "?show=all"),
    ("home", ""),
]


@pytest.mark.parametrize(("name", "query"), PAGES)
def test_list_pages_use_the_same_queries_for_few_and_many_records(
    client_for, officer, grow, name, query
):
    olivia = client_for(officer)
    url = reverse(name) + query
    grow(2)
    few = _queries(olivia, url)
    grow(8)
    many = _queries(olivia, url)
    assert few == many, f"{name}{query}: {few} queries with few records, {many} with many"


def test_my_submissions_and_staff_home_use_the_same_queries(client_for, staff, grow):
    sam = client_for(staff)
    grow(2)
    few = [_queries(sam, reverse("cases:my_submissions")), _queries(sam, reverse("home"))]
    grow(8)
    many = [_queries(sam, reverse("cases:my_submissions")), _queries(sam, reverse("home"))]
    assert few == many


def test_case_child_and_chronology_pages_use_the_same_queries(client_for, officer, grow):
    olivia = client_for(officer)
    case = grow(1)

    def counts(case: Case) -> list[int]:
        return [
            _queries(olivia, reverse("cases:detail", args=[case.code])),
            _queries(olivia, reverse("cases:chronology", args=[case.code])),
            _queries(olivia, reverse("cases:child_detail", args=[case.child.code])),
            _queries(olivia, reverse("cases:child_chronology", args=[case.child.code])),
        ]

    few = counts(case)
    # More of everything on the same case and child.
    for number in range(6):
        services.case_note_add(actor=officer, case=case, text=f"More {number}")
        services.adult_add(actor=officer, case=case, name=f"More {number}", role_in_ttw="staff")
    grow(5)
    assert counts(case) == few


def test_case_list_filters(client_for, officer, nso, grow):
    grow(6)
    olivia = client_for(officer)
    body = olivia.get(reverse("cases:list") + f"?owner={nso.pk}").content.decode()
    nso_cases = Case.objects.filter(owner=nso)
    assert all(c.reference in body for c in nso_cases)
    assert not any(c.reference in body for c in Case.objects.filter(owner=officer))
    body = olivia.get(reverse("cases:list") + "?overdue=on").content.decode()
    overdue = Case.objects.filter(meets_referral_threshold=True)
    assert all(c.reference in body for c in overdue)
    assert not any(c.reference in body for c in Case.objects.filter(meets_referral_threshold=False))
    body = olivia.get(reverse("cases:list") + "?category=neglect").content.decode()
    assert "No cases match." in body
    body = olivia.get(reverse("cases:list") + "?q=Child 3").content.decode()
    assert "Child 3" in body and "Child 4" not in body
    # A forged filter value is a message on the form, never a 500.
    response = olivia.get(reverse("cases:list") + "?status=forged&owner=999999")
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()

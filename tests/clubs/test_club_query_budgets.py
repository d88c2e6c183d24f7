"""A welfare officer's lists make as many queries with 500 of their clubs' records as with 5.

As ``tests/test_query_budgets.py``, for the pages a club's and a region's welfare officer
opens: their clubs' concerns, their cases (and a search), a case and its chronology, home.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, Child
from tests.test_query_budgets import FEW, MANY, _assert_same, _measure

pytestmark = pytest.mark.django_db


def test_welfare_officers_pages_make_as_many_queries_with_500_records_as_with_5(
    cwo, rwo, officer, club_north, club_north2
):
    clubs = [club_north, club_north2]
    made = {"concerns": 0, "cases": 0}
    first: dict[str, Any] = {}

    def grow(count: int) -> None:
        for i in range(made["concerns"], count):
            concern = services.concern_record(
                actor=cwo if i % 2 == 0 else officer,
                club=club_north if i % 2 == 0 else club_north2,
                new_child=services.NewChild(name=f"Club Child {i:03d}", approximate_age=10),
                occurred_at=timezone.now() - dt.timedelta(hours=1, minutes=i),
                facts=f"Said a coach shouted ({i}).",
                categories=["emotional"],
                is_urgent=False,
            )
            if "case" not in first:
                first["case"] = services.concern_triage(
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
        made["concerns"] = max(count, made["concerns"])
        children = Child.objects.bulk_create(
            Child(name=f"Listed {i}", reference=f"C-W-{i:04d}", created_by=officer)
            for i in range(made["cases"], count)
        )
        Case.objects.bulk_create(
            Case(
                reference=f"CASE-W-{i:04d}",
                child=child,
                owner=officer,
                opened_by=officer,
                club=clubs[i % 2],
            )
            for i, child in zip(range(made["cases"], count), children, strict=True)
        )
        made["cases"] = max(count, made["cases"])

    clients = {}
    for person in (cwo, rwo):
        clients[person] = Client()
        clients[person].force_login(person)

    def pages() -> list[tuple[str, Any, str]]:
        case = first["case"]
        found: list[tuple[str, Any, str]] = []
        for who, person in (("club", cwo), ("region", rwo)):
            found += [
                (f"concerns, {who}", person, reverse("cases:concerns") + "?show=all"),
                (f"case list, {who}", person, reverse("cases:list")),
                (f"case search, {who}", person, reverse("cases:list") + "?q=Listed"),
                (f"case page, {who}", person, reverse("cases:detail", args=[case.code])),
                (f"chronology, {who}", person, reverse("cases:chronology", args=[case.code])),
                (f"home, {who}", person, reverse("home")),
                (f"my submissions, {who}", person, reverse("cases:my_submissions")),
            ]
        return found

    grow(FEW)
    few = _measure(pages(), clients, warm_up=True)
    grow(MANY)
    many = _measure(pages(), clients, warm_up=False)
    _assert_same(few, many)

"""Body-map mark rows as a browser sends them.

A browser submits every field of every mark row, the unused ones too: their
selects at their first choice ("Choose", an empty value) and their inputs empty.
Those rows are skipped; a row someone started to fill in is checked in full.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cases.models import Concern
from tests.cases.conftest import concern_fields

pytestmark = pytest.mark.django_db

MARK_FIELDS = ("side", "x", "y", "size", "colour", "description")


def _browser_post(**marks: dict[str, str]) -> dict[str, Any]:
    """The concern form with all three mark rows present, unused ones left as rendered."""
    data = concern_fields(
        **{"child": "new", "child-name": "Alex Example", "child-approximate_age": "9"}
    )
    for row in range(3):
        for name in MARK_FIELDS:
            data[f"marks-{row}-{name}"] = marks.get(f"row{row}", {}).get(name, "")
    return data


def test_unused_mark_rows_sent_by_a_browser_are_skipped(
    client_for, staff, django_capture_on_commit_callbacks
):
    filled = {
        "side": "front",
        "x": "60",
        "y": "120",
        "size": "about 3 cm",
        "colour": "red",
        "description": "Red mark on the upper arm",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(reverse("cases:concern_new"), _browser_post(row0=filled))
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert [mark["description"] for mark in concern.body_map] == ["Red mark on the upper arm"]


def test_a_mark_row_started_but_not_finished_is_refused_with_a_message(client_for, staff):
    response = client_for(staff).post(
        reverse("cases:concern_new"), _browser_post(row1={"side": "back", "colour": "blue"})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Body map mark 2" in page
    assert not Concern.objects.exists()

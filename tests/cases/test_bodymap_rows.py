"""Body-map mark rows as a browser sends them.

A browser submits every field of every mark row, the unused ones too: each select
with the option it shows (the selected one, or else the first) and the inputs
empty. The values are read from the form as rendered, so a select that showed a
real side or colour first would make every untouched row look filled in. Untouched
rows are skipped; a row someone started to fill in is checked in full.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from cases.models import Concern
from tests.cases.conftest import concern_fields

pytestmark = pytest.mark.django_db

MARK_FIELDS = ("side", "x", "y", "size", "colour", "description")


class _ShownSelects(HTMLParser):
    """The value each select of a page shows before anyone touches it."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: dict[str, str] = {}
        self._select: str | None = None
        self._first = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "select":
            self._select, self._first = attributes.get("name") or "", True
        elif tag == "option" and self._select is not None:
            if self._first or "selected" in attributes:
                self.shown[self._select] = attributes.get("value") or ""
            self._first = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def _browser_post(client: Any, **marks: dict[str, str]) -> dict[str, Any]:
    """The concern form with all three mark rows, the untouched ones as the page showed them."""
    form = client.get(reverse("cases:concern_new") + "?child=new").content.decode()
    selects = _ShownSelects()
    selects.feed(form)
    data = concern_fields(
        **{"child": "new", "child-name": "Alex Example", "child-approximate_age": "9"}
    )
    for row in range(3):
        for name in MARK_FIELDS:
            key = f"marks-{row}-{name}"
            data[key] = marks.get(f"row{row}", {}).get(name, selects.shown.get(key, ""))
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
    sam = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = sam.post(reverse("cases:concern_new"), _browser_post(sam, row0=filled))
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert [mark["description"] for mark in concern.body_map] == ["Red mark on the upper arm"]


def test_a_mark_row_started_but_not_finished_is_refused_with_a_message(client_for, staff):
    sam = client_for(staff)
    started = {"side": "back", "colour": "blue"}
    response = sam.post(reverse("cases:concern_new"), _browser_post(sam, row1=started))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Body map mark 2" in page
    assert not Concern.objects.exists()

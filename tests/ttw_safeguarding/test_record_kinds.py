"""The kinds of record that actions and files attach to: declared by their apps."""

from __future__ import annotations

import pytest
from django.http import Http404

from ttw_safeguarding.records.record_kinds import record_for_user, record_kinds


def test_each_app_declares_its_kinds() -> None:
    assert {"case", "decision", "adult"} <= set(record_kinds())


def test_an_unknown_kind_is_a_404() -> None:
    with pytest.raises(Http404):
        record_for_user(None, "no-such-kind", "x")

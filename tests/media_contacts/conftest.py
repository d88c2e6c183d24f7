"""Fixtures for media approaches: an approach recorded through the real service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

JOURNALIST = "Jo Newshound"
OUTLET = "The Daily Example"
REQUEST = "Whether a boy at the Riverside group was hurt by a volunteer"


def approach_form_data(**overrides: Any) -> dict[str, str]:
    """What a person fills in on the "Approached by the media?" page."""
    approached = timezone.localtime() - dt.timedelta(hours=1)
    data = {
        "approached_at": approached.strftime("%Y-%m-%dT%H:%M"),
        "journalist_name": JOURNALIST,
        "outlet": OUTLET,
        "phone": "+44 20 7946 0000",
        "email": "jo@daily.example",
        "other_contact": "",
        "contact_method": "phone",
        "information_wanted": REQUEST,
        "deadline": (approached + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "anything_said": "no",
        "what_was_said": "",
        "notes": "They called the office line and asked for the manager.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def record_approach(django_capture_on_commit_callbacks) -> Callable[..., Any]:
    """Record an approach through the service, running after-commit work (report, e-mail)."""
    from media_contacts.services import media_approach_record

    def _record(actor, **overrides: Any):
        fields: dict[str, Any] = {
            "approached_at": timezone.now() - dt.timedelta(hours=1),
            "journalist_name": JOURNALIST,
            "outlet": OUTLET,
            "phone": "+44 20 7946 0000",
            "email": "jo@daily.example",
            "contact_method": "phone",
            "information_wanted": REQUEST,
            "anything_said": False,
        }
        fields.update(overrides)
        with django_capture_on_commit_callbacks(execute=True):
            return media_approach_record(actor=actor, **fields)

    return _record


@pytest.fixture
def acknowledge(django_capture_on_commit_callbacks) -> Callable[..., Any]:
    from media_contacts.services import media_acknowledgement_record

    def _acknowledge(approach, actor, note: str = ""):
        with django_capture_on_commit_callbacks(execute=True):
            return media_acknowledgement_record(approach=approach, actor=actor, note=note)

    return _acknowledge


class FailingEmailBackend:
    """An e-mail server that is down: every send raises."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("mail server unreachable")


@pytest.fixture
def email_down(settings) -> None:
    settings.EMAIL_BACKEND = "tests.media_contacts.conftest.FailingEmailBackend"

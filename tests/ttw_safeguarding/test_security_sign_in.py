"""Signing in: lock-out after repeated failures, Argon2, password rules, short sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "Signing in is locked for this account"


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    # Argon2 is proved in test_security_settings.py; dozens of sign-ins here need not pay it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _try(c: Client, username: str, password: str, address: str = "10.0.0.1"):
    return c.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_lock_out_after_the_configured_number_of_failures(staff):
    assert django_settings.AXES_FAILURE_LIMIT == 5
    c = Client()
    for attempt in range(1, 5):
        response = _try(c, staff.username, f"wrong-{attempt}")
        assert response.status_code == 200, attempt
        assert "Please enter a correct username and password" in response.content.decode()
    fifth = _try(c, staff.username, "wrong-5")
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert LOCKED in page
    assert "30 minutes" in page
    assert page.count("<h1") == 1
    # Now even the right password, from anywhere, is refused.
    refused = _try(Client(), staff.username, PASSWORD, address="10.9.9.9")
    assert refused.status_code == 429
    assert "_auth_user_id" not in Client().session


def test_other_accounts_elsewhere_are_not_locked(staff, staff2):
    c = Client()
    for attempt in range(5):
        _try(c, staff.username, f"wrong-{attempt}")
    other = Client()
    response = _try(other, staff2.username, PASSWORD, address="10.0.0.2")
    assert response.status_code == 302
    assert other.get(reverse("home")).status_code == 200


def test_one_address_guessing_many_accounts_is_locked(make_user):
    c = Client()
    for n in range(5):
        _try(c, f"someone{n}", "Summer2026!", address="10.6.6.6")
    user = make_user("victor")
    assert _try(Client(), user.username, PASSWORD, address="10.6.6.6").status_code == 429


def test_the_lock_ends_after_the_cool_off(staff):
    c = Client()
    for attempt in range(5):
        _try(c, staff.username, f"wrong-{attempt}")
    assert _try(c, staff.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))
    assert _try(c, staff.username, PASSWORD).status_code == 302


def test_a_success_clears_earlier_failures(staff):
    c = Client()
    for attempt in range(4):
        _try(c, staff.username, f"wrong-{attempt}")
    assert _try(c, staff.username, PASSWORD).status_code == 302
    for attempt in range(4):
        assert _try(Client(), staff.username, f"again-{attempt}").status_code == 200


@pytest.mark.parametrize(
    "password", ["short-1", "password123456", "123456789012345", "sam-ttw-example"]
)
def test_weak_passwords_are_refused(staff, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=staff)


def test_session_ends_at_browser_close_and_after_30_idle_minutes(staff):
    c = Client()
    response = _try(c, staff.username, PASSWORD)
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["max-age"] == ""  # a browser-session cookie: gone when the browser closes
    assert c.session.get_expire_at_browser_close()
    assert c.session.get_expiry_age() == 30 * 60

    # Each request restarts the 30 minutes; 30 minutes of nothing ends the session.
    session = Session.objects.get(session_key=c.session.session_key)
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = c.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_activity_keeps_the_session_alive(staff):
    c = Client()
    _try(c, staff.username, PASSWORD)
    key = c.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    assert c.get(reverse("home")).status_code == 200
    renewed = Session.objects.get(pk=key).expire_date
    assert renewed > timezone.now() + dt.timedelta(minutes=29)


def test_an_over_long_username_is_refused_on_the_form(staff):
    # PostgreSQL refused the 100,000-character username in the lock-out record: a 500.
    response = _try(Client(), "x" * 100_000, PASSWORD)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not AccessAttempt.objects.exists()

"""Production settings: the deploy check is clean, two-factor is on without DEBUG, Argon2."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _production(**extra: str) -> dict[str, str]:
    # Nothing from this test run leaks in (browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEBUG", "TTW_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="safeguarding.ttw.example",
        DATABASE_URL="postgres://ttw@127.0.0.1:5432/ttw",
        DJANGO_SETTINGS_MODULE="ttw_safeguarding.settings",
        **EVIDENCE,
    )
    env.update(extra)
    return env


# The organisation's keys and the checkpoint log, outside the database (SECURITY.md).
EVIDENCE = {
    "TTW_CHECKPOINT_KEY_FILE": "/etc/ttw/checkpoint_key.pem",
    "TTW_CHECKPOINT_DIR": "/srv/ttw-checkpoints",
    "TTW_SIGNING_KEY_FILE": "/etc/ttw/signing_key.pem",
    "TTW_SIGNING_CERT_FILE": "/etc/ttw/signing_cert.pem",
}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_requires_two_factor_and_secure_cookies():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TTW_REQUIRE_2FA, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT)"
    )
    result = _run(["-c", code], _production())
    assert result.stdout.split() == ["True"] * 5, result.stderr


@pytest.mark.parametrize("name", sorted(EVIDENCE))
def test_production_refuses_to_start_without_the_keys_and_checkpoint_log(name):
    env = _production()
    del env[name]
    result = _run(["-c", "import django; django.setup()"], env)
    assert result.returncode != 0
    assert f"{name} must be set when DEBUG is off" in result.stderr


def test_demo_can_ask_for_two_factor():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TTW_REQUIRE_2FA)"
    )
    env = _production(DEBUG="true", TTW_REQUIRE_2FA="true")
    assert _run(["-c", code], env).stdout.strip() == "True"
    env = _production(DEBUG="true")
    assert _run(["-c", code], env).stdout.strip() == "False"


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(make_user, settings):
    from ttw_safeguarding import settings as configured

    assert configured.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    # The tests' quick hash (tests/conftest.py) gives way to what production uses.
    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS
    assert make_user("arthur").password.startswith("argon2$")


def test_sessions_are_short_and_cookies_http_only():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_SAVE_EVERY_REQUEST  # idle time, not time since sign-in
    assert settings.SESSION_COOKIE_HTTPONLY


def test_the_default_set_up_renders_nothing_in_the_request(tmp_path):
    """With nothing set (``make run``), reports and e-mails go to the worker's queue; every
    outside connection has a timeout; report files appear whole; a session that cannot be
    saved after a decision is recorded does not turn the answer into a failure."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEBUG", "TTW_", "DJANGO_", "DATABASE_URL", "TASKS_", "EMAIL_"))
    }
    env.update(TTW_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="ttw_safeguarding.settings")
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TASKS['default']['BACKEND'], s.EMAIL_TIMEOUT, s.STORAGES['default']['BACKEND'], "
        "s.SESSION_ENGINE, s.TTW_REPORT_STUCK_MINUTES, s.TTW_EMAIL_STUCK_MINUTES)"
    )
    assert _run(["-c", code], env).stdout.split() == [
        "django_tasks_db.DatabaseBackend",
        "10",
        "ttw_safeguarding.records.storage.AtomicFileSystemStorage",
        "ttw_safeguarding.records.sessions",
        "15",
        "15",
    ]
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['OPTIONS']['connect_timeout'])"
    )
    result = _run(["-c", code], _production())
    assert result.stdout.split() == ["5"], result.stderr

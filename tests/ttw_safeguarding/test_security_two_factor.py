"""Two-factor sign-in: officers, the NSO, CMG members and administrators are held at the
second factor (no record, no admin) until they enrol or enter a code; Staff are not."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from ttw_safeguarding.two_factor import WRONG_CODE, backup_codes_issue

pytestmark = pytest.mark.django_db

PRIVILEGED = ["officer", "nso", "cmg", "board", "sysadmin"]


@pytest.fixture(autouse=True)
def _require_2fa(settings):
    settings.TTW_REQUIRE_2FA = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _signed_in(user) -> Client:
    """A browser that signed in with the password only (the first factor)."""
    c = Client()
    response = c.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return c


def _code(device: TOTPDevice, offset: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=6, drift=offset)
    return f"{code:06d}"


def _shown_codes(c: Client) -> list[str]:
    return re.findall(
        r"<li>([a-z0-9]{8})</li>", c.get(reverse("two_factor:backup_codes")).content.decode()
    )


def _enrol(c: Client, user) -> list[str]:
    c.get(reverse("two_factor:setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = c.post(reverse("two_factor:setup"), {"token": _code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:backup_codes")
    return _shown_codes(c)


@pytest.mark.parametrize("persona", PRIVILEGED)
def test_each_privileged_role_is_held_at_the_second_factor(
    persona, request, record_referral, case, officer
):
    referral = record_referral(case, officer)
    user = request.getfixturevalue(persona)
    c = _signed_in(user)
    for url in [
        reverse("home"),
        reverse("decisions:detail", args=[referral.code]),
        reverse("decisions:report", args=[referral.code]),
        reverse("notifications"),
        reverse("admin:index"),
    ]:
        response = c.get(url)
        if url == reverse("admin:index") and persona != "sysadmin":
            assert response.status_code == 403  # not theirs at all
            continue
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor:setup")), url
        assert case.reference not in response.content.decode()


def test_staff_are_not_held(staff):
    c = _signed_in(staff)
    response = c.get(reverse("home"))
    assert response.status_code == 200


def test_nothing_is_held_when_the_setting_is_off(settings, officer):
    settings.TTW_REQUIRE_2FA = False
    assert _signed_in(officer).get(reverse("home")).status_code == 200


def test_a_forced_login_is_held_too(client_for, nso):
    # Not only the sign-in form: any session without a verified device.
    response = client_for(nso).get(reverse("audit:log"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:setup"))


def test_enrolment_shows_a_qr_code_and_backup_codes_then_admits(officer):
    c = _signed_in(officer)
    page = c.get(reverse("two_factor:setup"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'class="qr-code"' in html  # drawn on the server
    assert "<script>" not in html and " style=" not in html
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    wrong_code = "000000" if _code(device) != "000000" else "111111"
    wrong = c.post(reverse("two_factor:setup"), {"token": wrong_code})
    assert WRONG_CODE in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()

    time.sleep(1.1)  # a wrong code holds the device for a second (django-otp throttling)
    codes = _enrol(c, officer)
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=officer).count() == 10
    # Shown once only.
    assert not _shown_codes(c)
    assert c.get(reverse("home")).status_code == 200


def test_next_sign_in_asks_for_the_code_and_accepts_a_backup_code_once(officer):
    codes = _enrol(_signed_in(officer), officer)

    c = _signed_in(officer)
    held = c.get(reverse("notifications"))
    assert held["Location"].startswith(reverse("two_factor:verify"))
    assert reverse("two_factor:setup") not in held["Location"]
    # Only the password: enrolling a new phone is refused (it goes to verification).
    assert c.get(reverse("two_factor:setup"))["Location"] == reverse("two_factor:verify")

    ok = c.post(reverse("two_factor:verify"), {"token": codes[0], "next": "/notifications/"})
    assert ok.status_code == 302 and ok["Location"] == "/notifications/"
    assert c.get(reverse("notifications")).status_code == 200

    again = _signed_in(officer)
    reused = again.post(reverse("two_factor:verify"), {"token": codes[0]})
    assert reused.status_code == 200
    assert again.get(reverse("home")).status_code == 302


def test_the_authenticator_code_admits(nso):
    _enrol(_signed_in(nso), nso)
    device = TOTPDevice.objects.get(user=nso, confirmed=True)
    c = _signed_in(nso)
    # The enrolment used this time step's code, and a code works once: use the next step's.
    response = c.post(reverse("two_factor:verify"), {"token": _code(device, offset=1)})
    assert response.status_code == 302
    assert c.get(reverse("audit:log")).status_code == 200


def test_verification_never_redirects_off_site(sysadmin):
    codes = _enrol(_signed_in(sysadmin), sysadmin)
    c = _signed_in(sysadmin)
    response = c.post(
        reverse("two_factor:verify"), {"token": codes[1], "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")
    assert c.get(reverse("admin:index")).status_code == 200


def test_repeated_wrong_codes_are_throttled(cmg):
    codes = _enrol(_signed_in(cmg), cmg)
    c = _signed_in(cmg)
    # Each failure doubles the wait (1 s, 2 s, 4 s, ...): six make it over half a minute.
    for _ in range(6):
        c.post(reverse("two_factor:verify"), {"token": "12345678"})
    # While throttled even a right code is refused.
    response = c.post(reverse("two_factor:verify"), {"token": codes[2]})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()


def test_new_backup_codes_replace_the_old(officer):
    c = _signed_in(officer)
    old = _enrol(c, officer)
    response = c.post(reverse("two_factor:backup_codes"))
    assert response.status_code == 302
    new = _shown_codes(c)
    assert len(new) == 10 and not set(new) & set(old)
    fresh = _signed_in(officer)
    assert fresh.post(reverse("two_factor:verify"), {"token": old[0]}).status_code == 200


def test_backup_codes_need_a_verified_session(officer):
    backup_codes_issue(user=officer)
    c = _signed_in(officer)
    response = c.post(reverse("two_factor:backup_codes"))
    assert response.status_code == 302
    assert StaticToken.objects.filter(device__user=officer).count() == 10  # unchanged


def test_second_factor_pages_show_no_navigation(officer):
    html = _signed_in(officer).get(reverse("two_factor:setup")).content.decode()
    assert reverse("notifications") not in html
    assert "Sign out" in html

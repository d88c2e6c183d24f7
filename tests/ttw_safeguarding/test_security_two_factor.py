"""Two-factor sign-in: officers, the NSO, CMG members and administrators are held at the
second factor (no record, no admin) until they enrol or enter a code; Staff are not."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from ttw_safeguarding.records.accounts import ENROLMENT_CODE_WRONG
from ttw_safeguarding.records.two_factor import WRONG_CODE, backup_codes_issue

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


def _enrolment_code(user) -> str:
    """The one-time code an NSO (Neil) issues for ``user`` and hands over out of band."""
    from django.contrib.auth import get_user_model

    from ttw_safeguarding.records.accounts import enrolment_code_issue

    issuer, _ = get_user_model().objects.get_or_create(username="issuer")
    return enrolment_code_issue(user=user, actor=issuer)


def _give_enrolment_code(c: Client, user) -> None:
    response = c.post(reverse("two_factor:setup"), {"enrolment_code": _enrolment_code(user)})
    assert response.status_code == 302 and response["Location"] == reverse("two_factor:setup")


def _enrol(c: Client, user) -> list[str]:
    _give_enrolment_code(c, user)
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
    _give_enrolment_code(c, officer)
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
    response = c.post(reverse("two_factor:setup"), {"token": _code(device)})
    assert response["Location"] == reverse("two_factor:backup_codes")
    codes = _shown_codes(c)
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
    # The clock stands still and moves past each wait, so every wrong code counts, however
    # slowly the requests run.
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for failure in range(6):
            if failure:
                clock.shift(dt.timedelta(seconds=2 ** (failure - 1) + 1))
            c.post(reverse("two_factor:verify"), {"token": "12345678"})
        # Half a minute after the sixth failure, even a right code is refused.
        clock.shift(dt.timedelta(seconds=30))
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


# --- a password alone does not enrol the second factor ------------------------------


def _shows_a_key(html: str) -> bool:
    return 'class="qr-code"' in html or 'id="totp-secret"' in html


def test_the_password_alone_shows_no_qr_code_and_makes_no_key(officer):
    c = _signed_in(officer)
    page = c.get(reverse("two_factor:setup"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Enrolment code" in html
    assert not _shows_a_key(html)
    assert not TOTPDevice.objects.filter(user=officer).exists()
    # A six-digit guess at the authenticator step is not an enrolment code either.
    wrong = c.post(reverse("two_factor:setup"), {"token": "123456"})
    assert not _shows_a_key(wrong.content.decode())
    assert not TOTPDevice.objects.filter(user=officer).exists()


def test_a_wrong_or_someone_elses_enrolment_code_is_refused(officer, nso):
    _enrolment_code(officer)
    nadias = _enrolment_code(nso)
    c = _signed_in(officer)
    for attempt in ("AAAA-BBBB-CCCC-DDDD-EEEE", nadias):
        response = c.post(reverse("two_factor:setup"), {"enrolment_code": attempt})
        assert response.status_code == 200
        assert ENROLMENT_CODE_WRONG in response.content.decode()
        assert not _shows_a_key(c.get(reverse("two_factor:setup")).content.decode())


def test_an_enrolment_code_works_once(officer):
    code = _enrolment_code(officer)
    first = _signed_in(officer)
    assert first.post(reverse("two_factor:setup"), {"enrolment_code": code}).status_code == 302
    assert _shows_a_key(first.get(reverse("two_factor:setup")).content.decode())
    thief = _signed_in(officer)
    response = thief.post(reverse("two_factor:setup"), {"enrolment_code": code})
    assert ENROLMENT_CODE_WRONG in response.content.decode()


def test_an_enrolment_code_expires(officer, settings):
    import datetime as dt

    from django.utils import timezone

    from ttw_safeguarding.records.models import EnrolmentCode

    settings.TTW_ENROLMENT_CODE_HOURS = 72
    code = _enrolment_code(officer)
    issued = EnrolmentCode.objects.get(user=officer)
    assert issued.expires_at - issued.issued_at == dt.timedelta(hours=72)
    assert code.replace("-", "") not in issued.code_hash  # only its hash is kept
    EnrolmentCode.objects.filter(pk=issued.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = _signed_in(officer).post(reverse("two_factor:setup"), {"enrolment_code": code})
    assert ENROLMENT_CODE_WRONG in response.content.decode()


def test_a_new_enrolment_code_replaces_the_old(officer):
    old = _enrolment_code(officer)
    new = _enrolment_code(officer)
    c = _signed_in(officer)
    assert (
        ENROLMENT_CODE_WRONG
        in c.post(reverse("two_factor:setup"), {"enrolment_code": old}).content.decode()
    )
    assert c.post(reverse("two_factor:setup"), {"enrolment_code": new}).status_code == 302


@contextlib.contextmanager
def _past_the_second_factor(settings):
    """The NSO's own session, as if past the second factor (tested above)."""
    settings.TTW_REQUIRE_2FA = False
    try:
        yield
    finally:
        settings.TTW_REQUIRE_2FA = True


def test_granting_a_role_that_needs_a_second_factor_issues_a_code(
    staff2, nso2, client_for, settings
):
    """Neil (NSO) makes Stella an officer in the application: the page shows her enrolment
    code once; with it, and not without, Stella enrols."""
    from django.contrib.auth.models import Group

    from ttw_safeguarding.records import roles
    from ttw_safeguarding.records.models import EnrolmentCode

    neil = client_for(nso2)
    officer_role = Group.objects.get(name=roles.OFFICER)
    with _past_the_second_factor(settings):
        response = neil.post(
            reverse("accounts:roles"),
            {"user": staff2.pk, "role": officer_role.pk, "change": "grant"},
            follow=True,
        )
        html = response.content.decode()
        shown = re.search(r'id="enrolment-code">([A-Z0-9-]+)<', html)
        assert shown is not None
        code = shown.group(1)
        assert EnrolmentCode.objects.filter(user=staff2, used_at__isnull=True).count() == 1
        assert code not in neil.get(reverse("accounts:roles")).content.decode()  # shown once

    c = _signed_in(staff2)
    assert c.post(reverse("two_factor:setup"), {"enrolment_code": code}).status_code == 302
    assert _shows_a_key(c.get(reverse("two_factor:setup")).content.decode())


def test_a_reset_second_factor_needs_a_fresh_enrolment_code(officer, nso2, client_for, settings):
    """Olivia lost her phone: Neil (NSO) resets her second factor; her old backup codes stop
    working, and she enrols again only with the new code."""
    from auditlog.models import LogEntry

    codes = _enrol(_signed_in(officer), officer)
    neil = client_for(nso2)
    with _past_the_second_factor(settings):
        response = neil.post(
            reverse("accounts:second_factor_reset"), {"user": officer.pk}, follow=True
        )
    shown = re.search(r'id="enrolment-code">([A-Z0-9-]+)<', response.content.decode())
    assert shown is not None
    code = shown.group(1)
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert LogEntry.objects.filter(
        object_pk=str(officer.pk), actor=nso2, additional_data__what="second factor reset"
    ).exists()

    c = _signed_in(officer)
    old_code = c.post(reverse("two_factor:verify"), {"token": codes[0]})
    assert old_code["Location"] == reverse("two_factor:setup")  # no device left to verify
    assert not _shows_a_key(c.get(reverse("two_factor:setup")).content.decode())
    assert c.post(reverse("two_factor:setup"), {"enrolment_code": code}).status_code == 302
    assert _shows_a_key(c.get(reverse("two_factor:setup")).content.decode())


def test_nobody_resets_their_own_second_factor(nso, client_for, settings):
    from ttw_safeguarding.records.accounts import NOT_YOURSELF

    with _past_the_second_factor(settings):
        response = client_for(nso).post(
            reverse("accounts:second_factor_reset"), {"user": nso.pk}, follow=True
        )
    assert NOT_YOURSELF in response.content.decode()

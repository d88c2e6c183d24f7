"""Signing in: the password form, and two-factor sign-in (TOTP with backup codes,
django-otp): enrolment, verification, codes.

After the password, a user whose role needs a second factor
(``security.second_factor_required``) is held at these pages until the
session is verified: enrolment (a QR code drawn on the server as SVG, no
script) when they have no confirmed device yet, otherwise the code prompt.
Backup codes are single-use static tokens, shown once.
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any, cast

import segno
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ttw_safeguarding.records import access
from ttw_safeguarding.records.accounts import ENROLMENT_CODE_WRONG, enrolment_code_redeem
from ttw_safeguarding.records.security import is_verified
from ttw_safeguarding.records.validation import CleanTextMixin

WRONG_CODE = "That code is not right, or too many codes were tried: wait a moment and try again."
NEW_CODES_SESSION_KEY = "ttw_new_backup_codes"
# Set once this session gave a valid enrolment code: only then is the QR code shown.
ENROLMENT_SESSION_KEY = "ttw_enrolment_code_accepted"


# --- forms ----------------------------------------------------------------------

# Longer than any real password; stops a megabyte "password" from being hashed.
PASSWORD_MAX_LENGTH = 1024


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing over-long input before anything is looked up.

    AuthenticationForm sets the username's max_length after the field is built, so
    no length validator runs: a 100,000-character username reached the lock-out
    record (varchar 255) and PostgreSQL refused it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = cast(forms.CharField, self.fields["username"])
        username.validators.append(MaxLengthValidator(username.max_length or 150))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))


class _CodeForm(CleanTextMixin, forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    submit_label = "Continue"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


class EnrolmentCodeForm(CleanTextMixin, forms.Form):
    """The one-time enrolment code the NSO or administrator handed over (not the password:
    whoever has only the password cannot enrol a phone)."""

    enrolment_code = forms.CharField(
        label="Enrolment code",
        max_length=40,
        help_text=(
            "The code the National Safeguarding Officer or the system administrator gave you "
            "when your role was granted, such as ABCD-EFGH-JKLM-NPQR-STUV."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Continue"))

    def clean_enrolment_code(self) -> str:
        code = self.cleaned_data["enrolment_code"]
        if not enrolment_code_redeem(user=self.user, code=code):
            raise forms.ValidationError(ENROLMENT_CODE_WRONG)
        return code


class EnrolForm(_CodeForm):
    submit_label = "Turn on two-factor sign-in"

    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        self.device = device
        super().__init__(*args, **kwargs)
        self.fields["token"].help_text = "The six-digit code your authenticator app shows now."

    def clean_token(self) -> str:
        token = super().clean_token()
        if not self.device.verify_token(token):
            raise forms.ValidationError(WRONG_CODE)
        return token


class VerifyForm(_CodeForm):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        self.device: Any = None
        super().__init__(*args, **kwargs)
        self.fields[
            "token"
        ].help_text = "The six-digit code from your authenticator app, or one of your backup codes."

    def clean_token(self) -> str:
        token = super().clean_token()
        # Each device throttles its own failures (django-otp ThrottlingMixin).
        self.device = match_token(self.user, token)
        if self.device is None:
            raise forms.ValidationError(WRONG_CODE)
        return token


# --- services -------------------------------------------------------------------


def totp_device_pending(*, user: Any) -> TOTPDevice:
    """The user's unconfirmed authenticator, made on first visit and kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice) -> list[str]:
    """Confirm the authenticator and issue fresh backup codes (returned to show once)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return backup_codes_issue(user=device.user)


@transaction.atomic
def backup_codes_issue(*, user: Any) -> list[str]:
    """Replace the user's backup codes with new single-use ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.TTW_BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def qr_code_svg(data: str) -> SafeString:
    """An SVG QR code of ``data``, drawn on the server (no script, no image request)."""
    svg = segno.make(data, error="m").svg_inline(
        scale=4, svgclass="qr-code", lineclass=None, title="QR code for your authenticator app"
    )
    # segno writes only path data: no text taken from the user reaches the markup.
    return mark_safe(svg)  # noqa: S308


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


# --- views ----------------------------------------------------------------------


@sensitive_post_parameters("token")
@access.page("two_factor:setup")
def setup(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    # Someone with only the password must not replace an enrolled authenticator.
    if user_has_device(user):
        return redirect("two_factor:backup_codes" if is_verified(user) else "two_factor:verify")
    if request.session.get(ENROLMENT_SESSION_KEY) != user.pk:
        # A first enrolment needs the one-time code handed over when the role was granted;
        # nothing of the authenticator's key is made or shown before it.
        code_form = EnrolmentCodeForm(request.POST or None, user=user)
        if request.method == "POST" and code_form.is_valid():
            request.session[ENROLMENT_SESSION_KEY] = user.pk
            return redirect("two_factor:setup")
        return render(request, "two_factor/enrolment_code.html", {"form": code_form})
    device = totp_device_pending(user=user)
    form = EnrolForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        codes = totp_device_confirm(device=device)
        otp_login(request, device)
        request.session.pop(ENROLMENT_SESSION_KEY, None)
        request.session[NEW_CODES_SESSION_KEY] = codes
        messages.success(request, "Two-factor sign-in is on. Keep your backup codes safe.")
        return redirect("two_factor:backup_codes")
    context = {
        "form": form,
        "qr_svg": qr_code_svg(device.config_url),
        "secret": b32encode(device.bin_key).decode("ascii"),
    }
    return render(request, "two_factor/setup.html", context)


@sensitive_post_parameters("token")
@access.page("two_factor:verify")
def verify(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not user_has_device(user):
        return redirect("two_factor:setup")
    form = VerifyForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(_next_url(request) or "home")
    return render(request, "two_factor/verify.html", {"form": form, "next": _next_url(request)})


@access.page("two_factor:backup_codes")
def backup_codes(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    # New codes only after this session passed the second factor.
    if not is_verified(user):
        return redirect("two_factor:verify" if user_has_device(user) else "two_factor:setup")
    if request.method == "POST":
        request.session[NEW_CODES_SESSION_KEY] = backup_codes_issue(user=user)
        messages.success(request, "New backup codes are made; the old ones no longer work.")
        return redirect("two_factor:backup_codes")
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    remaining = StaticToken.objects.filter(device__user=user).count()
    return render(request, "two_factor/backup_codes.html", {"codes": codes, "remaining": remaining})

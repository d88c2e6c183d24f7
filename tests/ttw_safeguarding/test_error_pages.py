"""Dead ends: 400, 403, 404 and 500 answer in the site's layout, say what a person can do
next, and reveal nothing about whether a record exists.

Personas (tests/conftest.py): Sam (staff) sees only his own submissions; Olivia (officer)
recorded the referral; Sid (sysadmin) and Uma (superuser) use the admin.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template.loader import get_template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views import defaults

from tests.ttw_safeguarding.access_registry import UNKNOWN

pytestmark = pytest.mark.django_db

NEXT_STEPS = ("Go to your home page", "National Safeguarding Officer")


def _comparable(html: str) -> str:
    """The page without its per-request CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_hidden_record_and_a_missing_one_answer_the_same_404(
    client_for, staff, officer, case, record_referral
):
    referral = record_referral(case, officer)
    c = client_for(staff)
    hidden = c.get(reverse("decisions:detail", args=[referral.code]))
    missing = c.get(reverse("decisions:detail", args=[UNKNOWN]))
    assert hidden.status_code == missing.status_code == 404
    assert _comparable(hidden.content.decode()) == _comparable(missing.content.decode())
    html = hidden.content.decode()
    assert "<h1" in html and "Page not found" in html
    assert all(step in html for step in NEXT_STEPS)
    assert str(referral.code) not in html and "No such record" not in html
    assert case.reference not in html


def test_a_refused_page_says_what_to_do_and_names_no_record(
    client_for, staff, officer, case, record_referral
):
    record_referral(case, officer)
    response = client_for(staff).get(reverse("cases:detail", args=[case.code]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "This page is not open to you" in html
    assert all(step in html for step in NEXT_STEPS)
    assert str(case.code) not in html and case.reference not in html
    assert 'href="/static/css/app.css"' in html  # the site's layout


def test_signed_out_the_pages_offer_to_sign_in(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert reverse("login") in response.content.decode()


def test_a_bad_request_page_in_the_layout(rf: RequestFactory, staff):
    request = rf.get("/")
    request.user = staff
    response = defaults.bad_request(request, exception=Exception("bad"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "The request could not be understood" in html and "Nothing was recorded" in html


def test_the_500_page_renders_without_a_request_or_the_database(rf: RequestFactory):
    with CaptureQueriesContext(connection) as queries:
        html = get_template("500.html").render()
        response = defaults.server_error(rf.get("/"))
    assert len(queries) == 0
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "999" in html and 'href="/static/css/app.css"' in html


# Pages of django-otp's admin: a device's key as a QR code or text, and its change page.
OTP_ADMIN_PAGES = [
    "/admin/otp_totp/totpdevice/",
    "/admin/otp_totp/totpdevice/{pk}/change/",
    "/admin/otp_totp/totpdevice/{pk}/config/",
    "/admin/otp_totp/totpdevice/{pk}/qrcode/",
    "/admin/otp_totp/totpdevice/999999/config/",
    "/admin/otp_totp/totpdevice/999999/qrcode/",
    "/admin/otp_static/staticdevice/",
    "/admin/otp_static/staticdevice/{pk}/change/",
    "/admin/auditlog/logentry/",
    "/admin/axes/accessattempt/",
    "/admin/django_tasks_database/dbtaskresult/",
]


@pytest.mark.parametrize("persona", ["sysadmin", "superuser"])
def test_no_admin_page_shows_a_second_factor_or_answers_500(persona, request, client_for, officer):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ttw_safeguarding.records.two_factor import totp_device_confirm

    device = TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=False)
    totp_device_confirm(device=device)
    c = client_for(request.getfixturevalue(persona))
    for page in OTP_ADMIN_PAGES:
        url = page.format(pk=device.pk)
        response = c.get(url)
        assert response.status_code == 404, f"{url}: {response.status_code}"
        assert device.key not in response.content.decode()

"""Security headers on every answer, and pages that work under the Content Security Policy.

``header_problems`` is applied by the access matrix to every answer of every URL for
every persona; the tests here pin the exact values on a few representative answers.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REQUIRED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
}

# Inline code the policy forbids (a browser would refuse it and the page would break).
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
EXTERNAL_ASSET = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.I)


def csp_directives(response: Any) -> dict[str, str]:
    header = response.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = " ".join(words[1:])
    return directives


def header_problems(response: Any) -> list[str]:
    """What is missing or wrong in one answer's security headers and inline code."""
    problems = []
    directives = csp_directives(response)
    for name, value in REQUIRED_CSP.items():
        if directives.get(name) != value:
            problems.append(f"CSP {name} is {directives.get(name)!r}, not {value!r}")
    if "unsafe-inline" in response.get("Content-Security-Policy", ""):
        problems.append("CSP allows 'unsafe-inline'")
    if response.get("X-Frame-Options") != "DENY":
        problems.append("no X-Frame-Options: DENY")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append("no Referrer-Policy: same-origin")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append("no Permissions-Policy")
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html") and not getattr(response, "streaming", False):
        html = response.content.decode("utf-8", "replace")
        for label, pattern in [
            ("inline <script>", INLINE_SCRIPT),
            ("style attribute", STYLE_ATTRIBUTE),
            ("<style> element", STYLE_ELEMENT),
            ("inline event handler", EVENT_HANDLER),
            ("asset from another site", EXTERNAL_ASSET),
        ]:
            found = pattern.search(html)
            if found:
                problems.append(f"{label}: {found.group(0)[:80]}")
    return problems


def test_the_sign_in_page_carries_every_header(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert header_problems(response) == []
    assert csp_directives(response)["img-src"] == "'self' data:"  # Bootstrap's CSS icons


def test_the_policy_is_exactly_what_security_md_says(client):
    directives = csp_directives(client.get(reverse("login")))
    for name, value in REQUIRED_CSP.items():
        assert directives[name] == value
    assert "'unsafe-eval'" not in str(directives)
    assert directives["frame-src"] == "'none'"


def test_refusals_carry_the_headers_too(client_for, staff, officer, record_referral, case):
    referral = record_referral(case, officer)
    c = client_for(staff)
    not_found = c.get(reverse("decisions:detail", args=[referral.code]))
    forbidden = c.get(reverse("audit:log"))
    assert (not_found.status_code, forbidden.status_code) == (404, 403)
    for response in (not_found, forbidden):
        assert header_problems(response) == []
        assert "no-store" in response["Cache-Control"]


def test_the_written_report_is_no_store(client_for, officer, record_referral, case):
    referral = record_referral(case, officer)
    response = client_for(officer).get(reverse("decisions:report", args=[referral.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert header_problems(response) == []


def test_pages_load_bootstrap_and_styles_from_the_application_only(client_for, nso):
    html = client_for(nso).get(reverse("audit:log")).content.decode()
    scripts = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', html)
    styles = re.findall(r'<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
    assert scripts and styles
    assert all(src.startswith("/static/") for src in scripts + styles)
    # The audit filter is a crispy-forms form: it renders without inline styles.
    assert "<form" in html and header_problems(client_for(nso).get(reverse("audit:log"))) == []


def test_the_header_check_catches_inline_code():
    from django.http import HttpResponse

    bad = HttpResponse('<p style="color:red" onclick="x()"><script>alert(1)</script>')
    found = " ".join(header_problems(bad))
    for label in ["inline <script>", "style attribute", "inline event handler", "CSP"]:
        assert label in found

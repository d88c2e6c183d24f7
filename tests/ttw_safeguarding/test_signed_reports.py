"""Written reports and chronologies are signed by the organisation (PAdES), and stay PDF/A.

A recipient checks the signature without this application: here with pyHanko's
validator and with Debian's ``pdfsig`` (poppler), and a changed byte breaks both.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ttw_safeguarding.records import signing
from ttw_safeguarding.records.models import WrittenReport

pytestmark = pytest.mark.django_db


def _validate(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf))
    (signature,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=[signing.organisation_certificate()])
    return validate_pdf_signature(signature, context)


def _pdfsig(path: Path) -> str:
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig (poppler-utils) is not installed")
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60)
    return result.stdout + result.stderr


def _changed_byte(pdf: bytes) -> bytes:
    # A byte of the page content, well inside the signed range.
    at = pdf.index(b"stream") + 40
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


@pytest.fixture
def report_pdf(case, officer, record_referral) -> bytes:
    decision = record_referral(case, officer)
    report = WrittenReport.objects.get(decision=decision)
    assert report.state == WrittenReport.State.READY
    return report.pdf.open("rb").read()


def test_a_written_report_is_signed_by_the_organisation_and_valid(report_pdf):
    status = _validate(report_pdf)
    assert status.bottom_line
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert "Safeguarding Records" in status.signing_cert.subject.human_friendly
    assert signing.pdf_signature_problem(report_pdf) is None


def test_a_changed_byte_breaks_the_signature_for_pyhanko(report_pdf):
    changed = _changed_byte(report_pdf)
    assert not _validate(changed).intact
    assert "changed after signing" in (signing.pdf_signature_problem(changed) or "")


def test_pdfsig_finds_the_signature_valid_and_a_changed_byte_invalid(report_pdf, tmp_path):
    good = tmp_path / "report.pdf"
    good.write_bytes(report_pdf)
    out = _pdfsig(good)
    assert "Signature is Valid" in out
    assert "Total document signed" in out
    assert "ETSI.CAdES.detached" in out  # PAdES
    bad = tmp_path / "changed.pdf"
    bad.write_bytes(_changed_byte(report_pdf))
    out = _pdfsig(bad)
    assert "Signature is Valid" not in out
    assert "Digest Mismatch" in out or "Invalid" in out


def test_the_signed_report_is_still_pdf_a(report_pdf):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(report_pdf))
    assert reader.xmp_metadata is not None
    xmp = reader.xmp_metadata.stream.get_data()
    assert b"pdfaid:part" in xmp and b"3" in xmp.split(b"pdfaid:part")[1][:8]
    assert b"pdfaid:conformance" in xmp
    # The signature widget is printed and hidden, as PDF/A requires of annotations.
    fields = reader.trailer["/Root"]["/AcroForm"]["/Fields"]  # type: ignore[index]  # PDF objects
    (field,) = [f.get_object() for f in fields]
    assert field["/FT"] == "/Sig"
    assert int(field.get("/F", 0)) & 4  # Print flag


def test_a_report_signed_with_another_key_is_found(
    case, officer, record_referral, settings, tmp_path
):
    decision = record_referral(case, officer)
    report = WrittenReport.objects.get(decision=decision)
    data = report.pdf.open("rb").read()
    call_command("verify_records")
    # Another certificate becomes the organisation's: the stored report is not signed by it.
    signing.keys_generate(
        checkpoint_key=tmp_path / "unused.pem",
        signing_key=tmp_path / "other_key.pem",
        signing_cert=tmp_path / "other_cert.pem",
    )
    settings.TTW_SIGNING_KEY_FILE = tmp_path / "other_key.pem"
    settings.TTW_SIGNING_CERT_FILE = tmp_path / "other_cert.pem"
    assert signing.pdf_signature_problem(data) == (
        "signed by a certificate that is not the organisation's"
    )
    with pytest.raises(CommandError, match=f"written report of record {decision.sequence}"):
        call_command("verify_records")


def test_the_case_chronology_is_pdf_a_and_signed(case, officer, record_referral, client_for):
    from pypdf import PdfReader

    record_referral(case, officer)
    response = client_for(officer).get(reverse("cases:chronology_pdf", args=[case.code]))
    assert response.status_code == 200
    pdf = response.content
    assert signing.pdf_signature_problem(pdf) is None
    xmp = PdfReader(io.BytesIO(pdf)).xmp_metadata
    assert xmp is not None
    assert b"pdfaid:part" in xmp.stream.get_data()


def test_the_child_chronology_is_signed(case, officer, record_referral, client_for):
    record_referral(case, officer)
    response = client_for(officer).get(
        reverse("cases:child_chronology_pdf", args=[case.child.code])
    )
    assert response.status_code == 200
    assert signing.pdf_signature_problem(response.content) is None


def test_demo_keys_are_made_once_under_var_with_debug(settings, tmp_path):
    settings.DEBUG = True
    settings.TTW_CHECKPOINT_KEY_FILE = tmp_path / "var" / "checkpoint_key.pem"
    settings.TTW_SIGNING_KEY_FILE = tmp_path / "var" / "signing_key.pem"
    settings.TTW_SIGNING_CERT_FILE = tmp_path / "var" / "signing_cert.pem"
    key_id = signing.checkpoint_key_id()
    assert signing.organisation_certificate() is not None
    for name in ("checkpoint_key.pem", "signing_key.pem"):
        assert (tmp_path / "var" / name).stat().st_mode & 0o777 == 0o600
    assert signing.checkpoint_key_id() == key_id  # made once, then read


def test_without_debug_a_missing_key_is_refused(settings, tmp_path):
    settings.DEBUG = False
    settings.TTW_CHECKPOINT_KEY_FILE = tmp_path / "absent.pem"
    with pytest.raises(signing.MissingKeyError):
        signing.checkpoint_key_id()
    assert not (tmp_path / "absent.pem").exists()


def test_reports_are_signed_and_checked_where_an_event_loop_runs(report_pdf):
    """An ASGI server or a browser-driven test runs an asyncio loop in the request's thread."""
    import asyncio

    from ttw_safeguarding.records.reports import render_pdf

    unsigned = render_pdf("reports/base.html", {}, title="T", subject="S", author="A")

    async def in_a_loop() -> tuple[str | None, str | None]:
        signed = signing.pdf_sign(unsigned, reason="Written report")
        return signing.pdf_signature_problem(signed), signing.pdf_signature_problem(report_pdf)

    assert asyncio.run(in_a_loop()) == (None, None)

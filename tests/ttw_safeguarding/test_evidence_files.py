"""Evidence files attached to records (issue 17): checked, chained, stored, served safely.

Personas (tests/conftest.py): Olivia (officer) attaches files to Bangor's case and reads
them, as Oscar (officer2) and Nadia (NSO) do; Ceri (Bangor's welfare officer) sees the case
but no file on it (a file is a decision her club rules do not reach); Dylan (Cardiff's) and
Sam (staff) must not learn a file exists.
"""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from tests.conftest import pdf_text
from tests.ttw_safeguarding.access_registry import World
from ttw_safeguarding.records import evidence
from ttw_safeguarding.records.decisions import canonical_content, compute_hash
from ttw_safeguarding.records.models import Decision, EvidenceFile, Notification, WrittenReport
from ttw_safeguarding.records.storage import EvidenceFileStorage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EML = (
    b"From: Coach <coach@example.org>\r\nTo: welfare@example.org\r\n"
    b"Subject: Saturday session\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\n\r\n"
    b"See you on Saturday.\r\n"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (1200, 900), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010E] = "TTW secret description"  # ImageDescription
    exif[0x013B] = "Photographer Name"  # Artist
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 0, 0)).save(out, format="PNG")
    return out.getvalue()


def _stored_files() -> list[Path]:
    root = Path(settings.TTW_EVIDENCE_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def world(
    officer, officer2, nso, nso2, staff, cwo, cwo2, rwo, rwo2, django_capture_on_commit_callbacks
):
    users = {
        "officer": officer,
        "officer2": officer2,
        "nso": nso,
        "nso2": nso2,
        "staff": staff,
        "cwo": cwo,
        "cwo2": cwo2,
        "rwo": rwo,
        "rwo2": rwo2,
    }
    return World(users=users, capture=django_capture_on_commit_callbacks)


def _attach_url(world: World) -> str:
    return reverse("evidence:add", args=["case", world.club_case.code])


def _post(
    client_for: Any, world: World, name: str, data: bytes, persona: str = "officer", **extra: Any
) -> Any:
    body = {
        "upload": SimpleUploadedFile(name, data, content_type="application/pdf"),
        "description": "Scan of the welfare officer's handwritten notes.",
        "reason": "Kept with the case (P6.11).",
        **extra,
    }
    return client_for(world[persona]).post(_attach_url(world), body)


# --- attaching -----------------------------------------------------------------------


def test_a_pdf_is_attached_as_a_decision_with_its_sha256_in_the_chain(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client_for, world, "notes.pdf", PDF)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[world.club_case.code])
    item = EvidenceFile.objects.get()
    assert item.file_name == "notes.pdf"
    assert item.content_type == "application/pdf"
    assert item.size == len(PDF)
    assert item.case_id == world.club_case.pk
    assert (item.target_kind, item.target_code) == ("case", world.club_case.code)
    assert item.sha256 == evidence.sha256_of(PDF)
    # The file's hash is part of what the chain hashes.
    assert canonical_content(item)["sha256"] == item.sha256
    assert compute_hash(item) == item.content_hash
    assert item.clauses == ["P6.11"]
    stored = _stored_files()
    assert len(stored) == 1 and stored[0].read_bytes() == PDF
    # Stored outside the written reports' folder and the static files.
    assert Path(settings.MEDIA_ROOT) not in stored[0].parents
    with pytest.raises(ValueError):
        evidence.evidence_storage().url(item.storage_name)


def test_verify_records_checks_the_bytes_then_finds_them_altered(world, capsys):
    item = world.evidence_file
    call_command("verify_records")
    assert "OK:" in capsys.readouterr().out
    path = Path(settings.TTW_EVIDENCE_ROOT) / item.storage_name
    path.write_bytes(path.read_bytes() + b"% altered\n")
    with pytest.raises(CommandError, match="evidence file.*does not match its SHA-256"):
        call_command("verify_records")
    path.unlink()
    with pytest.raises(CommandError, match="evidence file.*missing"):
        call_command("verify_records")


def test_an_altered_file_is_not_served_and_the_nso_is_told(world, client_for):
    item = world.evidence_file
    path = Path(settings.TTW_EVIDENCE_ROOT) / item.storage_name
    path.write_bytes(b"%PDF-1.4 something else")
    c = client_for(world["officer"])
    response = c.get(reverse("evidence:download", args=[item.code]))
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:detail", args=[item.code])
    page = c.get(response["Location"]).content.decode()
    assert "does not match the SHA-256" in page
    assert Notification.objects.filter(recipient=world["nso"], url__contains=str(item.code))
    # Told once, however often it is found.
    c.get(reverse("evidence:download", args=[item.code]))
    assert (
        Notification.objects.filter(recipient=world["nso"], url__contains=str(item.code)).count()
        == 1
    )


def test_an_email_and_a_text_file_are_accepted(world, client_for):
    assert _post(client_for, world, "message.eml", EML).status_code == 302
    assert (
        _post(client_for, world, "call notes.txt", b"Called the parent at 10:05.\n").status_code
        == 302
    )
    assert sorted(EvidenceFile.objects.values_list("content_type", flat=True)) == [
        "message/rfc822",
        "text/plain",
    ]


BAD_FILES = [
    ("empty", "notes.pdf", b"", evidence.FILE_EMPTY),
    ("html renamed .pdf", "notes.pdf", HTML, evidence.FILE_TYPE_REFUSED),
    ("html as .txt", "notes.txt", b"hello <script>alert(1)</script>", evidence.FILE_TYPE_REFUSED),
    ("a program", "tool.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", evidence.FILE_TYPE_REFUSED),
    (
        "an svg",
        "photo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"></svg>',
        evidence.FILE_TYPE_REFUSED,
    ),
    ("text named .pdf", "notes.pdf", b"Plain words.\n", "its content is plain text"),
    ("pdf named .png", "photo.png", PDF, "its content is a PDF"),
    ("broken png", "photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, evidence.FILE_IMAGE_BROKEN),
    ("no ending", "notes", PDF, evidence.FILE_NAME_EMPTY),
]


@pytest.mark.parametrize(
    ("label", "name", "data", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES]
)
def test_a_bad_file_is_refused_with_a_message_and_leaves_nothing(
    world, client_for, label, name, data, message
):
    world.club_case  # noqa: B018  (built before counting)
    decisions = Decision.objects.count()
    response = _post(client_for, world, name, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message.replace("“", "&ldquo;")[:20] in html or message[:20] in html
    assert Decision.objects.count() == decisions
    assert not EvidenceFile.objects.exists()
    assert _stored_files() == []


def test_a_file_over_the_limit_is_refused(world, client_for, settings):
    settings.TTW_EVIDENCE_MAX_BYTES = 100
    response = _post(client_for, world, "notes.pdf", PDF + b"%" * 200)
    assert response.status_code == 200
    assert "larger than 100 bytes" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert _stored_files() == []


@pytest.mark.parametrize(
    "name",
    [
        "dir/notes.pdf",
        "..\\notes.pdf",
        "notes..pdf",
        "../notes.pdf",
        "no\x00tes.pdf",
        "no\x1btes.pdf",
        "no\u202etes.pdf",
        "x\nnotes.pdf",
    ],
)
def test_a_name_with_path_parts_or_control_characters_is_refused(world, name):
    # Django's upload parser keeps only the last part of a posted name and drops
    # unprintable characters; the service refuses such a name whoever calls it.
    with pytest.raises(ValidationError):
        evidence.evidence_file_record(
            actor=world["officer"],
            target_kind="case",
            target_code=world.club_case.code,
            name=name,
            data=PDF,
            description="",
            reason="Kept.",
        )
    assert not EvidenceFile.objects.exists()
    assert _stored_files() == []


def test_a_record_that_fails_removes_the_written_file(world):
    # No reason: the decision fails its own validation after the bytes were written.
    with pytest.raises(ValidationError):
        evidence.evidence_file_record(
            actor=world["officer"],
            target_kind="case",
            target_code=world.club_case.code,
            name="notes.pdf",
            data=PDF,
            description="",
            reason="",
        )
    assert not EvidenceFile.objects.exists()
    assert _stored_files() == []


def test_a_correction_is_a_new_file_pointing_at_the_earlier_one(world, client_for):
    earlier = world.evidence_file
    response = _post(client_for, world, "notes-v2.pdf", PDF + b"% v2\n", replaces=str(earlier.code))
    assert response.status_code == 302
    correction = EvidenceFile.objects.get(file_name="notes-v2.pdf")
    assert correction.replaces == earlier
    # The earlier file is still there, whole.
    assert evidence.stored_sha256(earlier) == earlier.sha256
    page = client_for(world["officer"]).get(reverse("cases:detail", args=[world.club_case.code]))
    assert "Corrected by a later file" in page.content.decode()


def test_a_file_of_another_record_cannot_be_named_as_corrected(world):
    other = evidence.evidence_file_record(
        actor=world["officer"],
        target_kind="case",
        target_code=world.case.code,
        name="other.pdf",
        data=PDF,
        description="",
        reason="Kept.",
    )
    with pytest.raises(ValidationError, match="attached to this record"):
        evidence.evidence_file_record(
            actor=world["officer"],
            target_kind="case",
            target_code=world.club_case.code,
            name="notes.pdf",
            data=PDF,
            description="",
            reason="Kept.",
            replaces=other,
        )
    assert EvidenceFile.objects.count() == 1


# --- reading -------------------------------------------------------------------------


def test_the_download_is_an_attachment_never_sniffed_and_logged(world, client_for):
    item = world.evidence_file
    response = client_for(world["officer"]).get(reverse("evidence:download", args=[item.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="matrix-notes.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n% matrix\n%%EOF\n"
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(item.pk), actor=world["officer"]
    ).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("officer", 200),
        ("officer2", 200),
        ("nso", 200),
        ("cwo", 404),  # sees Bangor's case, not the file
        ("cwo2", 404),  # another club
        ("rwo2", 404),
        ("staff", 404),
    ],
)
def test_only_those_who_may_see_the_record_download_it(world, client_for, persona, status):
    item = world.evidence_file
    for name in ("evidence:download", "evidence:thumbnail"):
        target = item if name == "evidence:download" else world.evidence_image
        response = client_for(world[persona]).get(reverse(name, args=[target.code]))
        assert response.status_code == status, name


def test_only_case_managers_attach(world, client_for):
    for persona in ("staff", "cwo", "cwo2"):
        assert _post(client_for, world, "notes.pdf", PDF, persona=persona).status_code == 403
    assert not EvidenceFile.objects.exists()
    assert _stored_files() == []


def test_the_preview_is_a_reencoded_png_without_exif(world, client_for):
    data = _jpeg_with_exif()
    assert b"TTW secret description" in data
    item = evidence.evidence_file_record(
        actor=world["officer"],
        target_kind="case",
        target_code=world.club_case.code,
        name="photo.jpg",
        data=data,
        description="",
        reason="Kept.",
    )
    response = client_for(world["officer"]).get(reverse("evidence:thumbnail", args=[item.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.content
    assert b"TTW secret description" not in body and b"Photographer" not in body
    with Image.open(io.BytesIO(body)) as thumb:
        assert thumb.format == "PNG"
        assert max(thumb.size) <= 480
        assert not thumb.getexif()
        assert "exif" not in thumb.info


def test_a_pdf_has_no_preview(world, client_for):
    item = world.evidence_file
    response = client_for(world["officer"]).get(reverse("evidence:thumbnail", args=[item.code]))
    assert response.status_code == 404


def test_the_written_report_lists_the_file_not_its_content(world, client_for):
    item = world.evidence_file
    report = WrittenReport.objects.get(decision=item)
    assert report.state == WrittenReport.State.READY
    with report.pdf.open("rb") as fh:
        text = " ".join(pdf_text(fh.read()).split())
    assert "matrix-notes.pdf" in text
    assert "application/pdf" in text
    assert item.sha256 in text.replace(" ", "")
    assert "% matrix" not in text


def test_the_case_page_and_its_chronology_list_the_file(world, client_for):
    item = world.evidence_file
    c = client_for(world["officer"])
    page = c.get(reverse("cases:detail", args=[world.club_case.code])).content.decode()
    assert "matrix-notes.pdf" in page
    assert reverse("evidence:download", args=[item.code]) in page
    assert reverse("evidence:add", args=["case", world.club_case.code]) in page
    chronology = c.get(reverse("cases:chronology", args=[world.club_case.code])).content.decode()
    assert "File attached: matrix-notes.pdf" in chronology


def test_a_decision_and_an_adult_record_take_files(world, client_for):
    c = client_for(world["officer"])
    referral = world.referral
    decision_page = c.get(reverse("decisions:detail", args=[referral.code])).content.decode()
    assert reverse("evidence:add", args=["decision", referral.code]) in decision_page
    response = c.post(
        reverse("evidence:add", args=["decision", referral.code]),
        {"upload": SimpleUploadedFile("letter.pdf", PDF), "description": "", "reason": "Kept."},
    )
    assert response["Location"] == reverse("decisions:detail", args=[referral.code])
    on_decision = EvidenceFile.objects.get(target_kind="decision")
    assert on_decision.case_id == referral.case_id
    adult = world.person
    response = c.post(
        reverse("evidence:add", args=["adult", adult.code]),
        {"upload": SimpleUploadedFile("photo.png", _png()), "description": "", "reason": "Kept."},
    )
    assert response.status_code == 302
    adult_page = c.get(reverse("adults:detail", args=[adult.code])).content.decode()
    assert "photo.png" in adult_page


def test_a_file_on_a_restricted_record_is_restricted_to_its_names(world, client_for):
    restricted = world.restricted_referral  # by Nadia, naming Oscar
    item = evidence.evidence_file_record(
        actor=world["nso"],
        target_kind="decision",
        target_code=restricted.code,
        name="letter.pdf",
        data=PDF,
        description="",
        reason="Kept.",
    )
    assert item.is_restricted
    assert (
        client_for(world["officer"]).get(reverse("evidence:download", args=[item.code])).status_code
        == 404
    )
    # Oscar is named: he is asked why before the file is served (P6.6).
    asked = client_for(world["officer2"]).get(reverse("evidence:download", args=[item.code]))
    assert asked.status_code == 200 and "access_reason" in asked.content.decode()


def test_the_case_page_queries_do_not_grow_with_the_files(world, client_for):
    c = client_for(world["officer"])
    url = reverse("cases:detail", args=[world.club_case.code])
    assert world.evidence_file.file_name
    c.get(url)
    with CaptureQueriesContext(connection) as one:
        c.get(url)
    for n in range(3):
        _post(client_for, world, f"more-{n}.pdf", PDF + bytes([n]))
    with CaptureQueriesContext(connection) as four:
        c.get(url)
    assert len(four) == len(one)


def test_detection_reads_the_content_not_the_name():
    assert evidence.detect_type(PDF) is evidence.PDF
    assert evidence.detect_type(_png()) is evidence.PNG
    assert evidence.detect_type(_jpeg_with_exif()) is evidence.JPEG
    assert evidence.detect_type(EML) is evidence.EML
    html_mail = EML.replace(b"See you on Saturday.", b"<html><body>See you</body></html>")
    assert evidence.detect_type(html_mail) is evidence.EML
    assert evidence.detect_type(b"From: nobody\n\n<html>no date, no subject</html>") is None
    assert evidence.detect_type(b"Plain words.\n") is evidence.TEXT
    assert evidence.detect_type(HTML) is None
    assert evidence.detect_type(b"\x00\x01\x02") is None
    assert evidence.detect_type(b"PK\x03\x04docx") is None


def test_a_double_submit_attaches_the_file_once(world, client_for):
    import re

    c = client_for(world["officer"])
    page = c.get(_attach_url(world)).content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f-]+)"', page)
    assert key is not None
    for _ in range(2):
        response = c.post(
            _attach_url(world),
            {
                "upload": SimpleUploadedFile("notes.pdf", PDF),
                "reason": "Kept.",
                "submission_key": key.group(1),
            },
        )
        assert response.status_code == 302
    assert EvidenceFile.objects.count() == 1
    # The second file's bytes were not kept either.
    assert len(_stored_files()) == 1


def test_the_file_page_shows_the_file_its_hash_and_a_preview(world, client_for):
    item = world.evidence_image
    page = client_for(world["officer"]).get(reverse("decisions:detail", args=[item.code]))
    html = page.content.decode()
    assert "matrix-photo.png" in html
    assert item.sha256 in html
    assert reverse("evidence:download", args=[item.code]) in html
    assert reverse("evidence:thumbnail", args=[item.code]) in html
    assert html.count("<h1") == 1


def test_a_file_is_not_attached_to_another_file(world):
    with pytest.raises(ValidationError, match="not to another file"):
        evidence.evidence_file_record(
            actor=world["officer"],
            target_kind="decision",
            target_code=world.evidence_file.code,
            name="notes.pdf",
            data=PDF,
            description="",
            reason="Kept.",
        )
    assert EvidenceFile.objects.count() == 1
    assert len(_stored_files()) == 1


class _FullDiskEvidenceStorage(EvidenceFileStorage):
    """The evidence disk fills up half-way through the file."""

    def _write_chunk(self, fh: Any, chunk: bytes) -> None:
        fh.write(chunk[: len(chunk) // 2])
        fh.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_is_a_message_on_the_form_and_leaves_nothing_behind(
    world, client_for, settings
):
    world.club_case  # noqa: B018  # built before the disk fills
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {"BACKEND": f"{__name__}._FullDiskEvidenceStorage"},
    }
    # Django's setting_changed receiver forgets the storages built from the old setting.
    response = _post(client_for, world, "notes.pdf", PDF)
    assert response.status_code == 200
    assert evidence.FILE_NOT_STORED in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert _stored_files() == []

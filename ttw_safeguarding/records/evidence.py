"""Evidence files: scans, letters, e-mails, photos and PDFs attached to records (issue 17).

A file attaches to a record of any app (a case, a decision, an adult's record), named by
its kind and code (``records.record_kinds``): the owning app decides who may see it.
Attaching is a decision through ``decision_record``: the file's SHA-256 is one of its
fields, so it is in the hash chain; a file is never replaced or deleted (a correction is
a new file that replaces the earlier one). The type is read from the content against an
allow-list, never from the name or what the browser claims. The bytes are written to the
"evidence" storage first; if the decision is then not recorded, the file is removed, so a
refused file leaves nothing behind.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import io
import logging
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from PIL import Image, ImageOps, UnidentifiedImageError

from ttw_safeguarding.records import access, roles
from ttw_safeguarding.records.decisions import decision_record
from ttw_safeguarding.records.models import Decision, EvidenceFile, OutboundEmail
from ttw_safeguarding.records.need_to_know import names_of
from ttw_safeguarding.records.notifications import notify
from ttw_safeguarding.records.record_kinds import RecordKind, record_for_user

# Messages the form shows (and the tests import).
logger = logging.getLogger(__name__)

FILE_EMPTY = "The file is empty. Choose the file again."
FILE_TOO_LARGE = "The file is larger than {limit}. Attach a smaller file, or split it."
FILE_TYPE_REFUSED = (
    "This type of file cannot be attached. Attach a PDF, a JPEG or PNG photo or scan, "
    "a plain-text file or an e-mail saved as .eml."
)
FILE_TYPE_NOT_NAME = (
    "The file is called “.{extension}” but its content is {detected}. "
    "Attach the file as it was saved, with its own ending."
)
FILE_NAME_PATH = (
    "The file name must not contain “/”, “\\” or “..”. Rename the file and attach it again."
)
FILE_NAME_CONTROL = (
    "The file name contains control characters. Rename the file and attach it again."
)
FILE_NAME_EMPTY = "The file needs a name ending in .pdf, .jpg, .png, .txt or .eml."
FILE_NAME_LONG = "The file name is longer than 150 characters. Rename the file."
FILE_IMAGE_BROKEN = "The image cannot be read. Scan or save it again and attach the new file."
REPLACES_OTHER_RECORD = "The file it corrects must be one attached to this record."
FILE_NOT_STORED = (
    "The file could not be stored: nothing was recorded. Try again later; if it fails again, "
    "tell the National Safeguarding Officer."
)
NOT_ON_A_FILE = "A file is attached to a record, not to another file: attach it to the record."

THUMBNAIL_SIZE = (480, 480)
_MAX_NAME = 150


@dataclass(frozen=True)
class FileType:
    mime: str
    label: str
    extensions: tuple[str, ...]


PDF = FileType("application/pdf", "a PDF", ("pdf",))
JPEG = FileType("image/jpeg", "a JPEG image", ("jpg", "jpeg"))
PNG = FileType("image/png", "a PNG image", ("png",))
TEXT = FileType("text/plain", "plain text", ("txt", "text"))
EML = FileType("message/rfc822", "an e-mail message", ("eml",))
ALLOWED = (PDF, JPEG, PNG, TEXT, EML)

# Magic numbers of the binary types allowed (their specifications' first bytes).
_MAGIC: tuple[tuple[bytes, FileType], ...] = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
# Text a browser would treat as a page or a script if it were ever rendered: refused.
_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|meta)\b", re.I)
# An RFC 822 header line: a name of printable characters but ":", then ":".
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def file_name_clean(name: str) -> str:
    """The name the file is kept under; ``ValidationError`` for one with path parts or
    control characters (it is shown and sent back in a header: nothing may hide in it)."""
    if "/" in name or "\\" in name or ".." in name:
        raise ValidationError(FILE_NAME_PATH, code="path")
    for ch in name:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            raise ValidationError(FILE_NAME_CONTROL, code="control")
    name = unicodedata.normalize("NFC", name).strip()
    if not name or name.startswith(".") or "." not in name:
        raise ValidationError(FILE_NAME_EMPTY, code="no_name")
    if len(name) > _MAX_NAME:
        raise ValidationError(FILE_NAME_LONG, code="long")
    return name


def _looks_like_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    for ch in text:
        if ch in "\t\n\r\f":
            continue
        if unicodedata.category(ch) == "Cc":
            return False
    return True


def _is_email(data: bytes) -> bool:
    first = data.lstrip(b"\r\n").split(b"\n", 1)[0]
    if not _HEADER_LINE.match(first):
        return False
    message = email.message_from_bytes(data, policy=email.policy.default)
    if message.defects:
        return False
    return message["From"] is not None and (
        message["Date"] is not None or message["Subject"] is not None
    )


def detect_type(data: bytes) -> FileType | None:
    """The allowed type of ``data``, read from its content; None when it is none of them."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    # An e-mail often carries an HTML part: it is kept, and only ever served as a download
    # of type message/rfc822, never as a page.
    if _is_email(data):
        return EML
    if _MARKUP.search(data[:65536]):
        return None
    if _looks_like_text(data):
        return TEXT
    return None


def _image_check(data: bytes) -> None:
    """An image Pillow can read whole (a broken or oversized one is refused, not stored)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(FILE_IMAGE_BROKEN, code="image") from None


def file_check(name: str, data: bytes) -> tuple[str, FileType]:
    """The cleaned name and the type of an uploaded file, or ``ValidationError``."""
    clean_name = file_name_clean(name)
    if not data:
        raise ValidationError(FILE_EMPTY, code="empty")
    limit = settings.TTW_EVIDENCE_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(FILE_TOO_LARGE.format(limit=human_size(limit)), code="too_large")
    kind = detect_type(data)
    if kind is None:
        raise ValidationError(FILE_TYPE_REFUSED, code="type")
    extension = clean_name.rsplit(".", 1)[1].lower()
    if extension not in kind.extensions:
        raise ValidationError(
            FILE_TYPE_NOT_NAME.format(extension=extension, detected=kind.label), code="type_name"
        )
    if kind in (JPEG, PNG):
        _image_check(data)
    return clean_name, kind


def evidence_storage() -> Storage:
    return storages["evidence"]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_sha256(evidence: EvidenceFile) -> str | None:
    """The SHA-256 of the stored bytes, read in blocks; None when the file is missing."""
    storage = evidence_storage()
    digest = hashlib.sha256()
    try:
        with storage.open(evidence.storage_name, "rb") as fh:
            for block in iter(lambda: fh.read(65536), b""):
                digest.update(block)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


# --- recording -----------------------------------------------------------------------


def _case_id_of(kind: RecordKind, record: Any) -> int | None:
    """The case a file on ``record`` belongs to: the case itself, or the record's case."""
    if kind.key == "case":
        return int(record.pk)
    case_id = getattr(record, "case_id", None)
    return int(case_id) if isinstance(case_id, int) else None


def evidence_file_record(
    *,
    actor: Any,
    target_kind: str,
    target_code: Any,
    name: str,
    data: bytes,
    description: str,
    reason: str,
    replaces: EvidenceFile | None = None,
) -> EvidenceFile:
    """Attach the file ``data`` called ``name`` to the record ``(target_kind, target_code)``.

    The record is found as ``actor`` may see it (404 otherwise). The file is checked
    (``file_check``), written under a new name (never over a file already there), then
    recorded; if recording fails the written file is removed. Raises ``ValidationError``.
    """
    kind, record = record_for_user(actor, target_kind, target_code)
    if isinstance(record, EvidenceFile):
        raise ValidationError(NOT_ON_A_FILE, code="on_a_file")
    clean_name, file_type = file_check(name, data)
    if replaces is not None and (
        replaces.target_kind != kind.key or str(replaces.target_code) != str(record.code)
    ):
        raise ValidationError(REPLACES_OTHER_RECORD, code="replaces")
    digest = sha256_of(data)
    extension = file_type.extensions[0]
    storage = evidence_storage()
    try:
        stored_as = storage.save(
            f"{uuid.uuid4().hex[:2]}/{uuid.uuid4()}.{extension}", File(io.BytesIO(data))
        )
    except OSError as exc:
        # A full disk, a read-only or missing share: the storage wrote nothing (it removes
        # its temporary file), so nothing is recorded and the person is told to try again.
        logger.error("Evidence file not stored: %s", exc)
        raise ValidationError(FILE_NOT_STORED, code="not_stored") from exc
    evidence = EvidenceFile(
        target_kind=kind.key,
        target_code=record.code,
        case_id=_case_id_of(kind, record),
        outcome=f"File attached: {clean_name}"[:200],
        facts=description,
        reason=reason,
        file_name=clean_name,
        content_type=file_type.mime,
        size=len(data),
        sha256=digest,
        storage_name=stored_as,
        replaces=replaces,
    )
    # A file on a restricted record is restricted to the same people (P6.6).
    named = names_of(record) if isinstance(record, Decision) else []
    try:
        decision_record(evidence, actor=actor, clauses=("P6.11",), need_to_know=named)
    except BaseException:
        # Nothing left behind: the bytes go with the record that was not made.
        storage.delete(stored_as)
        raise
    return evidence


# --- reading -------------------------------------------------------------------------


def evidence_files_visible_to(user: Any) -> QuerySet[EvidenceFile]:
    """Evidence files as decisions ``user`` may see (the target is checked per file)."""
    return access.decisions_visible_to(user, EvidenceFile)


def evidence_file_for_user(user: Any, code: Any) -> EvidenceFile:
    """The file with ``code``, or 404 unless ``user`` may see both it and its record."""
    evidence = access.by_code(
        evidence_files_visible_to(user).select_related("recorded_by", "replaces"), code
    )
    record_for_user(user, evidence.target_kind, evidence.target_code)
    return evidence


def evidence_files_on(user: Any, kind_key: str, record: Any) -> list[EvidenceFile]:
    """The files on ``record`` that ``user`` may see, newest last (one query)."""
    return list(
        evidence_files_visible_to(user)
        .filter(target_kind=kind_key, target_code=record.code)
        .select_related("recorded_by", "replaces")
        .order_by("sequence")
    )


# --- integrity -----------------------------------------------------------------------

INTEGRITY_FAILURE = (
    "The stored file does not match the SHA-256 recorded when it was attached, or is "
    "missing, and was not served. The National Safeguarding Officer has been told."
)


def evidence_integrity_failure_record(*, evidence: EvidenceFile, detected_by: Any | None) -> None:
    """An evidence file whose bytes are missing or changed: an audit entry each time it is
    found, and the NSOs told once (the e-mail's topic names the file)."""
    topic = f"ttw_safeguarding.EvidenceFile:{evidence.pk}"
    with transaction.atomic():
        LogEntry.objects.log_create(
            evidence,
            force_log=True,
            action=LogEntry.Action.ACCESS,
            actor=detected_by,
            additional_data={
                "what": "evidence file failed its integrity check; not served",
                "record": f"{evidence.LABEL} {evidence.short_code}",
            },
        )
        if OutboundEmail.objects.filter(topic=topic).exists():
            return
        notify(
            access.users_with_permission(roles.VIEW_AUDIT_LOG),
            message=(
                f"The evidence file {evidence.short_code} failed its integrity check and "
                "is not served."
            ),
            path=reverse("decisions:detail", args=[evidence.code]),
            email_subject="An evidence file failed its integrity check",
            topic=topic,
        )


def evidence_file_problems(batch_size: int = 500) -> list[str]:
    """Every evidence file whose stored bytes are missing or do not match its SHA-256."""
    problems: list[str] = []
    rows: Iterable[EvidenceFile] = EvidenceFile.objects.order_by("sequence").iterator(batch_size)
    for evidence in rows:
        found = stored_sha256(evidence)
        label = f"evidence file of record {evidence.sequence} ({evidence.code})"
        if found is None:
            problems.append(f"{label}: stored file is missing")
        elif found != evidence.sha256:
            problems.append(f"{label}: stored file does not match its SHA-256")
    return problems


# --- thumbnails ----------------------------------------------------------------------


def thumbnail_png(data: bytes) -> bytes:
    """A small PNG made from the image's pixels only: re-encoded, no EXIF or other
    metadata, so nothing the uploader put in the file reaches a browser."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        # Upright as the camera held it; the orientation tag itself is not kept.
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail(THUMBNAIL_SIZE)
        pixels = upright.convert("RGBA" if upright.mode in ("RGBA", "LA", "P") else "RGB")
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    clean.save(out, format="PNG")
    return out.getvalue()

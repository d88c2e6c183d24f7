"""Evidence the database cannot rewrite: seals and signed checkpoints.

The hash chain of decisions (``ttw_safeguarding.records.decisions``) shows a record
changed in place, but someone who can write to the database could delete the
newest records, append a forged one with a correctly computed hash, or rewrite
the chain from some record to the head. Three things here find that:

- **Seals** (``Seal``), a second hash chain written in the same transaction as
  what they seal: each decision's audit entry (in ``decision_record``) and each
  written report when it becomes ready (in ``report_generate``). A changed,
  deleted, swapped or hidden audit entry or report no longer matches its seal.
- **Checkpoints**: the head of both chains (sequence and hash), signed with the
  organisation's Ed25519 key (``ttw_safeguarding.records.signing``, a file the database
  cannot reach) and appended to a log on separate storage
  (``TTW_CHECKPOINT_DIR``). One is taken by the background worker after every
  decision and report commits, outside the recording transaction. Because the
  seal chain covers every report's SHA-256 and every sealed audit entry, the
  checkpoint covers them too.
- **The digest**: ``manage.py send_checkpoint_digest`` (daily) e-mails the latest
  checkpoint to every NSO, so a copy lives outside the organisation's servers.
  It names no case, child or person.

``verify_evidence`` (run by ``manage.py verify_records``) checks all of it.
"""

from __future__ import annotations

import base64
import datetime as dt
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ttw_safeguarding.records import access, roles, signing
from ttw_safeguarding.records.db import chain_lock
from ttw_safeguarding.records.models import (
    GENESIS_HASH,
    Decision,
    OutboundEmail,
    Seal,
    WrittenReport,
)
from ttw_safeguarding.records.notifications import send_email
from ttw_safeguarding.records.storage import report_file_sha256

CHECKPOINT_LOG = "checkpoints.jsonl"
FORMAT_VERSION = 1
# Seal and verify read audit entries and seals in batches of this many.
_BATCH = 500


class EvidenceBreak(Exception):
    """What verification found, naming the record."""


# --- hashing -----------------------------------------------------------------------------


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (dict, list, str, int, float, bool)) or value is None:
        return value
    return str(value)


def _digest(content: dict[str, Any]) -> str:
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _log_entry_model() -> Any:
    from auditlog import get_logentry_model

    return get_logentry_model()


def audit_entry_hash(entry: Any) -> str:
    """SHA-256 of every stored field of an audit entry (whatever the entry model holds)."""
    content = {
        field.attname: _canonical(getattr(entry, field.attname))
        for field in type(entry)._meta.concrete_fields
    }
    return _digest(content)


def seal_hash(seal: Seal) -> str:
    return _digest(
        {
            "sequence": seal.sequence,
            "kind": seal.kind,
            "decision_id": seal.decision_id,
            "subject_id": seal.subject_id,
            "subject_hash": seal.subject_hash,
            "sealed_at": _canonical(seal.sealed_at),
            "previous_hash": seal.previous_hash,
        }
    )


# --- sealing (inside the caller's transaction, under the chain lock) --------------------


def _seal(*, kind: str, decision_id: int, subject_id: int, subject_hash: str) -> Seal:
    chain_lock()
    head = Seal.objects.order_by("-sequence").values("sequence", "seal_hash").first()
    seal = Seal(
        sequence=head["sequence"] + 1 if head else 1,
        previous_hash=head["seal_hash"] if head else GENESIS_HASH,
        kind=kind,
        decision_id=decision_id,
        subject_id=subject_id,
        subject_hash=subject_hash,
        sealed_at=timezone.now(),
    )
    seal.seal_hash = seal_hash(seal)
    seal.save(force_insert=True)
    return seal


def _creation_entry(decision: Decision) -> Any:
    log_entry = _log_entry_model()
    return (
        log_entry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(decision)),
            object_pk=str(decision.pk),
            action=log_entry.Action.CREATE,
        )
        .order_by("pk")
        .first()
    )


def audit_entry_seal(decision: Decision) -> Seal:
    """Seal the audit entry that recording ``decision`` wrote (same transaction)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("an audit entry is sealed in the transaction that wrote it")
    entry = _creation_entry(decision)
    if entry is None:
        raise RuntimeError(f"{decision}: no audit entry to seal")
    return _seal(
        kind=Seal.Kind.AUDIT_ENTRY,
        decision_id=decision.pk,
        subject_id=entry.pk,
        subject_hash=audit_entry_hash(entry),
    )


def written_report_seal(report: WrittenReport) -> Seal:
    """Seal a report that has just become ready (same transaction as its ready state)."""
    return _seal(
        kind=Seal.Kind.WRITTEN_REPORT,
        decision_id=report.decision_id,
        subject_id=report.pk,
        subject_hash=report.sha256,
    )


# --- checkpoints -------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    taken_at: str
    decision_sequence: int
    decision_hash: str
    seal_sequence: int
    seal_hash: str
    key: str
    signature: str
    line: int = 0

    def payload(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "taken_at": self.taken_at,
            "decisions": {"sequence": self.decision_sequence, "hash": self.decision_hash},
            "seals": {"sequence": self.seal_sequence, "hash": self.seal_hash},
            "key": self.key,
        }

    def signed_bytes(self) -> bytes:
        return json.dumps(self.payload(), sort_keys=True, separators=(",", ":")).encode()

    def as_line(self) -> str:
        return json.dumps({**self.payload(), "signature": self.signature}, sort_keys=True)

    @property
    def label(self) -> str:
        return f"checkpoint of {self.taken_at} (line {self.line})"


def checkpoint_log_path() -> Path:
    return Path(settings.TTW_CHECKPOINT_DIR) / CHECKPOINT_LOG


def _heads() -> tuple[int, str, int, str]:
    # Each head is checked on its own, so a decision committed between the two reads is
    # harmless: its seal is covered now and the decision by the next checkpoint.
    decision = Decision.objects.order_by("-sequence").values("sequence", "content_hash").first()
    seal = Seal.objects.order_by("-sequence").values("sequence", "seal_hash").first()
    return (
        decision["sequence"] if decision else 0,
        decision["content_hash"] if decision else GENESIS_HASH,
        seal["sequence"] if seal else 0,
        seal["seal_hash"] if seal else GENESIS_HASH,
    )


def checkpoints_read() -> list[Checkpoint]:
    """Every checkpoint in the log, oldest first (an unreadable line raises EvidenceBreak)."""
    path = checkpoint_log_path()
    if not path.exists():
        return []
    found: list[Checkpoint] = []
    with path.open(encoding="utf-8") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
                found.append(
                    Checkpoint(
                        taken_at=data["taken_at"],
                        decision_sequence=int(data["decisions"]["sequence"]),
                        decision_hash=str(data["decisions"]["hash"]),
                        seal_sequence=int(data["seals"]["sequence"]),
                        seal_hash=str(data["seals"]["hash"]),
                        key=str(data["key"]),
                        signature=str(data["signature"]),
                        line=number,
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise EvidenceBreak(f"checkpoint log line {number} cannot be read") from exc
    return found


def checkpoint_latest() -> Checkpoint | None:
    found = checkpoints_read()
    return max(found, key=lambda c: (c.decision_sequence, c.seal_sequence)) if found else None


def checkpoint_take() -> Checkpoint | None:
    """Sign the heads of both chains and append them to the log, unless already there.

    Runs outside any recording transaction (the background task after commit).
    Returns the new checkpoint, or ``None`` when the latest already covers the heads.
    """
    decision_sequence, decision_hash, seal_sequence, seal_head = _heads()
    path = checkpoint_log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: the log only grows; the lock keeps two workers' lines whole and ordered.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        latest = checkpoint_latest()
        if (
            latest is not None
            and latest.decision_sequence >= decision_sequence
            and latest.seal_sequence >= seal_sequence
        ):
            return None
        unsigned = Checkpoint(
            taken_at=timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
            decision_sequence=decision_sequence,
            decision_hash=decision_hash,
            seal_sequence=seal_sequence,
            seal_hash=seal_head,
            key=signing.checkpoint_key_id(),
            signature="",
        )
        signature = base64.b64encode(signing.checkpoint_sign(unsigned.signed_bytes())).decode()
        checkpoint = Checkpoint(**{**unsigned.__dict__, "signature": signature})
        os.write(fd, (checkpoint.as_line() + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    return checkpoint


def checkpoint_queue() -> None:
    """After commit: ask the background worker for a checkpoint."""
    take_checkpoint.enqueue()


# --- verification ------------------------------------------------------------------------


def _decision_label(decision_id: int) -> str:
    row = Decision.objects.filter(pk=decision_id).values("sequence", "kind", "code").first()
    if row is None:
        return f"decision id {decision_id} (missing)"
    return f"record {row['sequence']} ({row['kind']}, {row['code']})"


def _seals() -> Iterator[Seal]:
    yield from Seal.objects.order_by("sequence").iterator(_BATCH)


def verify_seal_chain() -> int:
    """Recompute the chain of seals and check each sealed audit entry and report."""
    log_entry = _log_entry_model()
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    audit_sealed: set[int] = set()
    report_sealed: dict[int, Seal] = {}
    count = 0
    batch: list[Seal] = []

    def check_entries(seals: list[Seal]) -> None:
        ids = [s.subject_id for s in seals if s.kind == Seal.Kind.AUDIT_ENTRY]
        entries = log_entry.objects.in_bulk(ids)
        for seal in seals:
            if seal.kind != Seal.Kind.AUDIT_ENTRY:
                continue
            entry = entries.get(seal.subject_id)
            label = _decision_label(seal.decision_id)
            if entry is None:
                raise EvidenceBreak(f"{label}: its audit entry {seal.subject_id} is missing")
            if audit_entry_hash(entry) != seal.subject_hash:
                raise EvidenceBreak(
                    f"{label}: its audit entry {seal.subject_id} was changed after it was sealed"
                )

    for seal in _seals():
        if seal.sequence != expected_sequence:
            raise EvidenceBreak(f"seal {expected_sequence} is missing (next is {seal.sequence})")
        if seal.previous_hash != expected_previous or seal_hash(seal) != seal.seal_hash:
            raise EvidenceBreak(
                f"seal {seal.sequence} of {_decision_label(seal.decision_id)} was changed"
            )
        if seal.kind == Seal.Kind.AUDIT_ENTRY:
            audit_sealed.add(seal.decision_id)
        else:
            report_sealed[seal.decision_id] = seal
        batch.append(seal)
        if len(batch) >= _BATCH:
            check_entries(batch)
            batch = []
        expected_previous = seal.seal_hash
        expected_sequence += 1
        count += 1
    check_entries(batch)

    # Every decision's audit entry is sealed: a record written by SQL has no seal.
    for row in Decision.objects.order_by("sequence").values("pk", "sequence", "kind", "code"):
        if row["pk"] not in audit_sealed:
            raise EvidenceBreak(
                f"record {row['sequence']} ({row['kind']}, {row['code']}): "
                "its audit entry is not sealed (not recorded by this application)"
            )
    _verify_reports(report_sealed)
    return count


def _verify_reports(report_sealed: dict[int, Seal]) -> None:
    reports = WrittenReport.objects.select_related("decision").order_by("decision__sequence")
    seen: set[int] = set()
    for report in reports.iterator(_BATCH):
        decision = report.decision
        label = f"written report of record {decision.sequence} ({decision.code})"
        seal = report_sealed.get(decision.pk)
        seen.add(decision.pk)
        if seal is None:
            if report.state == WrittenReport.State.READY:
                raise EvidenceBreak(f"{label}: ready but never sealed")
            continue
        if report.state != WrittenReport.State.READY:
            raise EvidenceBreak(f"{label}: sealed as ready, now shown as {report.state}")
        if seal.subject_id != report.pk or seal.subject_hash != report.sha256:
            raise EvidenceBreak(f"{label}: its SHA-256 is not the one sealed when it was made")
        if report_file_sha256(report) != report.sha256:
            raise EvidenceBreak(f"{label}: file does not match its SHA-256")
        with report.pdf.open("rb") as fh:
            problem = signing.pdf_signature_problem(fh.read())
        if problem:
            raise EvidenceBreak(f"{label}: {problem}")
    for decision_id in report_sealed.keys() - seen:
        raise EvidenceBreak(f"written report of {_decision_label(decision_id)} is missing")


def verify_checkpoints(*, now: dt.datetime | None = None) -> int:
    """Check every checkpoint's signature and that both chains still hold what it signed.

    Records and seals newer than the latest checkpoint are allowed for
    ``TTW_CHECKPOINT_GRACE_MINUTES`` (the worker has not got to them yet); older
    than that, they were not recorded by this application. Returns the count.
    """
    now = now or timezone.now()
    grace = dt.timedelta(minutes=settings.TTW_CHECKPOINT_GRACE_MINUTES)
    found = checkpoints_read()
    for checkpoint in found:
        try:
            signature = base64.b64decode(checkpoint.signature, validate=True)
        except ValueError:
            signature = b""
        if not signing.checkpoint_signature_valid(checkpoint.signed_bytes(), signature):
            raise EvidenceBreak(f"{checkpoint.label}: the signature does not verify")
    decision_hashes = dict(
        Decision.objects.filter(sequence__in={c.decision_sequence for c in found}).values_list(
            "sequence", "content_hash"
        )
    )
    seal_hashes = dict(
        Seal.objects.filter(sequence__in={c.seal_sequence for c in found}).values_list(
            "sequence", "seal_hash"
        )
    )
    for checkpoint in found:
        if checkpoint.decision_sequence:
            stored = decision_hashes.get(checkpoint.decision_sequence)
            if stored is None:
                raise EvidenceBreak(
                    f"record {checkpoint.decision_sequence} is missing: the {checkpoint.label} "
                    "signed it (the newest records were deleted)"
                )
            if stored != checkpoint.decision_hash:
                raise EvidenceBreak(
                    f"record {checkpoint.decision_sequence}: not the record the "
                    f"{checkpoint.label} signed (the chain was rewritten)"
                )
        if checkpoint.seal_sequence:
            stored = seal_hashes.get(checkpoint.seal_sequence)
            if stored is None:
                raise EvidenceBreak(
                    f"seal {checkpoint.seal_sequence} is missing: the {checkpoint.label} signed it"
                )
            if stored != checkpoint.seal_hash:
                raise EvidenceBreak(
                    f"seal {checkpoint.seal_sequence}: not the seal the {checkpoint.label} signed"
                )
    covered = max((c.decision_sequence for c in found), default=0)
    for row in (
        Decision.objects.filter(sequence__gt=covered)
        .order_by("sequence")
        .values("sequence", "kind", "code", "recorded_at")
    ):
        if not now - grace <= row["recorded_at"] <= now + dt.timedelta(minutes=5):
            raise EvidenceBreak(
                f"record {row['sequence']} ({row['kind']}, {row['code']}): no checkpoint covers "
                "it (not recorded by this application, or the background worker is stopped)"
            )
    sealed = max((c.seal_sequence for c in found), default=0)
    for seal in Seal.objects.filter(sequence__gt=sealed).values("sequence", "sealed_at"):
        if not now - grace <= seal["sealed_at"] <= now + dt.timedelta(minutes=5):
            raise EvidenceBreak(f"seal {seal['sequence']}: no checkpoint covers it")
    return len(found)


def verify_evidence() -> tuple[int, int]:
    """Seals, reports and their signatures, and checkpoints. Returns (seals, checkpoints)."""
    seals = verify_seal_chain()
    return seals, verify_checkpoints()


# --- the digest --------------------------------------------------------------------------


def digest_body(checkpoint: Checkpoint) -> str:
    """The e-mail: counts and hashes only, no case, child or person."""
    return (
        f"The {settings.ORGANISATION_NAME} safeguarding records' daily checkpoint.\n\n"
        f"Keep this e-mail. If the records are ever questioned, this proves what they held "
        f"on {checkpoint.taken_at}: {checkpoint.decision_sequence} decision record(s), the "
        f"newest with hash {checkpoint.decision_hash}, and {checkpoint.seal_sequence} seal(s) "
        f"of audit entries and written reports, the newest with hash {checkpoint.seal_hash}.\n\n"
        f"Signed checkpoint (key {checkpoint.key}):\n{checkpoint.as_line()}\n"
    )


def digest_send() -> int:
    """Queue the daily digest to every active NSO. Returns how many e-mails were queued."""
    checkpoint_take()
    latest = checkpoint_latest()
    if latest is None:
        return 0
    subject = f"{settings.ORGANISATION_NAME} safeguarding records: checkpoint {latest.taken_at}"
    body = digest_body(latest)
    queued = 0
    with transaction.atomic():
        for user in access.users_with_permission(roles.REVIEW_DECISIONS).order_by("pk"):
            if not user.email:
                continue
            email = OutboundEmail.objects.create(
                to=user.email, subject=subject, body=body, topic="checkpoint"
            )
            transaction.on_commit(partial(send_email.enqueue, email.pk))
            queued += 1
    return queued


@task()
def take_checkpoint() -> str:
    """Sign the heads of the chains into the checkpoint log (after a decision or report)."""
    checkpoint = checkpoint_take()
    return checkpoint.taken_at if checkpoint else "already covered"

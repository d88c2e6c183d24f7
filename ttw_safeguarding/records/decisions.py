"""The one path every decision takes (DESIGN.md, "Decisions and written reports").

``decision_record`` validates a decision, and in one transaction takes the
chain lock, links the decision into the hash chain, saves it, writes its audit
entry with the acting user, and creates its pending written report; the
report is generated after commit by a background task.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import logging
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from auditlog.context import set_actor
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from ttw_safeguarding.records import submissions
from ttw_safeguarding.records.checkpoints import (
    EvidenceBreak,
    audit_entry_seal,
    checkpoint_queue,
    verify_evidence,
)
from ttw_safeguarding.records.db import chain_lock
from ttw_safeguarding.records.models import (
    GENESIS_HASH,
    Amendment,
    Decision,
    NeedToKnow,
    RecordedOnce,
    Submission,
    WrittenReport,
    decision_models,
)
from ttw_safeguarding.records.names import display_name
from ttw_safeguarding.records.need_to_know import names_of
from ttw_safeguarding.records.reports import generate_written_report
from ttw_safeguarding.records.storage import report_file_sha256

D = TypeVar("D", bound=Decision)

logger = logging.getLogger(__name__)

# Fields that are not part of a decision's content: its row id and the hash itself.
_NOT_HASHED = {"id", "content_hash"}


def _canonical_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    return value


def canonical_content(decision: Decision) -> dict[str, Any]:
    """The decision's content as the hash sees it: every stored field but the hash.

    A field the type gained later (``Decision.HASHED_ONLY_WHEN_SET``) is left out while empty.
    """
    content: dict[str, Any] = {}
    only_when_set = type(decision).HASHED_ONLY_WHEN_SET
    for field in type(decision)._meta.concrete_fields:
        if field.name in _NOT_HASHED or (
            isinstance(field, models.OneToOneField) and field.remote_field.parent_link
        ):
            continue
        value = getattr(decision, field.attname)
        # A field added later: no value (None, or an empty text) is left out, as it was.
        if field.name in only_when_set and value in (None, ""):
            continue
        content[field.attname] = _canonical_value(value)
    return content


def compute_hash(decision: Decision) -> str:
    payload = json.dumps(
        canonical_content(decision), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _unique_fields(model: type[Decision]) -> list[str]:
    """Fields of ``model``'s own unique constraints (a follow-up's "at most once" rule)."""
    fields: list[str] = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            fields.extend(constraint.fields)
    return fields


class AlreadyRecorded(ValidationError):
    """A follow-up that exists at most once is already on record: who, when, and a link."""

    def __init__(self, existing: Decision) -> None:
        self.existing = existing
        who = existing.recorded_by
        name = display_name(who)
        when = timezone.localtime(existing.recorded_at)
        # Shown as a form error: the name is escaped, the link is the application's own.
        super().__init__(
            format_html(
                'Already recorded by {} on {}. <a href="{}">Open the {}</a>.',
                name,
                f"{when:%d %b %Y at %H:%M}",
                reverse("decisions:detail", args=[existing.code]),
                existing.LABEL.lower(),
            )
        )


def already_recorded(once_key: str) -> Decision | None:
    """The decision recorded under ``once_key``, if any (for a page that says so up front)."""
    row = (
        RecordedOnce.objects.filter(key=once_key)
        .select_related("decision", "decision__recorded_by")
        .first()
    )
    return row.decision.typed() if row is not None else None


def decision_record(
    decision: D,
    *,
    actor: User,
    clauses: Sequence[str] | None = None,
    need_to_know: Iterable[User] = (),
    once_key: str | None = None,
    submission_key: uuid.UUID | None = None,
) -> D:
    """Record ``decision`` (an unsaved instance of a decision type) for ``actor``.

    ``once_key`` names a follow-up that exists at most once ("nso_review:<pk>"): a second
    decision under the same key raises ``AlreadyRecorded``, checked under the chain lock so
    two writers at the same moment cannot both pass, with a unique key behind it.

    ``submission_key`` (by default the key of the form being submitted, see
    ``ttw_safeguarding.records.submissions``) records the form once: a second decision with
    the same key raises ``submissions.AlreadyRecorded`` with the first, and the
    caller's transaction writes nothing.

    Raises ``ValidationError`` (nothing written) when the decision is invalid.
    """
    if submission_key is None:
        submission_key = submissions.take_key()
    try:
        return _decision_record(
            decision,
            actor=actor,
            clauses=clauses,
            need_to_know=need_to_know,
            once_key=once_key,
            submission_key=submission_key,
        )
    except IntegrityError:
        # The unique key is the backstop: the same answer as the check under the lock, never
        # a 500. Reaching it means a writer got past the lock, which is worth a warning.
        existing = already_recorded(once_key) if once_key else None
        if existing is None:
            raise
        logger.warning(
            "recorded-once key %s was refused by the database, not under the lock", once_key
        )
        raise AlreadyRecorded(existing) from None


def _decision_record(
    decision: D,
    *,
    actor: User,
    clauses: Sequence[str] | None,
    need_to_know: Iterable[User],
    once_key: str | None,
    submission_key: uuid.UUID | None,
) -> D:
    if not decision._state.adding:
        raise ValueError("decision_record takes a new, unsaved decision")
    decision.kind = type(decision).KIND
    decision.recorded_by = actor
    decision.recorded_at = timezone.now()
    decision.clauses = list(clauses if clauses is not None else type(decision).DEFAULT_CLAUSES)
    need_to_know = list(need_to_know)
    if need_to_know:
        decision.is_restricted = True

    with transaction.atomic():
        # The chain fields are set below under the lock; the code is a fresh UUID4 and the
        # actor the signed-in user, so checking either against the database costs a query
        # each and cannot fail (the unique constraint and foreign key still hold).
        exclude = ["sequence", "previous_hash", "content_hash", "code", "recorded_by"]
        if once_key:
            # "Recorded once" is answered under the lock below, with who recorded it; the
            # model's own unique rules stay in the database as a backstop but are not asked
            # here, before the lock, where they would answer differently and too early.
            exclude += _unique_fields(type(decision))
        decision.full_clean(exclude=exclude, validate_unique=not once_key)
        chain_lock()
        # The same form submitted again is sent to its record; another form recording a
        # follow-up that exists once is told who recorded it.
        _refuse_repeated_submission(submission_key)
        if once_key:
            # Under the lock: a writer that got here second sees the first one's record.
            existing = already_recorded(once_key)
            if existing is not None:
                raise AlreadyRecorded(existing)
        head = Decision.objects.order_by("-sequence").values("sequence", "content_hash").first()
        decision.sequence = head["sequence"] + 1 if head else 1
        decision.previous_hash = head["content_hash"] if head else GENESIS_HASH
        decision.content_hash = compute_hash(decision)
        with set_actor(actor):
            decision.save(force_insert=True)
        if once_key:
            RecordedOnce.objects.create(key=once_key, decision=decision)
        for user in need_to_know:
            NeedToKnow.objects.create(decision=decision, user=user)
        _remember_submission(submission_key, decision)
        # The audit entry is tied to the decision in the same transaction.
        audit_entry_seal(decision)
        report = WrittenReport.objects.create(decision=decision)
        # robust: the decision is committed whatever happens next; a queue that fails now
        # leaves the report pending, found as stuck and made by regenerate_reports, and the
        # next checkpoint covers this decision too.
        transaction.on_commit(lambda: _queue_report(report.pk), robust=True)
        # Signed outside this transaction, by the background worker.
        transaction.on_commit(checkpoint_queue, robust=True)
    return decision


def _refuse_repeated_submission(key: uuid.UUID | None) -> None:
    # Under the chain lock: a second submit of the same form, sent while the first was
    # being recorded, waited for the lock and now finds the first one committed.
    if key is None:
        return
    done = submissions.recorded_with(key)
    if done is not None:
        raise submissions.AlreadyRecorded(done)


def _remember_submission(key: uuid.UUID | None, decision: Decision) -> None:
    if key is None:
        return
    try:
        with transaction.atomic():
            Submission.objects.create(
                key=key,
                decision=decision,
                submitted_by=decision.recorded_by,
                submitted_at=decision.recorded_at,
            )
    except IntegrityError:
        # The unique key as the backstop (a writer that bypassed the lock).
        done = submissions.recorded_with(key)
        if done is None:
            raise
        raise submissions.AlreadyRecorded(done) from None


def _queue_report(report_id: int) -> None:
    generate_written_report.enqueue(report_id)


def amendment_record(*, original: Decision, actor: User, correction: str, reason: str) -> Amendment:
    """Record a correction of ``original`` as a new decision that points at it (P6.11)."""
    amendment = Amendment(
        original=original,
        case=original.case,
        outcome=f"Amendment of {original.LABEL.lower()} {original.short_code}",
        correction=correction,
        reason=reason,
    )
    # A correction of a restricted record is itself restricted to the same people (P6.6,
    # policy need_to_know.inherited_names without a recorder: the names as they are).
    named = names_of(original)
    return decision_record(amendment, actor=actor, clauses=("P6.11",), need_to_know=named)


class ChainBreak(Exception):
    """The chain or a written report does not verify; ``report`` is set for a report file."""

    def __init__(self, message: str, *, report: WrittenReport | None = None) -> None:
        super().__init__(message)
        self.report = report


def verify_chain(batch_size: int = 500, *, evidence: bool = True) -> int:
    """Recompute the hash chain. Returns the count, or raises ``ChainBreak``.

    Also checks every stored written report against its recorded SHA-256 and, unless
    ``evidence`` is false (a benchmark's records bulk-inserted without audit entries), the
    seals, signatures and checkpoints kept outside the database.
    """
    models_by_kind = decision_models()
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    count = 0
    base_rows = Decision.objects.order_by("sequence").values_list("pk", "kind").iterator(batch_size)
    while True:
        chunk = []
        for row in base_rows:
            chunk.append(row)
            if len(chunk) >= batch_size:
                break
        if not chunk:
            break
        typed: dict[int, Decision] = {}
        by_kind: dict[str, list[int]] = {}
        for pk, kind in chunk:
            by_kind.setdefault(kind, []).append(pk)
        for kind, pks in by_kind.items():
            model = models_by_kind.get(kind)
            if model is None:
                raise ChainBreak(f"record {pks[0]}: unknown decision kind {kind!r}")
            typed.update(model.objects.in_bulk(pks))
        for pk, _kind in chunk:
            decision = typed.get(pk)
            if decision is None:
                raise ChainBreak(f"record {pk}: its {_kind} row is missing")
            label = f"record {decision.sequence} ({decision.LABEL}, {decision.code})"
            if decision.sequence != expected_sequence:
                raise ChainBreak(f"{label}: expected position {expected_sequence}")
            if decision.previous_hash != expected_previous:
                raise ChainBreak(f"{label}: does not follow the previous record")
            if compute_hash(decision) != decision.content_hash:
                raise ChainBreak(f"{label}: content does not match its hash")
            expected_previous = decision.content_hash
            expected_sequence += 1
            count += 1
    reports = WrittenReport.objects.filter(state=WrittenReport.State.READY).select_related(
        "decision"
    )
    for report in reports.iterator(batch_size):
        if report_file_sha256(report) != report.sha256:
            raise ChainBreak(
                f"written report of record {report.decision.sequence} "
                f"({report.decision.code}): file does not match its SHA-256",
                report=report,
            )
    if evidence:
        _verify_evidence()
    return count


def _verify_evidence() -> None:
    """Seals, report signatures and the signed checkpoints outside the database."""
    try:
        verify_evidence()
    except EvidenceBreak as exc:
        raise ChainBreak(str(exc)) from exc

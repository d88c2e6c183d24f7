"""The decision record: one table every decision type extends, chained by hash.

A decision is anything a person decides that the policy wants on record
(DESIGN.md, "Decisions and written reports"). Each decision type is a
subclass of ``Decision`` (multi-table inheritance), so every decision shares
one sequence, one hash chain, one audit path and one written-report pipeline.
Decisions are recorded only by ``ttw_safeguarding.records.decisions.decision_record``
and are never updated or deleted: here by the model and its queryset, and on
the database by triggers (see ``ttw_safeguarding.records.db``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar, NoReturn

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from ttw_safeguarding.records.db import append_only_record
from ttw_safeguarding.records.roles import PERMISSIONS

GENESIS_HASH = "0" * 64


class ImmutableRecordError(Exception):
    """Raised when code tries to change or remove a recorded decision."""


class DecisionQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableRecordError("Recorded decisions cannot be changed; record an amendment.")

    def delete(self) -> NoReturn:
        raise ImmutableRecordError("Recorded decisions cannot be deleted.")


class Decision(models.Model):
    """Common part of every decision. Subclasses set ``KIND`` and ``LABEL``."""

    KIND: ClassVar[str] = ""
    LABEL: ClassVar[str] = "Decision"
    # Clause ids (see sharing.policy.CLAUSES) the decision type rests on by default.
    DEFAULT_CLAUSES: ClassVar[tuple[str, ...]] = ("P6.11",)
    # Fields added after records of the type were made: hashed only when they hold a value
    # (not None, not an empty text), so a record made before the field existed keeps the
    # hash it was chained with.
    HASHED_ONLY_WHEN_SET: ClassVar[tuple[str, ...]] = ()

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=40, editable=False, db_index=True)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    outcome = models.CharField("decision", max_length=200)
    facts = models.TextField("facts", blank=True)
    professional_opinion = models.TextField("professional opinion", blank=True)
    reason = models.TextField("reason for the decision")
    clauses = models.JSONField(default=list, editable=False)
    is_restricted = models.BooleanField(default=False, editable=False)
    # The hash chain: position, the previous record's hash, and this record's hash.
    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    previous_hash = models.CharField(max_length=64, editable=False)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        permissions = list(PERMISSIONS.items())
        constraints = [
            # Two records naming the same predecessor would fork the chain.
            models.UniqueConstraint(fields=["previous_hash"], name="decision_chain_no_fork"),
        ]
        indexes = [
            models.Index(fields=["case", "recorded_at"], name="decision_case_time"),
            # Queues of one decision type, oldest first (e.g. the NSO review queue).
            models.Index(fields=["kind", "recorded_at", "sequence"], name="decision_kind_time"),
        ]

    def __str__(self) -> str:
        return f"{self.LABEL} {self.code}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRecordError("Recorded decisions cannot be changed; record an amendment.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("Recorded decisions cannot be deleted.")

    @property
    def short_code(self) -> str:
        return str(self.code).split("-")[0].upper()

    def field_row(self, name: str) -> tuple[str, object]:
        """One row of the written report: the field's own label and its value as read.

        The label is the model field's verbose name, the one the form shows too, so a
        decision type names each field once; a choice shows its label, a yes/no "Yes" or
        "No", a list of names its names.
        """
        field = self._meta.get_field(name)
        if not isinstance(field, models.Field):
            # A reverse relation is another record's field, with no label or value here.
            raise FieldDoesNotExist(f"{type(self).__name__} has no field {name!r} of its own")
        value = getattr(self, name)
        if getattr(field, "choices", None):
            value = getattr(self, f"get_{name}_display")()
        elif isinstance(field, models.BooleanField):
            value = "Yes" if value else "No"
        elif isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        return capfirst(str(field.verbose_name)), value

    def report_rows(self, *rows: str | tuple[str, object]) -> list[tuple[str, object]]:
        """The rows of the written report, in order: a field's name, or (label, value)."""
        return [self.field_row(row) if isinstance(row, str) else row for row in rows]

    def typed(self) -> Decision:
        """This decision as its own subclass (a query unless already typed)."""
        model = decision_model(self.kind)
        if isinstance(self, model):
            return self
        return model.objects.select_related("case", "recorded_by").get(pk=self.pk)

    def report_context(self) -> dict:
        """Extra rows for the page and the written report: [(label, value), ...]."""
        return {"rows": []}


def decision_models() -> dict[str, type[Decision]]:
    """Every concrete decision type, by kind."""
    found: dict[str, type[Decision]] = {}
    for model in apps.get_models():
        if issubclass(model, Decision) and model is not Decision:
            if not model.KIND:
                raise TypeError(f"{model.__name__} must set KIND")
            found[model.KIND] = model
    return found


def decision_model(kind: str) -> type[Decision]:
    return decision_models()[kind]


@append_only_record
class NeedToKnow(models.Model):
    """A user named on a restricted decision as needing to know (P6.6)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="need_to_know")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "user"], name="need_to_know_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} needs to know {self.decision_id}"


@append_only_record
class Submission(models.Model):
    """The one-time key of the form that recorded something (``records.submissions``).

    It points at what the form recorded: a decision, or another record (a case note, an
    adult subject to an allegation), by its content type and key, so the core names no
    app. Its own table, not a field of the record, so the hash of every decision already
    recorded stays what it was. The unique key is the backstop behind the check made
    under the chain lock (decisions) or in the recording transaction (other records):
    one submitted form, one record.
    """

    key = models.UUIDField(editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        related_name="submission",
        editable=False,
        null=True,
        blank=True,
    )
    record_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        null=True,
        blank=True,
    )
    record_id = models.PositiveBigIntegerField(editable=False, null=True, blank=True)
    record_object = GenericForeignKey("record_type", "record_id")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key"], name="submission_key_once"),
            # A key made exactly one thing: a decision, or one other record.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        decision__isnull=False, record_type__isnull=True, record_id__isnull=True
                    )
                    | models.Q(
                        decision__isnull=True, record_type__isnull=False, record_id__isnull=False
                    )
                ),
                name="submission_made_one_record",
            ),
        ]

    def __str__(self) -> str:
        return f"Submission {self.key} recorded {self.record}"

    @property
    def record(self) -> models.Model | None:
        """What the submission recorded: the decision (as its own type), or the record."""
        if self.decision is not None:
            return self.decision.typed()
        return self.record_object


class Amendment(Decision):
    """A correction: a new decision that points at the original (P6.11)."""

    KIND = "amendment"
    LABEL = "Amendment"

    original = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="amendments")
    correction = models.TextField("what is corrected")

    def report_context(self) -> dict:
        return {
            "rows": [
                ("Amends", f"{self.original.LABEL} {self.original.short_code}"),
                ("What is corrected", self.correction),
            ]
        }


class WrittenReportQuerySet(models.QuerySet):
    def stuck(self) -> WrittenReportQuerySet:
        """Pending longer than ``TTW_REPORT_STUCK_MINUTES``: its job died or never ran."""
        return self.filter(state=WrittenReport.State.PENDING, pending_since__lt=stuck_before())

    def needing_attention(self) -> WrittenReportQuerySet:
        """Failed or stuck: shown to the NSO, made again by ``regenerate_reports`` (P6.9)."""
        return self.filter(
            models.Q(state=WrittenReport.State.FAILED)
            | models.Q(state=WrittenReport.State.PENDING, pending_since__lt=stuck_before())
        )


def stuck_before() -> dt.datetime:
    """A written report pending since before this moment is stuck."""
    return timezone.now() - dt.timedelta(minutes=settings.TTW_REPORT_STUCK_MINUTES)


class WrittenReport(models.Model):
    """The PDF written report of a decision (P6.9) and the state of making it."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="report")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    pdf = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    # When the report was queued, or its latest attempt began: a job killed mid-way
    # leaves no error behind, so "pending for too long" is how it is found.
    pending_since = models.DateTimeField(default=timezone.now)

    objects = WrittenReportQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["state"], name="report_state")]

    def __str__(self) -> str:
        return f"Report for {self.decision_id} ({self.state})"

    @property
    def is_stuck(self) -> bool:
        return self.state == self.State.PENDING and self.pending_since < stuck_before()


class Notification(models.Model):
    """An in-app notice for one user. Carries a short message and a link only."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # opaque, for the pages that open it or mark it read (never the integer key)
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.message


class OutboundEmailQuerySet(models.QuerySet):
    def needing_attention(self) -> OutboundEmailQuerySet:
        """Failed, or pending longer than ``TTW_EMAIL_STUCK_MINUTES``: both need a retry.

        A pending e-mail that old was queued to a worker that died or never ran; it
        shows to the NSO like a failed one (P6.12) and ``send_pending_email`` sends it.
        """
        stuck_before = timezone.now() - dt.timedelta(minutes=settings.TTW_EMAIL_STUCK_MINUTES)
        return self.filter(
            models.Q(state=OutboundEmail.State.FAILED)
            | models.Q(state=OutboundEmail.State.PENDING, created_at__lt=stuck_before)
        )


class OutboundEmail(models.Model):
    """An e-mail waiting to be sent, sent, or failed and waiting for a retry.

    Nothing is dropped: a failed send stays here with its error until a retry
    (``manage.py send_pending_email`` or the background task) succeeds.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # What the e-mail is about, to show failures beside it ("media_contacts.MediaApproach:<uuid>").
    topic = models.CharField(max_length=120, blank=True, db_index=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["state"], name="email_state")]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to} ({self.state})"


@append_only_record
class Seal(models.Model):
    """Ties a decision's audit entry, or its written report, to the decision.

    Seals form a hash chain of their own: each holds the SHA-256 of what it seals
    (the audit entry's content, or the report file) and the hash of the seal before
    it. The signed checkpoints (``ttw_safeguarding.records.checkpoints``) cover its head, so
    an audit entry or report changed, swapped, hidden or deleted is found by
    ``manage.py verify_records``, naming the record. Written once, never changed.
    """

    class Kind(models.TextChoices):
        AUDIT_ENTRY = "audit_entry", "Audit entry"
        WRITTEN_REPORT = "written_report", "Written report"

    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, editable=False)
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="seals", editable=False
    )
    # The audit entry's id, or the written report's.
    subject_id = models.PositiveBigIntegerField(editable=False)
    subject_hash = models.CharField(max_length=64, editable=False)
    sealed_at = models.DateTimeField(default=timezone.now, editable=False)
    previous_hash = models.CharField(max_length=64, editable=False)
    seal_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "decision"], name="seal_once_per_decision"),
            models.UniqueConstraint(fields=["previous_hash"], name="seal_chain_no_fork"),
        ]

    def __str__(self) -> str:
        return f"Seal {self.sequence} ({self.kind} of {self.decision_id})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRecordError("Seals cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("Seals cannot be deleted.")


@append_only_record
class ReportIntegrityFailure(models.Model):
    """A written report whose stored file no longer matches its SHA-256 (P6.9, DESIGN.md).

    One row per report: the first time the mismatch is found, by a download or by
    ``manage.py verify_records``; the NSOs are told then, not at every later click.
    """

    report = models.OneToOneField(
        WrittenReport, on_delete=models.PROTECT, related_name="integrity_failure"
    )
    detected_at = models.DateTimeField(default=timezone.now)
    # Who found it; empty when the scheduled check did.
    detected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"Integrity failure of the written report {self.report_id}"


@append_only_record
class RecordedOnce(models.Model):
    """A follow-up that exists at most once (an NSO review of a share decision, a CMG
    decision on a disclosure, a media acknowledgement...), by its key.

    Written by ``decision_record`` under the chain lock, beside the decision it names, so a
    second writer is told who recorded it; the unique key is the database's backstop. A table
    of its own keeps every stored decision's hash as it was.
    """

    key = models.CharField(max_length=200, unique=True)
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="once")

    def __str__(self) -> str:
        return self.key


class RoleRequest(models.Model):
    """A request, made by the system administrator, that a person be given a role that sees
    case content: the role is granted only when a National Safeguarding Officer confirms it."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for an NSO"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_requests"
    )
    role = models.ForeignKey("auth.Group", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING, editable=False
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(state="pending"),
                name="role_request_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} for {self.user} ({self.get_state_display()})"


class EnrolmentCode(models.Model):
    """A one-time code that lets a person enrol their second factor (SECURITY.md).

    Issued when a role that needs two-factor sign-in is granted, or when a second factor
    is reset; shown once to whoever issued it, to hand over out of band. Only its hash is
    kept; it expires after ``TTW_ENROLMENT_CODE_HOURS`` and works once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolment_codes"
    )
    code_hash = models.CharField(max_length=128, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    issued_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(editable=False)
    used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["user", "used_at"], name="enrolment_code_open")]

    def __str__(self) -> str:
        return f"Enrolment code for {self.user_id} issued {self.issued_at:%Y-%m-%d %H:%M}"


class AlertSent(models.Model):
    """The ledger of alerts: one row per timed item, stage and person told.

    ``send_due_alerts`` inserts the row before it tells anyone, in the transaction that
    writes the notification and the e-mail; the named unique constraint makes two
    commands running at once tell a person once (the second insert waits for the first
    and finds it). A daily digest is ledgered too: key ``digest:<day>``, stage digest.
    """

    class Stage(models.TextChoices):
        DUE = "due", "due"
        OVERDUE = "overdue", "overdue"
        DIGEST = "digest", "daily digest"

    key = models.CharField(max_length=200)
    stage = models.CharField(max_length=10, choices=Stage.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts_sent"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "stage", "recipient"], name="alert_sent_once_per_stage"
            )
        ]
        indexes = [models.Index(fields=["recipient", "sent_at"], name="alert_sent_by_recipient")]

    def __str__(self) -> str:
        return f"{self.key} {self.stage} to {self.recipient_id}"


class AlertPreference(models.Model):
    """How a person wants alerts by e-mail; without a row, one e-mail per alert."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference"
    )
    daily_digest = models.BooleanField(
        "Send me one daily digest instead of an e-mail for each alert",
        default=False,
        help_text="Alerts still appear on your notifications page as they happen.",
    )

    def __str__(self) -> str:
        return f"Alert preference of {self.user_id}"


class EvidenceFile(Decision):
    """A file attached to a record of some app: a scan, a letter, an e-mail, a photo, a PDF.

    Attaching is a decision (P6.11: the record is kept whole): the file's SHA-256 is a
    field of the decision, so it is in the hash chain, and the file is never replaced or
    deleted; a correction is a new file that ``replaces`` the earlier one. The record it
    belongs to is named by its kind and code (``records.record_kinds``), so the owning app
    decides who may see it. The bytes live in the "evidence" storage, outside every URL.
    """

    KIND = "evidence_file"
    LABEL = "Evidence file"

    target_kind = models.CharField("attached to (kind)", max_length=40, editable=False)
    target_code = models.UUIDField("attached to (code)", editable=False)
    file_name = models.CharField("file name", max_length=200)
    content_type = models.CharField("type", max_length=100)
    size = models.PositiveBigIntegerField("size in bytes")
    sha256 = models.CharField("SHA-256", max_length=64)
    storage_name = models.CharField(max_length=200, unique=True, editable=False)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name="replaces",
    )

    class Meta:
        indexes = [
            models.Index(fields=["target_kind", "target_code"], name="evidence_file_target"),
        ]

    @property
    def is_image(self) -> bool:
        return self.content_type in ("image/jpeg", "image/png")

    def report_context(self) -> dict:
        rows: list[tuple[str, object]] = [
            ("File name", self.file_name),
            ("Type", self.content_type),
            ("Size", f"{self.size} bytes"),
            ("SHA-256 of the file", self.sha256),
        ]
        if self.replaces_id is not None:
            replaced = self.replaces
            assert replaced is not None
            rows.append(("Replaces", f"{replaced.file_name} ({replaced.short_code})"))
        return {"rows": rows}

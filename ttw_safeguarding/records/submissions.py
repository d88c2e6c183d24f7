"""One-time submission keys: a form that records something records it once.

Every recording form carries a hidden ``submission_key`` made when the form is shown
(``SubmissionKeyForm``), and every recording view is wrapped in ``@recording``. A
repeated submit of the same form (a retry after an error page, a double click, the
back button) finds the key already used and is sent to the record already made,
"This was already recorded at ...", instead of recording it twice. The key is stored
beside what it recorded (``Submission``, its own table, so no decision's hash changes):
by ``decisions.decision_record`` for a decision, checked again under the chain lock,
and by ``submission_remember`` for any other record (a case note, an adult subject to
an allegation), in the transaction that writes it. The key's unique constraint is the
backstop: a second writer with the same key is refused, and its record with it.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

if TYPE_CHECKING:
    from ttw_safeguarding.records.models import Submission

FIELD = "submission_key"
ALREADY_RECORDED = "This was already recorded at {time} on {date}; it was not recorded again."

V = TypeVar("V", bound=Callable[..., HttpResponse])

# The key of the form being submitted, for the first record the request makes.
_current_key: contextvars.ContextVar[uuid.UUID | None] = contextvars.ContextVar(
    "submission_key", default=None
)


class AlreadyRecorded(Exception):
    """The form was submitted before: ``submission`` says what it recorded, and when."""

    def __init__(self, submission: Submission) -> None:
        super().__init__(f"already recorded with key {submission.key}")
        self.submission = submission
        self.decision = submission.decision


class SubmissionKeyForm:
    """Mixin of every form that records something: carries the one-time key, hidden.

    The key is made when the form is shown and posted back with it; it is kept out of
    ``cleaned_data`` (the views pass that to the services) and read by ``@recording``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.UUIDField(  # type: ignore[attr-defined]
            widget=forms.HiddenInput, required=False, initial=uuid.uuid4
        )

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]  # a mixin: the form class comes after it
        cleaned = getattr(self, "cleaned_data", None)
        if cleaned is not None:
            cleaned.pop(FIELD, None)


def posted_key(request: HttpRequest) -> uuid.UUID | None:
    """The key posted with the form, under its own name or a form prefix ("check-...")."""
    if request.method != "POST":
        return None
    for name, value in request.POST.items():
        if name == FIELD or name.endswith(f"-{FIELD}"):
            try:
                return uuid.UUID(str(value))
            except ValueError:
                return None
    return None


def take_key() -> uuid.UUID | None:
    """The current form's key, once: the first record a request makes takes it."""
    key = _current_key.get()
    _current_key.set(None)
    return key


@contextmanager
def submitted_with(key: uuid.UUID | None) -> Iterator[None]:
    """Record what is recorded inside as the submission of the form carrying ``key``."""
    token = _current_key.set(key)
    try:
        yield
    finally:
        _current_key.reset(token)


def recorded_with(key: uuid.UUID) -> Submission | None:
    """What was recorded with ``key``, if anything."""
    from ttw_safeguarding.records.models import Submission

    return Submission.objects.filter(key=key).select_related("decision", "record_type").first()


def submission_remember(record: models.Model, *, actor: User) -> None:
    """Store the current form's key beside ``record``, a record that is not a decision.

    Called inside the transaction that writes ``record``: a second writer with the same
    key (the same form submitted twice at once) gets ``AlreadyRecorded`` with the first,
    and its transaction writes nothing. Decisions keep their key through
    ``decisions.decision_record``.
    """
    from ttw_safeguarding.records.models import Submission

    key = take_key()
    if key is None:
        return
    try:
        with transaction.atomic():
            Submission.objects.create(
                key=key,
                submitted_by=actor,
                record_type=ContentType.objects.get_for_model(record),
                record_id=record.pk,
            )
    except IntegrityError:
        done = recorded_with(key)
        if done is None:
            raise
        raise AlreadyRecorded(done) from None


def record_url(submission: Submission) -> str:
    """Where the person who submitted the form sees what it recorded (a type may say, else
    the decision's page)."""
    record = submission.record
    url_after_recording = getattr(record, "url_after_recording", None)
    if url_after_recording is not None:
        return url_after_recording()
    if submission.decision is not None:
        return reverse("decisions:detail", args=[submission.decision.code])
    return record.get_absolute_url()  # type: ignore[union-attr]


def already_recorded(request: HttpRequest, submission: Submission) -> HttpResponse:
    when = timezone.localtime(submission.submitted_at)
    messages.info(
        request,
        ALREADY_RECORDED.format(time=when.strftime("%H:%M"), date=when.strftime("%-d %b %Y")),
    )
    return redirect(record_url(submission))


def recording(view: V) -> V:
    """Wrap a view that records something so that one submitted form records once.

    Goes inside ``@access.page``: the page rule is applied first.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = posted_key(request)
        if key is not None:
            done = recorded_with(key)
            # Only the person who recorded it is sent to it; a key is theirs alone.
            if done is not None and done.submitted_by_id == request.user.pk:
                return already_recorded(request, done)
        try:
            with submitted_with(key):
                return view(request, *args, **kwargs)
        except AlreadyRecorded as repeated:
            # The same form submitted twice at once: the second waited for the first.
            return already_recorded(request, repeated.submission)

    wrapped.records_once = True  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]

"""One-time submission keys: a form that records something records it once.

Every recording form carries a hidden ``submission_key`` made when the form is shown
(``SubmissionKeyForm``), and every recording view is wrapped in ``@recording``. A
repeated submit of the same form (a retry after an error page, a double click, the
back button) finds the key already used and is sent to the record already made,
"This was already recorded at ...", instead of recording it twice. The check is made
again under the chain lock in ``decisions.decision_record``, which stores the key
beside the decision (``Submission``, its own table, so no decision's hash changes);
the key's unique constraint is the backstop.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

FIELD = "submission_key"
ALREADY_RECORDED = "This was already recorded at {time} on {date}; it was not recorded again."

V = TypeVar("V", bound=Callable[..., HttpResponse])

# The key of the form being submitted, for the first decision the request records.
_current_key: contextvars.ContextVar[uuid.UUID | None] = contextvars.ContextVar(
    "submission_key", default=None
)


class AlreadyRecorded(Exception):
    """The form was submitted before and recorded ``decision``."""

    def __init__(self, decision: Any) -> None:
        super().__init__(f"already recorded as {decision.code}")
        self.decision = decision


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
        super().full_clean()
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
    """The current form's key, once: the first decision a request records takes it."""
    key = _current_key.get()
    _current_key.set(None)
    return key


def recorded_with(key: uuid.UUID) -> Any | None:
    """The decision recorded with ``key``, if any."""
    from ttw_safeguarding.records.models import Submission

    found = Submission.objects.filter(key=key).select_related("decision").first()
    return found.decision if found is not None else None


def record_url(decision: Any) -> str:
    """Where the person who recorded ``decision`` sees it (a type may say, else its page)."""
    typed = decision.typed()
    url_after_recording = getattr(typed, "url_after_recording", None)
    if url_after_recording is not None:
        return url_after_recording()
    return reverse("decisions:detail", args=[decision.code])


def already_recorded(request: HttpRequest, decision: Any) -> HttpResponse:
    when = timezone.localtime(decision.recorded_at)
    messages.info(
        request,
        ALREADY_RECORDED.format(time=when.strftime("%H:%M"), date=when.strftime("%-d %b %Y")),
    )
    return redirect(record_url(decision))


def recording(view: V) -> V:
    """Wrap a view that records a decision so that one submitted form records once.

    Goes inside ``@access.page``: the page rule is applied first.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = posted_key(request)
        if key is not None:
            done = recorded_with(key)
            # Only the person who recorded it is sent to it; a key is theirs alone.
            if done is not None and done.recorded_by_id == request.user.pk:
                return already_recorded(request, done)
        token = _current_key.set(key)
        try:
            return view(request, *args, **kwargs)
        except AlreadyRecorded as repeated:
            # The same form submitted twice at once: the second waited for the chain lock.
            return already_recorded(request, repeated.decision)
        finally:
            _current_key.reset(token)

    wrapped.records_once = True  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]

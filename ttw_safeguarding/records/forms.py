from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Protocol, cast

from auditlog.models import LogEntry
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import QuerySet

from ttw_safeguarding.records.submissions import SubmissionKeyForm
from ttw_safeguarding.records.validation import CleanTextMixin

# Long text kept on a record: enough for any account, bounded for the database and the PDF.
LONG_TEXT = 20000


def model_field(
    model: type[models.Model], name: str, *, rows: int = 3, **overrides: Any
) -> forms.Field:
    """The form field for the model's field ``name``, so a decision type names a field once.

    Its label is the model field's verbose name (the written report's label too), and
    whether it is required and how long it may be come from the model; a date is a date
    picker, a long text a box of ``rows`` rows. ``overrides`` add what only the form says
    (help text, messages).
    """
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise ValueError(f"{model.__name__}.{name} is a relation from another model")
    kwargs: dict[str, Any] = {}
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        kwargs["widget"] = forms.DateInput(attrs={"type": "date"})
    elif isinstance(field, models.TextField):
        kwargs["widget"] = forms.Textarea(attrs={"rows": rows})
        kwargs["max_length"] = LONG_TEXT
    form_field = field.formfield(**{**kwargs, **overrides})
    if form_field is None:
        raise ValueError(f"{model.__name__}.{name} has no form field")
    return form_field


class Problem(Protocol):
    """What the policy reports (``sharing.policy.Problem``): a message and the field it is about."""

    @property
    def field(self) -> str: ...

    @property
    def message(self) -> str: ...


def refuse(problems: Iterable[Problem]) -> None:
    """A service's refusal: the policy's problems as one ValidationError keyed by field.

    Raised only when there is a problem; ``add_refusal`` puts it back on the form's fields.
    """
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field or NON_FIELD_ERRORS, []).append(problem.message)
    if errors:
        raise ValidationError(errors)


def add_problems(
    form: forms.BaseForm,
    problems: Iterable[Problem],
    *,
    aliases: Mapping[str, str] | None = None,
) -> None:
    """Show each policy problem on the field it names, or above the form (non-field errors).

    ``aliases`` maps the policy's name for a fact to the form's name for the field, where they
    differ. A field that already has an error (an unreadable date, a required value) keeps that
    one message, and a message already shown in the same place is not shown again, so a rule
    checked by the form and again by the service appears once.
    """
    for problem in problems:
        name = (aliases or {}).get(problem.field, problem.field)
        if name and name in form.fields:
            if form.has_error(name):
                continue
            target: str | None = name
        else:
            target = None
        _add_once(form, target, problem.message)


def add_refusal(
    form: forms.BaseForm,
    refusal: ValidationError,
    *,
    aliases: Mapping[str, str] | None = None,
) -> None:
    """Put a service's refusal on the form: on the field it names, else above the form.

    The services raise the same policy problems keyed by field (``sharing.policy``); a
    message the form already showed is not shown again.
    """
    if hasattr(refusal, "error_dict"):
        for key, errors in refusal.error_dict.items():
            name = (aliases or {}).get(key, key)
            target = name if name != NON_FIELD_ERRORS and name in form.fields else None
            for error in errors:
                for message in error.messages:
                    _add_once(form, target, message)
    else:
        for message in refusal.messages:
            _add_once(form, None, message)


def _add_once(form: forms.BaseForm, field: str | None, message: str) -> None:
    # form.errors runs full_clean when the form is unbound or not yet validated; the
    # form's own _errors is what has been gathered so far (None before validation).
    gathered = getattr(form, "_errors", None) or {}
    # A message for the whole form that a field already shows is shown there only.
    places = [field] if field else list(gathered)
    if any(message in gathered.get(place, []) for place in places):
        return
    form.add_error(field, message)


class AmendmentForm(SubmissionKeyForm, CleanTextMixin, forms.Form):
    correction = forms.CharField(
        label="What is corrected",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        help_text="Say exactly what in the original record is wrong and what is right.",
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Record amendment"))


class AuditFilterForm(CleanTextMixin, forms.Form):
    user: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="User"
    )
    record = forms.CharField(
        required=False, max_length=200, label="Record", help_text="Record text or id"
    )
    action = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any")] + list(LogEntry.Action.choices),
    )
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, users: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = users
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("filter", "Filter", css_class="btn-secondary"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start date must be on or before the end date.")
        return cleaned

    def apply(self, entries: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data.get("user"):
            entries = entries.filter(actor=data["user"])
        if data.get("record"):
            term = data["record"]
            entries = entries.filter(object_repr__icontains=term) | entries.filter(object_pk=term)
        if data.get("action") is not None:
            entries = entries.filter(action=data["action"])
        if data.get("date_from"):
            entries = entries.filter(timestamp__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(timestamp__date__lte=data["date_to"] or dt.date.max)
        return entries


class RestrictedAccessForm(CleanTextMixin, forms.Form):
    """P6.6: why a restricted record is opened; written with the access in the audit log."""

    access_reason = forms.CharField(
        label="Why do you need to open this record?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Your reason is written to the audit log with this access.",
    )

    def __init__(self, *args: Any, submit_label: str = "Open the record", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", submit_label))

    def clean_access_reason(self) -> str:
        reason = self.cleaned_data["access_reason"].strip()
        if not reason:
            raise forms.ValidationError("Give the reason you need to open this record.")
        return reason


class AlertPreferenceForm(forms.Form):
    daily_digest = forms.TypedChoiceField(
        label="E-mails about alerts",
        choices=[
            ("false", "An e-mail for each alert as it happens"),
            ("true", "One daily digest instead of an e-mail for each alert"),
        ],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        help_text="Alerts always appear on your notifications page as they happen.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        initial = kwargs.get("initial") or {}
        if "daily_digest" in initial:
            initial["daily_digest"] = "true" if initial["daily_digest"] else "false"
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save"))


class EvidenceFileForm(SubmissionKeyForm, CleanTextMixin, forms.Form):
    """Attach a file to a record: the file, what it is, why it is kept, what it corrects.

    The file is checked here (``evidence.file_check``: name, size, type from the content);
    ``cleaned_data["upload"]`` is then ``(name, bytes)`` for the service.
    """

    upload = forms.FileField(
        label="File",
        allow_empty_file=True,  # refused below with the project's own message
        help_text="A PDF, a JPEG or PNG photo or scan, a plain-text file or an e-mail (.eml).",
    )
    description = forms.CharField(
        label="What the file is",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
        help_text="For example: the welfare officer's handwritten notes of the call, scanned.",
    )
    reason = forms.CharField(
        label="Why it is kept on the record",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
    )
    replaces = forms.ChoiceField(
        label="It corrects an earlier file",
        required=False,
        help_text="The earlier file stays on the record; this one is shown as its correction.",
    )

    def __init__(self, *args: Any, earlier: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["upload"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.txt,.eml"
        self.earlier = {str(f.code): f for f in earlier}
        choice_field = cast(forms.ChoiceField, self.fields["replaces"])
        choice_field.choices = [("", "No, it is a new file")] + [
            (code, f"{f.file_name} ({f.short_code})") for code, f in self.earlier.items()
        ]
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("submit", "Attach the file"))

    def clean_upload(self) -> tuple[str, bytes]:
        from django.conf import settings

        from ttw_safeguarding.records import evidence

        upload = self.cleaned_data["upload"]
        limit = settings.TTW_EVIDENCE_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            # Refused before reading it into memory.
            raise ValidationError(
                evidence.FILE_TOO_LARGE.format(limit=evidence.human_size(limit)), code="too_large"
            )
        data = upload.read()
        name, _kind = evidence.file_check(str(upload.name or ""), data)
        return name, data

    def clean_replaces(self) -> Any:
        code = self.cleaned_data.get("replaces") or ""
        return self.earlier.get(code) if code else None


class SearchForm(CleanTextMixin, forms.Form):
    """The search box (records.search): words, a phrase in quotes, a reference."""

    q = forms.CharField(
        label="Search the records",
        max_length=200,
        help_text='Words, a "phrase in quotes", a name or a reference.',
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("search", "Search", css_class="btn-primary"))

    def clean_q(self) -> str:
        value: str = self.cleaned_data["q"].strip()
        if not value:
            raise ValidationError("Type what to search for.", code="required")
        return value

"""One way to declare a page that records a decision; the view is made from the declaration.

Every such page reads the same way: the page rule (``access.page``, named by the URL), the
record the page is about (through the app's access helper, so a record the user may not see
is a 404), the form, the service, a message, a redirect. The one-time submission key comes
with every page (``submissions.recording``), so a repeated submit records once.

An app declares a ``RecordPage`` for each such URL and puts ``page.view()`` in its urls;
the core knows nothing of the apps (the app gives its form, service and access helper).

A decision type's fields are declared once, on its model: its form draws them from there
(``forms.model_field``, the label being the verbose name) and so does its written report
(``Decision.report_rows``). The page passes the service every cleaned form value whose name
the service takes as a keyword, so no view spells the fields out; form fields the service
does not take are input only (a form that folds rows into one list, say). A refusal by the
service (``ValidationError``) goes on the form field it names, through ``add_refusal``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ttw_safeguarding.records import access, submissions
from ttw_safeguarding.records.decisions import AlreadyRecorded, already_recorded
from ttw_safeguarding.records.forms import add_refusal

S = TypeVar("S")

TEMPLATE = "records/record_page.html"


def _text(value: str | Callable[[Any], str], of: Any) -> str:
    return value(of) if callable(value) else value


@dataclass(frozen=True, kw_only=True)
class RecordPage(Generic[S]):
    """A page that records one decision about ``subject``.

    - ``url_name``: the URL's name, also the name of its page rule (``access.PAGE_RULES``).
    - ``subject``: ``(user, code) -> record``, the app's access helper (404 when not visible).
    - ``subject_arg``: the service's keyword for that record (``adult=``, ``disclosure=``).
    - ``form``: the form class; ``form_kwargs(subject)`` gives what its ``__init__`` needs.
    - ``service``: records the decision: ``service(<subject_arg>=..., actor=..., **values)``.
    - ``once_key(subject)``: for a decision made once per subject, a page opened after it
      was made says so and sends the user to ``shown_at(subject)`` (default: the subject's
      decision page); a second submit is answered by the record path, which holds the
      chain lock.
    - ``success``: the message once recorded (or a function of the decision);
      ``after(request, subject, decision)``: where to go then (default: the decision's page).
    - ``title``, ``intro``, ``about``, ``back_url``, ``clause``: what the page says, each
      a value or a function of the subject. ``clause`` is the policy clause shown above the
      form (an object with ``id``, ``title`` and ``text``).
    - ``template`` (default: the one record page) gets ``form``, those texts, and the subject
      under its service keyword (``adult``, ``case``...), with ``context(subject)`` added.
    - ``aliases``: the service's names for facts that the form calls otherwise.
    """

    url_name: str
    subject: Callable[[Any, str], S]
    subject_arg: str
    form: type[forms.BaseForm]
    service: Callable[..., Any]
    title: str | Callable[[S], str]
    success: str | Callable[[Any], str]
    intro: str | Callable[[S], str] = ""
    about: Callable[[S], str] | None = None
    back_url: Callable[[S], str] | None = None
    clause: Any = None
    form_kwargs: Callable[[S], dict[str, Any]] | None = None
    once_key: Callable[[S], str] | None = None
    shown_at: Callable[[S], str] | None = None
    after: Callable[[HttpRequest, S, Any], HttpResponse] | None = None
    template: str = TEMPLATE
    context: Callable[[S], dict[str, Any]] | None = None
    aliases: Mapping[str, str] = field(default_factory=dict)
    service_fields: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        parameters = inspect.signature(self.service).parameters
        for needed in (self.subject_arg, "actor"):
            if needed not in parameters:
                raise ImproperlyConfigured(
                    f"{self.url_name}: the service takes no {needed!r} keyword."
                )
        names = frozenset(parameters) - {self.subject_arg, "actor"}
        object.__setattr__(self, "service_fields", names)

    def values(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        """The service's keyword arguments, from the form's cleaned values."""
        return {name: value for name, value in cleaned.items() if name in self.service_fields}

    def make_form(self, request: HttpRequest, subject: S) -> forms.BaseForm:
        extra = self.form_kwargs(subject) if self.form_kwargs is not None else {}
        # A POST is always checked, even an empty one: it gets its errors, not a blank form.
        data = request.POST if request.method == "POST" else None
        return self.form(data, **extra)

    def render(self, request: HttpRequest, subject: S, form: forms.BaseForm) -> HttpResponse:
        return render(
            request,
            self.template,
            {
                self.subject_arg: subject,
                "form": form,
                "title": _text(self.title, subject),
                "intro": _text(self.intro, subject),
                "about": self.about(subject) if self.about is not None else "",
                "back_url": self.back_url(subject) if self.back_url is not None else "",
                "clause": self.clause,
                **(self.context(subject) if self.context is not None else {}),
            },
        )

    def handle(self, request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
        subject = self.subject(request.user, code)
        if self.once_key is not None and request.method != "POST":
            existing = already_recorded(self.once_key(subject))
            if existing is not None:
                messages.info(request, AlreadyRecorded(existing).message)
                if self.shown_at is not None:
                    return redirect(self.shown_at(subject))
                return redirect("decisions:detail", code=subject.code)  # type: ignore[attr-defined]
        form = self.make_form(request, subject)
        if request.method == "POST" and form.is_valid():
            try:
                decision = self.service(
                    **{self.subject_arg: subject, "actor": request.user},
                    **self.values(form.cleaned_data),
                )
            except ValidationError as refusal:
                # Nothing was recorded: the policy refused it (the same rules as the form's).
                add_refusal(form, refusal, aliases=self.aliases)
            else:
                messages.success(request, _text(self.success, decision))
                if self.after is not None:
                    return self.after(request, subject, decision)
                return redirect("decisions:detail", code=decision.code)
        return self.render(request, subject, form)

    def view(self) -> Callable[..., HttpResponse]:
        """The view for this page: page rule, then the one-time key, then ``handle``."""

        def record_page(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
            return self.handle(request, code)

        record_page.__name__ = record_page.__qualname__ = self.url_name.split(":")[-1]
        record_page.__doc__ = self.title if isinstance(self.title, str) else None
        return access.page(self.url_name)(submissions.recording(record_page))

"""Shared pages: home, notifications, the decision page, its report, amendments, audit log."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import select_template

from ttw_safeguarding.records import access, need_to_know, pages, search, submissions
from ttw_safeguarding.records.decisions import amendment_record
from ttw_safeguarding.records.forms import (
    AmendmentForm,
    AuditFilterForm,
    RestrictedAccessForm,
    SearchForm,
)
from ttw_safeguarding.records.integrity import (
    integrity_failure_message,
    report_integrity_failure_record,
)
from ttw_safeguarding.records.models import Amendment, WrittenReport
from ttw_safeguarding.records.paging import paginate


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@access.page("home")
def home(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "has_role": access.has_any_role(user),
        "report_stuck_minutes": settings.TTW_REPORT_STUCK_MINUTES,
    }
    # Each app's panel, in the order the apps registered them (records.pages).
    context.update(pages.home_context(user))
    return render(request, "ttw_safeguarding/home.html", context)


@access.page("search:results")
def search_results(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    """One search across the records: each source's matches the user may open, ranked."""
    form = SearchForm(request.GET if "q" in request.GET else None)
    results: list[search.SourceResults] = []
    if form.is_bound and form.is_valid():
        results = search.search_for(request.user, form.cleaned_data["q"])
    return render(
        request,
        "ttw_safeguarding/search.html",
        {
            "form": form,
            "query": form.cleaned_data.get("q", "") if form.is_bound else "",
            "results": results,
            "searched": form.is_bound and not form.errors,
            "total": sum(result.count for result in results),
            "more_than_counted": any(result.more_than_counted for result in results),
        },
    )


@access.page("decisions:detail")
def decision_detail(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    decision = access.decision_for_user(request.user, code)
    if need_to_know.reason_required_to_open(decision):
        # P6.6: a restricted record opens only after a reason, logged with the access.
        asked = _restricted_reason(request, decision, what="decision page")
        if asked is not None:
            return asked
    else:
        access.log_access(request.user, decision, what="decision page")
    amendments = (
        # Only the amendments this user may see: a restricted correction stays restricted.
        Amendment.objects.filter(
            original=decision, pk__in=access.decisions_visible_to(request.user)
        )
        .select_related("recorded_by")
        .order_by("sequence")
    )
    report = WrittenReport.objects.filter(decision=decision).first()
    context = {
        "decision": decision,
        "details": decision.report_context(),
        "clauses": pages.clauses_described(decision.clauses),
        "report": report,
        "report_stuck_minutes": settings.TTW_REPORT_STUCK_MINUTES,
        "amendments": amendments,
        "can_amend": access.can_manage_cases(request.user),
        "case_url": access.case_url_for(request.user, decision.case) if decision.case_id else "",
        "kind_template": select_template(
            [f"decisions/kinds/{decision.KIND}.html", "decisions/kinds/default.html"]
        ),
        # What a decision type adds to its page for this user (related records, actions).
        "kind": pages.decision_page_context(decision, request.user),
    }
    return render(request, "decisions/detail.html", context)


def _restricted_reason(
    request: HttpRequest, decision: Any, *, what: str, submit_label: str = "Open the record"
) -> HttpResponse | None:
    """P6.6: ask why a restricted record is opened; the reason is logged with the access.

    Returns the question page, or None once a reason is given and the access logged.
    """
    form = RestrictedAccessForm(
        request.POST if request.method == "POST" else None, submit_label=submit_label
    )
    if form.is_valid():
        access.log_access(
            request.user, decision, reason=form.cleaned_data["access_reason"], what=what
        )
        return None
    # The attempt is a read too (label and code only): it is logged before any reason.
    access.log_access(request.user, decision, what=f"{what}: reason asked")
    return render(request, "decisions/restricted_reason.html", {"decision": decision, "form": form})


@access.page("decisions:report")
def decision_report(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponseBase:
    decision = access.decision_for_user(request.user, code)
    report = WrittenReport.objects.filter(decision=decision).first()
    if report is None or report.state != WrittenReport.State.READY:
        messages.error(request, "The written report is not ready yet.")
        return redirect("decisions:detail", code=decision.code)
    with report.pdf.open("rb") as fh:
        data = fh.read()
    if hashlib.sha256(data).hexdigest() != report.sha256:
        # Recorded and told once per report, so the message below is true at every click.
        report_integrity_failure_record(report=report, detected_by=request.user)
        messages.error(request, integrity_failure_message())
        return redirect("decisions:detail", code=decision.code)
    if need_to_know.reason_required_to_open(decision):
        # P6.6: the written report of a restricted record also asks for a reason.
        asked = _restricted_reason(
            request, decision, what="written report download", submit_label="Download"
        )
        if asked is not None:
            return asked
    else:
        access.log_access(request.user, decision, what="written report download")
    response = FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=f"{decision.KIND}-{decision.short_code}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store"
    return response


@access.page("decisions:amend")
@submissions.recording
def decision_amend(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    decision = access.decision_for_user(request.user, code)
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = amendment_record(
                original=decision,
                actor=request.user,
                correction=form.cleaned_data["correction"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The amendment is recorded.")
            return redirect("decisions:detail", code=amendment.code)
    return render(request, "decisions/amend.html", {"decision": decision, "form": form})


@access.page("audit:log")
def audit_log(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, users=get_user_model().objects.order_by("username"))
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    if form.is_valid():
        entries = form.apply(entries)
    page = paginate(request, entries, 50)
    for entry in page["page_obj"]:
        entry.who = _who_acted(entry)
        entry.details = {k: v for k, v in (entry.additional_data or {}).items() if k != "actor"}
    return render(request, "ttw_safeguarding/audit_log.html", {"form": form, **page})


def _who_acted(entry: Any) -> str:
    """Who acted, as stored on the entry when it was written (name and username at the
    time), whatever happened to the account since; "system" for a command or shell."""
    kept = (entry.additional_data or {}).get("actor")
    if isinstance(kept, dict) and kept.get("username"):
        return f"{kept.get('name') or kept['username']} ({kept['username']})"
    if entry.actor_id:
        return entry.actor.get_username()
    return "system"

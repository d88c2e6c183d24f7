"""Pages of the cases app. Each reads top to bottom: access, form, service, message, redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from adults import selectors as adult_selectors
from cases import access as case_access
from cases import action_access, action_selectors, forms, selectors, services
from cases import search as case_search
from cases.models import AdultSubjectToAllegation, Case, Child, ChildMerge
from sharing import policy
from ttw_safeguarding.records import access, submissions
from ttw_safeguarding.records.forms import add_refusal
from ttw_safeguarding.records.names import display_name
from ttw_safeguarding.records.paging import paginate
from ttw_safeguarding.records.record_pages import RecordPage
from ttw_safeguarding.records.reports import render_pdf
from ttw_safeguarding.records.signing import pdf_sign


def _summarise(main: Any, label: str, other: Any) -> None:
    """Copy another form's errors into the main form's summary, so one summary lists all."""
    for name, errors in other.errors.items():
        field = other.fields.get(name)
        what = f"{label}, {field.label.lower()}" if field is not None else label
        for error in errors:
            main.add_error(None, f"{what}: {error}")


# --- concerns: reporters ----------------------------------------------------------------


@access.page("cases:concern_new")
@submissions.recording
def concern_new(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    chosen = request.POST.get("child") or request.GET.get("child") or ""
    if not access.can_manage_cases(user):
        # Reporters type the child's details, whatever the request names: no search and no
        # lookup, so no answer or timing says whether a child is known (an officer matches
        # the concern to a known child at triage).
        chosen = "new"
    if not chosen:
        search = forms.ChildSearchForm(request.GET or None)
        term = search.cleaned_data["q"] if search.is_valid() else ""
        results = list(selectors.children_for_concern(user=user, q=term)) if term else None
        return render(
            request,
            "cases/concern_find_child.html",
            {"form": search, "results": results, "term": term, "call_999": policy.CALL_999},
        )
    child = None if chosen == "new" else case_access.child_for_concern(user, chosen)
    data = request.POST if request.method == "POST" else None
    form = forms.ConcernForm(
        data,
        clubs=case_access.concern_clubs_for(user),
        ttw_event=case_access.may_record_ttw_event(user),
    )
    child_form = forms.NewChildForm(data, prefix="child") if child is None else None
    marks = forms.BodyMapFormSet(data, prefix="marks")
    if data is not None:
        valid = form.is_valid()
        if child_form is not None and not child_form.is_valid():
            valid = False
            _summarise(form, "Child", child_form)
        if not marks.is_valid():
            valid = False
            for number, mark_form in enumerate(marks.forms, start=1):
                _summarise(form, f"Body map mark {number}", mark_form)
            for error in marks.non_form_errors():
                form.add_error(None, f"Body map: {error}")
        if valid:
            new_child = services.NewChild(**child_form.cleaned_data) if child_form else None
            fields = dict(form.cleaned_data)
            is_urgent = fields.pop("in_immediate_danger")
            try:
                concern = services.concern_record(
                    actor=user,
                    child=child,
                    new_child=new_child,
                    is_urgent=is_urgent,
                    body_map=marks.marks(),
                    **fields,
                )
            except ValidationError as exc:
                add_refusal(form, exc)
            else:
                messages.success(request, "Your concern is recorded.")
                return redirect("cases:concern_submitted", code=concern.code)
    return render(
        request,
        "cases/concern_form.html",
        {
            "form": form,
            "child": child,
            "child_form": child_form,
            "marks": marks,
            "chosen": chosen,
            "may_search": access.can_manage_cases(user),
            "call_999": policy.CALL_999,
        },
    )


@access.page("cases:concern_submitted")
def concern_submitted(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    concern = case_access.submission_for_user(request.user, code)
    return render(
        request,
        "cases/concern_submitted.html",
        {"concern": concern, "call_999": policy.CALL_999},
    )


@access.page("cases:my_submissions")
def my_submissions(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    items = selectors.submissions(user=request.user)
    return render(request, "cases/my_submissions.html", paginate(request, items))


@access.page("cases:submission_detail")
def submission_detail(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    concern = case_access.submission_for_user(request.user, code)
    access.log_access(request.user, concern, what="own submission")
    return render(
        request,
        "cases/submission_detail.html",
        {"concern": concern, "marks": concern.body_map_marks()},
    )


# --- concerns: officers -----------------------------------------------------------------


@access.page("cases:concerns")
def concerns(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    show_all = request.GET.get("show") == "all"
    items = selectors.concerns_for_triage(user=request.user, untriaged_only=not show_all)
    context = {"show_all": show_all, "may_triage": access.can_manage_cases(request.user)}
    page = paginate(request, items)
    page["page_obj"].object_list = selectors.with_triage_due(page["page_obj"].object_list)
    return render(request, "cases/concerns.html", {**context, **page})


@access.page("cases:triage")
@submissions.recording
def triage(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    user = request.user
    concern = case_access.concern_for_user(user, code)
    done = selectors.triage_of(concern)
    form = None
    if done is None:
        matches = selectors.likely_matches(user=user, concern=concern)
        form = forms.TriageForm(
            request.POST if request.method == "POST" else None,
            owners=access.users_who_manage_cases(),
            cases=selectors.cases_for_triage(user=user, concern=concern, matches=matches),
            matches=matches,
            actor=user,
            categories=concern.categories,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.concern_triage(
                    actor=user,
                    concern=concern,
                    case=data.get("case"),
                    child=data.get("child"),
                    owner=data["owner"],
                    risk_level=data["risk_level"],
                    status=data["status"],
                    meets_referral_threshold=data["meets_referral_threshold"],
                    threshold_rationale=data["threshold_rationale"],
                    reason=data["reason"],
                    professional_opinion=data["professional_opinion"],
                    allegation_adult_name=data.get("allegation_adult_name", ""),
                    allegation_role_in_ttw=data.get(
                        "allegation_role_in_ttw", AdultSubjectToAllegation.RoleInTTW.NONE
                    ),
                )
            except ValidationError as exc:
                add_refusal(form, exc)
            else:
                assert decision.case is not None, "a triage always files its concern in a case"
                messages.success(request, f"Triage recorded: {decision.outcome}.")
                return redirect("cases:detail", code=decision.case.code)
    if request.method == "GET":
        access.log_access(user, concern, what="concern for triage")
    return render(
        request,
        "cases/triage.html",
        {
            "concern": concern,
            "done": done,
            "form": form,
            "marks": concern.body_map_marks(),
        },
    )


# --- cases --------------------------------------------------------------------------------


@access.page("cases:list")
def case_list(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    owners = access.users_who_manage_cases()
    form = forms.CaseFilterForm(request.GET or None, owners=owners)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"],
            "status": data["status"],
            "risk": data["risk"],
            "owner": data["owner"],
            "category": data["category"],
            "overdue": data["overdue"],
        }
    items = selectors.case_list(user=request.user, **filters)
    context = paginate(request, items)
    context["cases"] = selectors.with_overdue(context["page_obj"].object_list)
    return render(request, "cases/case_list.html", {"form": form, **context})


def _case_page(request: HttpRequest, case: Case, **extra: Any) -> HttpResponse:
    context = selectors.case_detail(user=request.user, case=case)
    context["open_actions"] = action_selectors.case_open_actions(user=request.user, case=case)
    context["may_add_action"] = action_access.can_add_action(request.user)
    if case_access.can_mark_club_task_done(request.user):
        # A welfare officer marks an open task done from the case page, one form per task.
        for item in context["shared_back"]:
            if item.is_open_task:
                item.form = forms.ClubTaskDoneForm(auto_id=f"task-{item.share_back.code}-%s")
    return render(request, "cases/case_detail.html", {**context, **extra})


@access.page("cases:detail")
def case_detail(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    case = case_access.case_for_user(request.user, code)
    access.log_access(request.user, case, what="case page")
    return _case_page(request, case)


@access.page("cases:update")
@submissions.recording
def case_update(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    case = case_access.case_for_user(request.user, code)
    form = forms.CaseUpdateForm(
        request.POST if request.method == "POST" else None,
        case=case,
        owners=access.users_who_manage_cases(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            note = services.case_update(
                actor=request.user,
                case=case,
                owner=data["owner"],
                risk_level=data["risk_level"],
                status=data["status"],
                meets_referral_threshold=data.get(
                    "meets_referral_threshold", case.meets_referral_threshold
                ),
                threshold_rationale=data.get("threshold_rationale", ""),
                why=data["why"],
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "The case is updated." if note else "Nothing changed.")
            return redirect("cases:detail", code=case.code)
    return render(
        request,
        "cases/case_form.html",
        {"case": case, "form": form, "title": f"Change case {case.reference}"},
    )


@access.page("cases:note_add")
@submissions.recording
def note_add(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    case = case_access.case_for_user(request.user, code)
    form = forms.CaseNoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.case_note_add(actor=request.user, case=case, text=form.cleaned_data["text"])
        messages.success(request, "The note is added.")
        return redirect("cases:detail", code=case.code)
    return render(
        request,
        "cases/case_form.html",
        {"case": case, "form": form, "title": f"Add a note to case {case.reference}"},
    )


# --- decisions about a case, each declared once (ttw_safeguarding.records.record_pages) ----------


def _back_to_case(request: HttpRequest, case: Case, decision: Any) -> HttpResponse:
    return redirect("cases:detail", code=case.code)


def _closure_refusal(case: Case) -> dict[str, Any]:
    # P6.2: what would refuse the closure, shown before the officer fills the form in.
    return {
        "problems": policy.case_closure_problems(
            meets_threshold=case.meets_referral_threshold,
            referral_count=case.decisions.filter(kind="referral").count(),
        )
    }


REFERRAL = RecordPage[Case](
    url_name="cases:referral_add",
    subject=case_access.case_for_user,
    subject_arg="case",
    form=forms.ReferralForm,
    # Wales Safeguarding Procedures C2: the authority where it happened, offered first.
    form_kwargs=lambda case: {"where_it_happened": selectors.where_it_happened(case=case)},
    service=services.referral_record,
    template="cases/case_form.html",
    title=lambda case: f"Record a referral for case {case.reference}",
    intro="A referral to an external agency is a decision: it is recorded for good, "
    "with a written report (P6.2, P6.9).",
    success=lambda referral: f"{referral.outcome}: the referral is recorded.",
    after=_back_to_case,
)
referral_add = REFERRAL.view()

CLOSURE = RecordPage[Case](
    url_name="cases:close",
    subject=case_access.case_for_user,
    subject_arg="case",
    form=forms.CaseClosureForm,
    service=services.case_close,
    template="cases/case_form.html",
    title=lambda case: f"Close case {case.reference}",
    success=lambda closure: f"Case {closure.case.reference} is closed.",
    context=_closure_refusal,
    after=_back_to_case,
)
case_close = CLOSURE.view()


def _share_back_refusal(case: Case) -> dict[str, Any]:
    # P6.1: a case from one of TTW's own events has no club; said before the form is filled.
    if case.club_id is not None:
        return {}
    return {"problems": [policy.Problem("P6.1", "", policy.SHARE_BACK_NO_CLUB)]}


SHARE_BACK = RecordPage[Case](
    url_name="cases:share_back_add",
    subject=case_access.case_for_user,
    subject_arg="case",
    form=forms.ClubShareBackForm,
    form_kwargs=lambda case: {"case": case},
    service=services.club_share_back_record,
    template="cases/case_form.html",
    title=lambda case: f"Share with the club: case {case.reference}",
    intro="A note or a task for the welfare officers of the case's club, because they need "
    "it to safeguard the child (P6.1). It is a decision: recorded for good, with the reason "
    "and a written report (P6.11). They see only what you write here.",
    success=lambda share_back: (
        f"Shared with {share_back.club}: the club's welfare officers are told."
    ),
    context=_share_back_refusal,
    after=_back_to_case,
)
share_back_add = SHARE_BACK.view()


@access.page("cases:task_done")
@submissions.recording
def task_done(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    task = case_access.club_task_for_user(request.user, code)
    case = task.case
    assert case is not None, "a task shared back is always about a case"
    form = forms.ClubTaskDoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.club_task_done(
                actor=request.user, task=task, outcome=form.cleaned_data["outcome"]
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "The task is marked done; the NSO's team is told.")
            return redirect("cases:detail", code=case.code)
    return render(
        request,
        "cases/task_done.html",
        {"case": case, "task": task, "done": selectors.task_done_of(task), "form": form},
    )


@access.page("cases:adult_add")
@submissions.recording
def adult_add(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    case = case_access.case_for_user(request.user, code)
    user = request.user

    def matches_for(name: str, date_of_birth: Any) -> list[Any]:
        return adult_selectors.likely_matches(user=user, name=name, date_of_birth=date_of_birth)

    form = forms.AdultForm(
        request.POST if request.method == "POST" else None, matches_for=matches_for
    )
    if request.method == "POST" and form.is_valid():
        try:
            adult = services.adult_add(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, f"{adult.name} is added to the case.")
            return redirect("cases:detail", code=case.code)
    return render(
        request,
        "cases/case_form.html",
        {
            "case": case,
            "form": form,
            "title": f"Add an adult subject to an allegation to case {case.reference}",
        },
    )


@access.page("cases:adult_edit")
@submissions.recording
def adult_edit(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    adult = case_access.adult_for_user(request.user, code)
    initial = {name: getattr(adult, name) for name in services.ADULT_FIELDS}
    form = forms.AdultForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.adult_update(actor=request.user, adult=adult, **form.cleaned_data)
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "The changes are saved.")
            return redirect("cases:detail", code=adult.case.code)
    return render(
        request,
        "cases/case_form.html",
        {"case": adult.case, "form": form, "title": f"Change {adult.name}"},
    )


# --- chronologies ------------------------------------------------------------------------


def _chronology_pdf(
    request: access.AuthenticatedHttpRequest,
    subject: str,
    events: list,
    filename: str,
    *,
    one_case: bool,
) -> HttpResponse:
    who = display_name(request.user)
    pdf = render_pdf(
        "reports/chronology.html",
        {
            "subject": subject,
            "events": events,
            "generated_at": timezone.now(),
            "generated_by": who,
            "one_case": one_case,
        },
        title=f"Chronology: {subject}",
        subject=f"Chronology of {subject}",
        author=who,
    )
    # PDF/A and signed like a written report, so that a chronology given to the police, a
    # designated officer or a court can be checked as the one TTW issued (P6.9).
    pdf = pdf_sign(pdf, reason=f"Chronology of {subject}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@access.page("cases:chronology")
def chronology(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    case = case_access.case_for_user(request.user, code)
    access.log_access(request.user, case, what="chronology")
    events = selectors.chronology_for_case(user=request.user, case=case)
    return render(
        request,
        "cases/chronology.html",
        {"case": case, "subject": f"case {case.reference}", "events": events},
    )


@access.page("cases:chronology_pdf")
def chronology_pdf(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    case = case_access.case_for_user(request.user, code)
    access.log_access(request.user, case, what="chronology PDF")
    events = selectors.chronology_for_case(user=request.user, case=case)
    subject = f"case {case.reference} ({case.child.name})"
    return _chronology_pdf(
        request, subject, events, f"chronology-{case.reference}.pdf", one_case=True
    )


@access.page("cases:children")
def children(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.ChildSearchForm(request.GET or None)
    term = form.cleaned_data["q"] if form.is_valid() else ""
    items = selectors.child_search(user=request.user, q=term)
    return render(request, "cases/children.html", {"form": form, **paginate(request, items)})


@access.page("cases:child_detail")
def child_detail(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    child = case_access.child_for_user(request.user, code)
    access.log_access(request.user, child, what="child page")
    merged_into = ChildMerge.objects.filter(merged=child).select_related("keep").first()
    # The children merged into this one are part of it: their cases show here (P6.11).
    merged = list(Child.objects.filter(merged_into__keep=child).order_by("reference"))
    cases = selectors.with_overdue(
        selectors.case_list(user=request.user).filter(child__in=[child, *merged])
    )
    return render(
        request,
        "cases/child_detail.html",
        {
            "child": child,
            "cases": cases,
            "merged_into": merged_into.keep if merged_into is not None else None,
            "merged_children": merged,
            "likely_duplicates": (
                []
                if merged_into is not None
                else case_search.likely_duplicates(request.user, child)
            ),
        },
    )


@access.page("cases:child_merge")
@submissions.recording
def child_merge(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    merged = case_access.child_for_user(request.user, code)
    form = forms.ChildMergeForm(
        request.POST if request.method == "POST" else None,
        merged=merged,
        candidates=case_search.likely_duplicates(request.user, merged),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            merge = services.child_merge_record(
                actor=request.user,
                merged=merged,
                keep=data["keep"],
                reason=data["reason"],
                facts=data.get("facts", ""),
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, f"{merged.name}'s record is merged into {merge.keep.name}'s.")
            return redirect("cases:child_detail", code=merge.keep.code)
    return render(request, "cases/child_merge.html", {"child": merged, "form": form})


@access.page("cases:child_chronology")
def child_chronology(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    child: Child = case_access.child_for_user(request.user, code)
    access.log_access(request.user, child, what="chronology")
    events = selectors.chronology_for_child(user=request.user, child=child)
    return render(
        request,
        "cases/chronology.html",
        {"child": child, "subject": f"{child.name} ({child.reference})", "events": events},
    )


@access.page("cases:child_chronology_pdf")
def child_chronology_pdf(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    child: Child = case_access.child_for_user(request.user, code)
    access.log_access(request.user, child, what="chronology PDF")
    events = selectors.chronology_for_child(user=request.user, child=child)
    subject = f"{child.name} ({child.reference})"
    return _chronology_pdf(
        request, subject, events, f"chronology-{child.reference}.pdf", one_case=False
    )

"""Pages of the statutory records: access, form, service, message, redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cases import access as case_access
from sharing import access as sharing_access
from sharing import policy
from sharing.models import (
    CmgDecision,
    DbsDisclosure,
    DisciplinaryOutcome,
    PlanningRequest,
    StatutoryAdvice,
)
from sharing.statutory import forms, selectors, services
from ttw_safeguarding.records import access, submissions
from ttw_safeguarding.records.decisions import AlreadyRecorded, already_recorded
from ttw_safeguarding.records.models import Decision
from ttw_safeguarding.records.paging import paginate


def _record_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    intro: str,
    about: str = "",
    back_url: str = "",
    clause: str = "",
) -> HttpResponse:
    return render(
        request,
        "sharing/statutory/record_form.html",
        {
            "form": form,
            "title": title,
            "intro": intro,
            "about": about,
            "back_url": back_url,
            "clause": policy.CLAUSES.get(clause),
        },
    )


def _recorded(request: HttpRequest, decision: Decision, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("decisions:detail", code=decision.code)


def _attempt(form: Any, record: Any) -> Decision | None:
    """Run the service; a policy refusal becomes a form error and nothing is recorded."""
    try:
        return record()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


def _record_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "facts": data.get("facts", ""),
        "professional_opinion": data.get("professional_opinion", ""),
        "reason": data["reason"],
    }


# --- lists ----------------------------------------------------------------------


@access.page("sharing:statutory_list")
def statutory_list(request: HttpRequest) -> HttpResponse:
    form = forms.StatutorySearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    records = selectors.statutory_records(request.user, search=search)
    return render(
        request,
        "sharing/statutory/list.html",
        {
            "form": form,
            "search": search,
            "labels": selectors.kind_labels(),
            **paginate(request, records),
        },
    )


@access.page("sharing:adult_statutory")
def adult_statutory(request: HttpRequest, code: str) -> HttpResponse:
    adult = case_access.adult_for_user(request.user, code)
    return render(
        request,
        "sharing/statutory/adult.html",
        {
            "adult": adult,
            "records": selectors.adult_records(request.user, adult=adult),
            "labels": selectors.kind_labels(),
            "can_record_disciplinary": access.can_view_restricted(request.user),
            "case_url": access.case_url_for(request.user, adult.case),
        },
    )


@access.page("sharing:planning_register")
def planning_register(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.planning_register(request.user))
    rows = selectors.planning_rows(page["page_obj"].object_list)
    return render(request, "sharing/statutory/planning_register.html", {"rows": rows, **page})


@access.page("sharing:cmg_list")
def cmg_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.disclosures_put_to_cmg(request.user))
    return render(
        request,
        "sharing/statutory/cmg_list.html",
        {
            "can_record": access.can_record_cmg_decision(request.user),
            "outcomes": dict(policy.CMG_OUTCOME_CHOICES),
            **page,
        },
    )


# --- P6.3 statutory advice --------------------------------------------------------


@access.page("sharing:advice_new")
@submissions.recording
def advice_new(request: HttpRequest, code: str) -> HttpResponse:
    adult = case_access.adult_for_user(request.user, code)
    form = forms.StatutoryAdviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        advice = _attempt(
            form,
            lambda: services.statutory_advice_record(
                adult=adult,
                actor=request.user,
                agency=data["agency"],
                agency_name=data["agency_name"],
                adviser=data["adviser"],
                advised_on=data["advised_on"],
                question=data["question"],
                advice=data["advice"],
                organisations=data["organisations"],
                **_record_fields(data),
            ),
        )
        if advice:
            return _recorded(request, advice, "The statutory advice is recorded.")
    return _record_page(
        request,
        form,
        title="Record statutory advice",
        intro="Record the advice of the statutory agencies on whether the organisations where "
        "this adult works with children should be told, and who tells each.",
        about=adult.name,
        back_url=reverse("sharing:adult_statutory", args=[adult.code]),
        clause="P6.3",
    )


@access.page("sharing:advice_confirm")
@submissions.recording
def advice_confirm(request: HttpRequest, code: str) -> HttpResponse:
    advice = sharing_access.statutory_record_for_user(request.user, code, StatutoryAdvice)
    confirmed = [c.organisation for c in selectors.advice_confirmations(advice)]
    form = forms.AdviceConfirmationForm(request.POST or None, advice=advice, confirmed=confirmed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        confirmation = _attempt(
            form,
            lambda: services.advice_confirmation_record(
                advice=advice,
                actor=request.user,
                organisation=data["organisation"],
                told_on=data["told_on"],
                facts=data["facts"],
                reason=data["reason"],
            ),
        )
        if confirmation:
            messages.success(request, "That the organisation was told is recorded.")
            return redirect("decisions:detail", code=advice.code)
    return _record_page(
        request,
        form,
        title="Record that an organisation was told",
        intro="Confirm that an organisation named in the statutory advice was told.",
        about=advice.adult.name,
        back_url=reverse("decisions:detail", args=[advice.code]),
        clause="P6.3",
    )


# --- P6.4 planning requests -------------------------------------------------------


@access.page("sharing:planning_new")
@submissions.recording
def planning_new(request: HttpRequest, code: str) -> HttpResponse:
    adult = case_access.adult_for_user(request.user, code)
    form = forms.PlanningRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        planning = _attempt(
            form,
            lambda: services.planning_request_record(
                adult=adult,
                actor=request.user,
                agency=data["agency"],
                agency_name=data["agency_name"],
                request_kind=data["request_kind"],
                request=data["request"],
                received_on=data["received_on"],
                due_on=data["due_on"],
                facts=data["facts"],
                reason=data["reason"],
            ),
        )
        if planning:
            return _recorded(request, planning, "The planning request is in the register.")
    return _record_page(
        request,
        form,
        title="Enter a planning request",
        intro="A statutory agency asks TTW to contribute to its planning: a strategy meeting, "
        "a MAPPA meeting or an investigation.",
        about=adult.name,
        back_url=reverse("sharing:adult_statutory", args=[adult.code]),
        clause="P6.4",
    )


@access.page("sharing:planning_contribute")
@submissions.recording
def planning_contribute(request: HttpRequest, code: str) -> HttpResponse:
    planning = sharing_access.statutory_record_for_user(request.user, code, PlanningRequest)
    existing = already_recorded(services.planning_contribution_once_key(planning))
    # A page opened afterwards says so; a second submit is answered on its form by the
    # record path (decision_record's once_key), which holds the chain lock.
    if existing is not None and request.method != "POST":
        messages.info(request, AlreadyRecorded(existing).message)
        return redirect("decisions:detail", code=planning.code)
    form = forms.PlanningContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contribution = _attempt(
            form,
            lambda: services.planning_contribution_record(
                request=planning,
                actor=request.user,
                contribution=data["contribution"],
                provided_on=data["provided_on"],
                **_record_fields(data),
            ),
        )
        if contribution:
            return _recorded(request, contribution, "TTW's contribution is recorded.")
    return _record_page(
        request,
        form,
        title="Record TTW's contribution",
        intro=f"Due {planning.due_on:%d %B %Y}: {planning.get_request_kind_display()}.",
        about=planning.adult.name,
        back_url=reverse("decisions:detail", args=[planning.code]),
        clause="P6.4",
    )


# --- P6.5 court directions --------------------------------------------------------


@access.page("sharing:court_direction_new")
@submissions.recording
def court_direction_new(request: HttpRequest, code: str) -> HttpResponse:
    adult = case_access.adult_for_user(request.user, code)
    form = forms.CourtDirectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        direction = _attempt(
            form,
            lambda: services.court_direction_record(
                adult=adult,
                actor=request.user,
                court=data["court"],
                order_reference=data["order_reference"],
                order_date=data["order_date"],
                effect=data["effect"],
                information=data["information"],
                recipients=data["recipients"],
                comply_by=data["comply_by"],
                facts=data["facts"],
                reason=data["reason"],
            ),
        )
        if direction:
            return _recorded(request, direction, "The court direction is recorded.")
    return _record_page(
        request,
        form,
        title="Record a court direction or permission",
        intro="A court directs or permits TTW to share information about an individual it has "
        "found to pose a significant risk to children.",
        about=adult.name,
        back_url=reverse("sharing:adult_statutory", args=[adult.code]),
        clause="P6.5",
    )


# --- P6.6 disciplinary outcomes ---------------------------------------------------


@access.page("sharing:disciplinary_new")
@submissions.recording
def disciplinary_new(request: HttpRequest, code: str) -> HttpResponse:
    adult = case_access.adult_for_user(request.user, code)
    form = forms.DisciplinaryOutcomeForm(
        request.POST or None, candidates=access.need_to_know_candidates()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = _attempt(
            form,
            lambda: services.disciplinary_outcome_record(
                adult=adult,
                actor=request.user,
                concluded_on=data["concluded_on"],
                findings=data["findings"],
                sanction=data["sanction"],
                removed_from_work_with_children=data["removed_from_work_with_children"],
                because_of_harm=data["because_of_harm"],
                need_to_know=list(data["need_to_know"]),
                **_record_fields(data),
            ),
        )
        if outcome:
            return _after_removal(request, outcome, "The restricted outcome is recorded.")
    return _record_page(
        request,
        form,
        title="Record a disciplinary outcome",
        intro="A restricted record: only the National Safeguarding Officer and the people named "
        "below can see it; anyone else is told it does not exist.",
        about=adult.name,
        back_url=reverse("sharing:adult_statutory", args=[adult.code]),
        clause="P6.6",
    )


def _after_removal(request: HttpRequest, decision: Any, message: str) -> HttpResponse:
    messages.success(request, message)
    if decision.dbs_referral_duty_applies and access.can_manage_cases(request.user):
        # The legal duty to refer to the DBS: prompt for it straight away.
        messages.warning(request, policy.DBS_REFERRAL_DUTY_PROMPT)
        return redirect("sharing:dbs_referral_new", code=decision.code)
    return redirect("decisions:detail", code=decision.code)


# --- P6.7 DBS disclosures and the CMG ---------------------------------------------


@access.page("sharing:dbs_disclosure_new")
@submissions.recording
def dbs_disclosure_new(request: HttpRequest, code: str) -> HttpResponse:
    adult = case_access.adult_for_user(request.user, code)
    form = forms.DbsDisclosureForm(request.POST or None, members=sharing_access.cmg_members())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        disclosure = _attempt(
            form,
            lambda: services.dbs_disclosure_record(
                adult=adult,
                actor=request.user,
                certificate_issued_on=data["certificate_issued_on"],
                concern=data["concern"],
                members=list(data["members"]),
                facts=data["facts"],
                reason=data["reason"],
            ),
        )
        if disclosure:
            return _recorded(
                request, disclosure, "The concern is put to the Case Management Group."
            )
    return _record_page(
        request,
        form,
        title="Put a DBS disclosure concern to the CMG",
        intro="The Case Management Group decides whether restrictions are needed or the person "
        "is unsuitable to work with children. Only the members chosen see this case.",
        about=adult.name,
        back_url=reverse("sharing:adult_statutory", args=[adult.code]),
        clause="P6.7",
    )


@access.page("sharing:cmg_decision_new")
@submissions.recording
def cmg_decision_new(request: HttpRequest, code: str) -> HttpResponse:
    disclosure = sharing_access.statutory_record_for_user(request.user, code, DbsDisclosure)
    existing = already_recorded(services.cmg_decision_once_key(disclosure))
    # A page opened afterwards says so; a second submit is answered on its form by the
    # record path (decision_record's once_key), which holds the chain lock.
    if existing is not None and request.method != "POST":
        messages.info(request, AlreadyRecorded(existing).message)
        return redirect("decisions:detail", code=disclosure.code)
    form = forms.CmgDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = _attempt(
            form,
            lambda: services.cmg_decision_record(
                disclosure=disclosure,
                actor=request.user,
                meeting_on=data["meeting_on"],
                members=data["members"],
                cmg_outcome=data["cmg_outcome"],
                restrictions=data["restrictions"],
                removed_from_work_with_children=data["removed_from_work_with_children"],
                because_of_harm=data["because_of_harm"],
                **_record_fields(data),
            ),
        )
        if decision:
            return _after_removal(request, decision, "The CMG decision is recorded.")
    return _record_page(
        request,
        form,
        title="Record the Case Management Group decision",
        intro=f"DBS disclosure concern {disclosure.short_code}: {disclosure.concern[:200]}",
        about=disclosure.adult.name,
        back_url=reverse("decisions:detail", args=[disclosure.code]),
        clause="P6.7",
    )


@access.page("sharing:dbs_referral_new")
@submissions.recording
def dbs_referral_new(request: HttpRequest, code: str) -> HttpResponse:
    removal = access.decision_for_user(request.user, code)
    if not isinstance(removal, (DisciplinaryOutcome, CmgDecision)):
        raise Http404("No such record")
    existing = already_recorded(services.dbs_referral_duty_once_key(removal))
    # A page opened afterwards says so; a second submit is answered on its form by the
    # record path (decision_record's once_key), which holds the chain lock.
    if existing is not None and request.method != "POST":
        messages.info(request, AlreadyRecorded(existing).message)
        return redirect("decisions:detail", code=removal.code)
    form = forms.DbsReferralDutyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duty = _attempt(
            form,
            lambda: services.dbs_referral_duty_record(
                removal=removal,
                actor=request.user,
                referral_made=data["referral_made"],
                referred_on=data["referred_on"],
                dbs_reference=data["dbs_reference"],
                reason=data["reason"],
            ),
        )
        if duty:
            return _recorded(request, duty, "The DBS referral duty is recorded.")
    return _record_page(
        request,
        form,
        title="The duty to refer to the DBS",
        intro=policy.DBS_REFERRAL_DUTY_PROMPT
        if removal.dbs_referral_duty_applies
        else policy.DBS_REFERRAL_NOT_DUE,
        about=f"{removal.LABEL} {removal.short_code}",
        back_url=reverse("decisions:detail", args=[removal.code]),
    )

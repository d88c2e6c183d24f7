"""Pages of the Case Management Group: each reads access, form, service, message, redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from adults import cmg_access, cmg_forms, cmg_selectors, cmg_services
from adults.models import CaseManagementGroup
from cases.models import AdultSubjectToAllegation
from sharing.access import cmg_members
from ttw_safeguarding.records import access, submissions
from ttw_safeguarding.records.forms import add_refusal
from ttw_safeguarding.records.names import display_name
from ttw_safeguarding.records.reports import render_pdf
from ttw_safeguarding.records.signing import pdf_sign

GROUP_DECISIONS = ("route", "suspend", "final")


def _group_of(allegation: AdultSubjectToAllegation) -> CaseManagementGroup | None:
    return CaseManagementGroup.objects.filter(allegation=allegation).first()


@access.page("adults:cmg")
def cmg_page(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    allegation = cmg_access.allegation_for_cmg(request.user, code)
    group = _group_of(allegation)
    context: dict[str, Any] = {
        "allegation": allegation,
        "group": group,
        "may_convene": access.can_review_decisions(request.user),
    }
    if group is not None:
        access.log_access(request.user, group)
        context.update(cmg_selectors.group_page(user=request.user, group=group))
        context["may_act"] = cmg_access.may_record_for(request.user, group)
        context["is_member"] = cmg_access.is_member(request.user, group)
        context["may_appeal"] = access.can_review_decisions(request.user)
    return render(request, "adults/cmg/group.html", context)


@access.page("adults:cmg_convene")
@submissions.recording
def cmg_convene(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    allegation = cmg_access.allegation_for_cmg(request.user, code)
    if not access.can_review_decisions(request.user):
        raise PermissionDenied
    cmg_users = cmg_members()
    form = cmg_forms.ConveneForm(
        request.POST if request.method == "POST" else None, cmg_users=cmg_users
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cmg_services.cmg_convene(
                actor=request.user,
                allegation=allegation,
                members=data["members"],
                independent=data["independent"],
                reason=data["reason"],
                cmg_users=cmg_users,
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "The Case Management Group is convened.")
            return redirect("adults:cmg", code=allegation.code)
    return _form_page(request, allegation, form, f"Convene the group for {allegation.name}")


def _form_page(
    request: access.AuthenticatedHttpRequest,
    allegation: AdultSubjectToAllegation,
    form: Any,
    title: str,
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        "adults/cmg/form.html",
        {"allegation": allegation, "form": form, "title": title, "intro": intro},
    )


@access.page("adults:cmg_declare")
@submissions.recording
def cmg_declare(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    group = cmg_access.group_for_user(request.user, code)
    if not cmg_access.is_member(request.user, group):
        raise PermissionDenied
    form = cmg_forms.DeclarationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cmg_services.cmg_declaration_record(
                actor=request.user,
                group=group,
                declaration=data["declaration"],
                conflict=data.get("conflict", ""),
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "Your declaration is recorded.")
            return redirect("adults:cmg", code=group.allegation.code)
    return _form_page(
        request,
        group.allegation,
        form,
        f"Declare any conflict of interest: {group.allegation.name}",
        "Before the group considers the case, say whether you have a conflict of interest in "
        "it. It is recorded once, for good.",
    )


def _group_decision(
    request: access.AuthenticatedHttpRequest,
    group: CaseManagementGroup,
    form: cmg_forms.GroupDecisionForm,
    record: Callable[..., Any],
    fields: tuple[str, ...],
    title: str,
    done: str,
) -> HttpResponse:
    if not cmg_access.may_record_for(request.user, group):
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record(
                actor=request.user,
                voters=data["voters"],
                reason=data["reason"],
                is_nso=access.can_review_decisions(request.user),
                **{name: data.get(name) for name in fields},
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, done)
            return redirect("adults:cmg", code=group.allegation.code)
    return _form_page(request, group.allegation, form, title)


def _posted(request: access.AuthenticatedHttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@access.page("adults:cmg_route")
@submissions.recording
def cmg_route(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    group = cmg_access.group_for_user(request.user, code)
    form = cmg_forms.RouteForm(_posted(request), group=group)

    def record(**kwargs: Any) -> Any:
        return cmg_services.cmg_route_record(
            group=group, facts=form.cleaned_data["facts"], **kwargs
        )

    return _group_decision(
        request, group, form, record, ("route",), f"The route of the case: {group.allegation.name}",
        "The route is recorded.",
    )  # fmt: skip


@access.page("adults:cmg_suspend")
@submissions.recording
def cmg_suspend(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    group = cmg_access.group_for_user(request.user, code)
    form = cmg_forms.SuspensionForm(_posted(request), group=group)

    def record(**kwargs: Any) -> Any:
        return cmg_services.cmg_suspension_record(
            group=group, facts=form.cleaned_data["facts"], **kwargs
        )

    return _group_decision(
        request, group, form, record, ("from_what", "starts_on", "review_on"),
        f"Temporary suspension of {group.allegation.name}",
        "The suspension is recorded: download the letter to the adult from the group's page.",
    )  # fmt: skip


@access.page("adults:cmg_review")
@submissions.recording
def cmg_review(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    suspension = cmg_access.suspension_for_user(request.user, code)
    group = suspension.group
    form = cmg_forms.SuspensionReviewForm(
        _posted(request), group=group, starts_on=suspension.starts_on
    )

    def record(**kwargs: Any) -> Any:
        return cmg_services.cmg_suspension_review_record(suspension=suspension, **kwargs)

    return _group_decision(
        request, group, form, record,
        ("reviewed_on", "review_decision", "next_review_on", "varied_from_what"),
        f"Review of the suspension of {group.allegation.name}",
        "The review is recorded.",
    )  # fmt: skip


@access.page("adults:cmg_final")
@submissions.recording
def cmg_final(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    group = cmg_access.group_for_user(request.user, code)
    form = cmg_forms.FinalDecisionForm(_posted(request), group=group)

    def record(**kwargs: Any) -> Any:
        return cmg_services.cmg_final_decision_record(
            group=group, facts=form.cleaned_data["facts"], **kwargs
        )

    return _group_decision(
        request, group, form, record, ("cmg_outcome", "restrictions"),
        f"The group's final decision: {group.allegation.name}",
        "The final decision is recorded.",
    )  # fmt: skip


def _panel_candidates() -> list[Any]:
    # Officers, NSOs and CMG members, once each; the policy refuses anyone on the group.
    people = {user.pk: user for user in access.users_who_manage_cases()}
    people.update({user.pk: user for user in cmg_members()})
    return sorted(people.values(), key=display_name)


@access.page("adults:cmg_appeal")
@submissions.recording
def cmg_appeal(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    final = cmg_access.final_decision_for_user(request.user, code)
    if not access.can_review_decisions(request.user):
        raise PermissionDenied
    group = final.group
    form = cmg_forms.AppealForm(
        _posted(request),
        panel_candidates=_panel_candidates(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cmg_services.cmg_appeal_record(
                actor=request.user,
                final_decision=final,
                panel=data["panel"],
                lodged_on=data["lodged_on"],
                grounds=data["grounds"],
                appeal_outcome=data["appeal_outcome"],
                variation=data.get("variation", ""),
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "The appeal is recorded.")
            return redirect("adults:cmg", code=group.allegation.code)
    return _form_page(
        request,
        group.allegation,
        form,
        f"Appeal against the group's final decision: {group.allegation.name}",
        "An appeal is heard apart from the Case Management Group: nobody on the group sits "
        "on the panel.",
    )


@access.page("adults:cmg_letter")
def cmg_letter(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The letter to the adult telling them of the suspension (the CPSU's template), as a
    signed PDF: user text is escaped by the template, and WeasyPrint fetches nothing but
    the application's own static files."""
    suspension = cmg_access.suspension_for_user(request.user, code)
    group = suspension.group
    if not cmg_access.may_record_for(request.user, group):
        raise PermissionDenied
    access.log_access(request.user, suspension, what="suspension letter")
    who = display_name(request.user)
    adult = group.allegation.person or group.allegation
    pdf = render_pdf(
        "adults/cmg/suspension_letter.html",
        {
            "adult_name": adult.name,
            "suspension": suspension,
            "written_on": timezone.localdate(),
            "signed_by": who,
        },
        title=f"Temporary suspension: letter to {adult.name}",
        subject="Letter telling the adult of a temporary suspension",
        author=who,
    )
    pdf = pdf_sign(pdf, reason=f"Suspension letter {suspension.short_code}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="suspension-letter-{suspension.short_code}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response

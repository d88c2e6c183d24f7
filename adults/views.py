"""Pages of adults' records: each reads access, form, service, message, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from adults import access as adult_access
from adults import (
    dbs_referral_selectors,
    forms,
    low_level_selectors,
    selectors,
    services,
    wales_selectors,
)
from adults.models import Adult
from clubs.models import Club
from ttw_safeguarding.records import access, submissions
from ttw_safeguarding.records.forms import add_refusal
from ttw_safeguarding.records.paging import paginate


@access.page("adults:list")
def adult_list(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.AdultSearchForm(request.GET or None)
    term = form.cleaned_data["q"] if form.is_valid() else ""
    found = selectors.adults_found(user=request.user, term=term)
    return render(
        request,
        "adults/adult_list.html",
        {**paginate(request, found), "q": term, "form": form},
    )


def _kept_or_redirect(request: access.AuthenticatedHttpRequest, adult: Adult) -> Adult | None:
    person = selectors.person_of(adult)
    if person.pk == adult.pk:
        return None
    messages.info(request, f"This record is merged into {person.name}'s: shown as one person.")
    return person


@access.page("adults:detail")
def adult_detail(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    adult = adult_access.adult_for_user(request.user, code)
    kept = _kept_or_redirect(request, adult)
    if kept is not None:
        return redirect("adults:detail", code=kept.code)
    access.log_access(request.user, adult)
    return render(
        request,
        "adults/adult_detail.html",
        {
            "adult": adult,
            "roles": list(selectors.roles_of(adult)),
            "timeline": selectors.timeline(user=request.user, adult=adult),
            "merges": list(selectors.merges_of(user=request.user, adult=adult)),
            # Kept apart from the allegation timeline (WSP5).
            "low_level": low_level_selectors.low_level_of(user=request.user, adult=adult),
            "low_level_alerts": low_level_selectors.pattern_alerts_of(
                user=request.user, adult=adult
            ),
            "dbs_packs": list(dbs_referral_selectors.packs_of(adult)),
            "allegations": wales_selectors.allegations_of(
                user=request.user, person_ids=selectors.group_ids(adult)
            ),
        },
    )


@access.page("adults:edit")
@submissions.recording
def adult_edit(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    adult = adult_access.adult_for_user(request.user, code)
    initial = {name: getattr(adult, name) for name in services.PERSON_FIELDS}
    form = forms.AdultForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.PERSON_FIELDS}
        try:
            services.adult_person_update(actor=request.user, adult=adult, **values)
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "The changes are saved.")
            return redirect("adults:detail", code=adult.code)
    return render(
        request,
        "adults/adult_form.html",
        {"adult": adult, "form": form, "title": f"Change {adult.name}"},
    )


@access.page("adults:role_add")
@submissions.recording
def adult_role_add(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    adult = adult_access.adult_for_user(request.user, code)
    form = forms.AdultRoleForm(
        request.POST if request.method == "POST" else None, clubs=Club.objects.order_by("name")
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.adult_role_add(
                actor=request.user,
                adult=adult,
                club=data["club"],
                role=data["role"],
                started_on=data.get("started_on"),
                ended_on=data.get("ended_on"),
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "The role is added.")
            return redirect("adults:detail", code=adult.code)
    return render(
        request,
        "adults/adult_form.html",
        {"adult": adult, "form": form, "title": f"Add a role of {adult.name}"},
    )


@access.page("adults:merge")
@submissions.recording
def adult_merge(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    merged = adult_access.adult_for_user(request.user, code)
    form = forms.AdultMergeForm(
        request.POST if request.method == "POST" else None,
        merged=merged,
        candidates=selectors.adults_found(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            merge = services.adult_merge_record(
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
            return redirect("adults:detail", code=merge.keep.code)
    return render(
        request,
        "adults/adult_form.html",
        {
            "adult": merged,
            "form": form,
            "title": f"Merge {merged.name}'s record into another",
            "intro": "A merge is a decision, recorded for good with its reason: choose it only "
            "when you are sure both records are the same person.",
        },
    )

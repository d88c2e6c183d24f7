"""Pages of low-level concerns: each reads access, form, service, message, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from adults import low_level_access, low_level_forms, low_level_selectors, selectors
from adults import low_level_services as services
from ttw_safeguarding.records import access, submissions
from ttw_safeguarding.records.decisions import AlreadyRecorded, already_recorded
from ttw_safeguarding.records.forms import add_refusal
from ttw_safeguarding.records.paging import paginate

RECORDED = "The low-level concern is recorded."
LINKED = "The low-level concern is linked to the person's record."
SERVICE_FIELDS = (
    "adult_name",
    "adult_date_of_birth",
    "adult_role",
    "club",
    "occurred_on",
    "category",
    "facts",
    "professional_opinion",
    "person",
)


@access.page("adults:low_level_new")
@submissions.recording
def low_level_new(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    manages = access.can_manage_cases(user)
    form = low_level_forms.LowLevelConcernForm(
        request.POST if request.method == "POST" else None,
        clubs=low_level_access.low_level_clubs_for(user),
        ttw_itself=manages,
        people=selectors.adults_found(user=user) if manages else None,
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in SERVICE_FIELDS if name in form.fields}
        try:
            concern = services.low_level_concern_record(actor=user, **values)
        except ValidationError as exc:
            add_refusal(form, exc, aliases=low_level_forms.ALIASES)
        else:
            messages.success(request, RECORDED)
            return redirect("decisions:detail", code=concern.code)
    return render(request, "adults/low_level/form.html", {"form": form})


@access.page("adults:low_level_list")
def low_level_list(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "adults/low_level/list.html",
        {**paginate(request, low_level_selectors.low_level_list(request.user)), "officer": True},
    )


@access.page("adults:low_level_mine")
def low_level_mine(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "adults/low_level/list.html",
        {**paginate(request, low_level_selectors.low_level_mine(request.user)), "officer": False},
    )


@access.page("adults:low_level_link")
@submissions.recording
def low_level_link(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    user = request.user
    concern = low_level_access.low_level_concern_for_officer(user, code)
    existing = already_recorded(services.low_level_link_once_key(concern))
    if existing is not None and request.method != "POST":
        messages.info(request, AlreadyRecorded(existing).message)
        return redirect("decisions:detail", code=concern.code)
    # Likely matches first (by the name and date of birth given), then everyone else.
    likely = selectors.likely_matches(
        user=user, name=concern.adult_name, date_of_birth=concern.adult_date_of_birth
    )
    others = [adult for adult in selectors.adults_found(user=user) if adult not in likely]
    form = low_level_forms.LowLevelLinkForm(
        request.POST if request.method == "POST" else None, people=[*likely, *others]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.low_level_concern_link(
                actor=user,
                concern=concern,
                person=form.cleaned_data["person"],
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, LINKED)
            return redirect("decisions:detail", code=concern.code)
    return render(
        request,
        "adults/low_level/link.html",
        {"form": form, "concern": concern, "likely": likely},
    )

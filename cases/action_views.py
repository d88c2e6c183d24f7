"""Pages for actions: add one to a record, My actions, complete one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from cases import action_access, action_forms, action_selectors, action_services
from ttw_safeguarding.records import access, submissions
from ttw_safeguarding.records.forms import add_refusal
from ttw_safeguarding.records.paging import paginate
from ttw_safeguarding.records.record_kinds import record_for_user


@access.page("cases:action_add")
@submissions.recording
def action_add(request: access.AuthenticatedHttpRequest, kind: str, code: str) -> HttpResponse:
    record_kind, record = record_for_user(request.user, kind, code)
    form = action_forms.ActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action_services.action_add(
                actor=request.user,
                target_kind=record_kind.key,
                target_code=record.code,
                what=data["what"],
                due_on=data["due_on"],
                assignee=data["assignee"],
                assignee_club=data["assignee_club"],
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "The action is added.")
            return redirect(record_kind.url(record))
    return render(
        request,
        "cases/action_form.html",
        {
            "form": form,
            "target_label": record_kind.describe(record),
            "target_url": record_kind.url(record),
        },
    )


@access.page("cases:my_actions")
def my_actions(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    per_page = action_selectors.ACTIONS_PER_PAGE
    mine = paginate(request, action_selectors.my_open_actions(user=request.user), per_page)
    theirs = paginate(
        request,
        action_selectors.open_actions_set_by(user=request.user),
        per_page,
        param="set_page",
    )
    # Rows are made for the page shown only: who may open each record is asked per page.
    return render(
        request,
        "cases/my_actions.html",
        {
            "mine": {**mine, "rows": action_selectors.action_rows(request.user, mine["page_obj"])},
            "theirs": {
                **theirs,
                "rows": action_selectors.action_rows(request.user, theirs["page_obj"]),
            },
            "may_add": action_access.can_add_action(request.user),
        },
    )


@access.page("cases:action_done")
@submissions.recording
def action_done(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    action = action_access.action_for_user(request.user, code)
    if not action_access.may_complete(request.user, action):
        # Seen (they set it, or may open its record) but not theirs to complete.
        raise PermissionDenied
    form = action_forms.ActionDoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            action_services.action_complete(
                actor=request.user, action=action, outcome=form.cleaned_data["outcome"]
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "The action is completed.")
            return redirect("cases:my_actions")
    (row,) = action_selectors.action_rows(request.user, [action])
    return render(
        request,
        "cases/action_done.html",
        {"row": row, "done": action_selectors.action_done_of(action), "form": form},
    )

"""Roles and second factors, for National Safeguarding Officers (``accounts.can_grant_roles``).

One page lists the role requests the system administrator made, to confirm or decline,
and lets the NSO grant or remove a role and reset a person's second factor. A new
second-factor enrolment code is shown once, on the next page, to hand over out of band.
"""

from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ttw_safeguarding.records import access, accounts
from ttw_safeguarding.records.models import RoleRequest

NEW_CODE_SESSION_KEY = "ttw_new_enrolment_code"


def _people() -> QuerySet[User]:
    return get_user_model().objects.filter(is_active=True).order_by("username")


def _models(form: forms.Form, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class RoleChangeForm(forms.Form):
    user: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label="Person")
    role: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label="Role")
    change = forms.ChoiceField(choices=[("grant", "Give the role"), ("remove", "Take it away")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _models(self, "user").queryset = _people()
        _models(self, "role").queryset = Group.objects.order_by("name")
        self.helper = FormHelper()
        self.helper.form_action = "accounts:roles"
        self.helper.add_input(Submit("submit", "Change the role"))


class SecondFactorResetForm(forms.Form):
    user: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="Person who lost their phone"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _models(self, "user").queryset = _people()
        self.helper = FormHelper()
        self.helper.form_action = "accounts:second_factor_reset"
        self.helper.add_input(Submit("submit", "Reset the second factor", css_class="btn-warning"))


def _show_code_once(request: HttpRequest, user: Any, code: str | None) -> None:
    if code:
        request.session[NEW_CODE_SESSION_KEY] = {"username": user.get_username(), "code": code}


@access.page("accounts:roles")
def roles_page(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    form = RoleChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, role = form.cleaned_data["user"], form.cleaned_data["role"]
        try:
            if form.cleaned_data["change"] == "grant":
                code = accounts.role_grant(user=user, role=role, actor=request.user)
                _show_code_once(request, user, code)
            else:
                accounts.role_remove(user=user, role=role, actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The role is changed; every NSO is told.")
            return redirect("accounts:roles")
    context = {
        "form": form,
        "reset_form": SecondFactorResetForm(),
        "requests": accounts.pending_role_requests(),
        "new_code": request.session.pop(NEW_CODE_SESSION_KEY, None),
    }
    return render(request, "ttw_safeguarding/roles.html", context)


@access.page("accounts:role_request_decide")
def role_request_decide(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    role_request = access.by_code(RoleRequest.objects.select_related("user", "role"), code)
    if request.method != "POST":
        return redirect("accounts:roles")
    try:
        if request.POST.get("decision") == "confirm":
            new_code = accounts.role_request_confirm(role_request=role_request, actor=request.user)
            _show_code_once(request, role_request.user, new_code)
            messages.success(request, "The request is confirmed and the role given.")
        elif request.POST.get("decision") == "decline":
            accounts.role_request_decline(role_request=role_request, actor=request.user)
            messages.success(request, "The request is declined.")
        else:
            messages.error(request, "Choose to confirm or decline the request.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts:roles")


@access.page("accounts:second_factor_reset")
@require_POST
def second_factor_reset(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    form = SecondFactorResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the person whose second factor is reset.")
        return redirect("accounts:roles")
    user = form.cleaned_data["user"]
    try:
        code = accounts.second_factor_reset(user=user, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        _show_code_once(request, user, code)
        messages.success(request, "The second factor is reset; every NSO is told.")
    return redirect("accounts:roles")

"""Policy problems and service refusals on a form: each on the field it names, or above
the form when it names no field of this form, and no message shown twice."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from ttw_safeguarding.records.forms import add_problems, add_refusal, refuse


@dataclass(frozen=True)
class _Problem:
    clause: str
    field: str
    message: str


class _Form(forms.Form):
    reason = forms.CharField(required=False)
    occurred_on = forms.DateField(required=False)
    share_outcome = forms.CharField(required=False)


def _checked() -> _Form:
    form = _Form({"reason": "x"})
    assert form.is_valid()
    return form


def test_a_problem_on_a_field_lands_on_that_field():
    form = _checked()
    add_problems(form, [_Problem("P6.11", "reason", "Give the reason.")])
    assert form.errors == {"reason": ["Give the reason."]}
    assert "reason" not in form.cleaned_data


def test_a_problem_naming_no_field_or_another_forms_field_goes_above_the_form():
    form = _checked()
    add_problems(
        form,
        [_Problem("P6.8", "", "Record consent first."), _Problem("P6.2", "elsewhere", "Refer.")],
    )
    assert form.errors == {NON_FIELD_ERRORS: ["Record consent first.", "Refer."]}


def test_the_policys_name_for_a_field_is_mapped_to_the_forms():
    form = _checked()
    add_problems(
        form, [_Problem("P6.2", "outcome", "Must share.")], aliases={"outcome": "share_outcome"}
    )
    assert form.errors == {"share_outcome": ["Must share."]}


def test_nothing_is_shown_twice():
    # An unreadable date keeps its own message; a message already shown is not repeated.
    form = _Form({"occurred_on": "not a date"})
    assert not form.is_valid()
    add_problems(form, [_Problem("P6.9", "occurred_on", "Not in the future.")])
    problem = _Problem("P6.8", "", "Record consent first.")
    add_problems(form, [problem, problem])
    add_refusal(form, ValidationError([problem.message]))
    assert form.errors["occurred_on"] == ["Enter a valid date."]
    assert form.errors[NON_FIELD_ERRORS] == ["Record consent first."]


def test_a_refusal_keeps_its_field_names():
    form = _checked()
    add_refusal(
        form,
        ValidationError(
            {"reason": ["Give the reason."], "unknown": ["Not here."], NON_FIELD_ERRORS: ["All."]}
        ),
    )
    assert form.errors == {"reason": ["Give the reason."], NON_FIELD_ERRORS: ["Not here.", "All."]}


def test_a_refusal_the_form_already_showed_appears_once():
    form = _checked()
    add_problems(form, [_Problem("P6.11", "reason", "Give the reason.")])
    add_refusal(form, ValidationError({"reason": ["Give the reason."]}))
    add_refusal(form, ValidationError("Give the reason."))
    assert form.errors == {"reason": ["Give the reason."]}


def test_a_services_refusal_keeps_the_field_and_reaches_the_same_field():
    refuse([])  # no problem, no refusal
    with pytest.raises(ValidationError) as refused:
        refuse([_Problem("P6.11", "reason", "Give the reason."), _Problem("P6.8", "", "Consent.")])
    assert refused.value.message_dict == {
        "reason": ["Give the reason."],
        NON_FIELD_ERRORS: ["Consent."],
    }
    form = _checked()
    add_refusal(form, refused.value)
    assert form.errors == {"reason": ["Give the reason."], NON_FIELD_ERRORS: ["Consent."]}

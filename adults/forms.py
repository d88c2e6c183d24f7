"""Forms of adults' records: validate and convert, never act."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from adults.models import Adult, AdultRole
from cases.forms import PlainTextMixin, RecordMergeForm
from clubs.models import Club
from sharing import policy
from ttw_safeguarding.records.submissions import SubmissionKeyForm

SHORT_TEXT = 200
LONG_TEXT = 20000
BORN_IN_THE_FUTURE = "The date of birth cannot be in the future."
ROLE_ENDS_BEFORE_IT_STARTS = "The role cannot end before it starts."
TTW_ITSELF = ""


def _helper(submit: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit))
    return helper


def _date(label: str, *, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def date_of_birth_clean(form: forms.Form, value: dt.date | None) -> dt.date | None:
    if value is not None and value > timezone.localdate():
        form.add_error("date_of_birth", BORN_IN_THE_FUTURE)
    return value


class AdultForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=SHORT_TEXT)
    date_of_birth = _date("Date of birth", help_text="Leave empty if not known.")
    other_roles_with_children = forms.CharField(
        label="Other roles with children known",
        required=False,
        max_length=LONG_TEXT,
        help_text="Clubs, schools, groups where they work or volunteer with children (P6.3).",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        date_of_birth_clean(self, cleaned.get("date_of_birth"))
        return cleaned


class AdultRoleForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    club = forms.ChoiceField(label="Where", choices=[])
    role = forms.ChoiceField(label="Role", choices=AdultRole.Role.choices)
    started_on = _date("From", help_text="Leave empty if not known.")
    ended_on = _date("To", help_text="Leave empty while they hold it.")

    def __init__(self, *args: Any, clubs: QuerySet[Club], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clubs = {str(club.pk): club for club in clubs}
        cast(forms.ChoiceField, self.fields["club"]).choices = [
            (TTW_ITSELF, "TTW itself (no club)"),
            *((pk, club.name) for pk, club in self.clubs.items()),
        ]
        self.fields["club"].required = False
        self.helper = _helper("Add the role")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["club"] = self.clubs.get(cleaned.get("club") or "")
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", ROLE_ENDS_BEFORE_IT_STARTS)
        return cleaned


class AdultMergeForm(RecordMergeForm):
    NOUN = "person"
    KEEP_HELP = (
        "This person's record is merged into the one you choose: both are then "
        "one person, with one timeline."
    )

    def describe(self, record: Adult) -> str:
        return record.described

    def merge_problems(self, *, same_record: bool, reason: str) -> list[policy.Problem]:
        return policy.adult_merge_problems(
            same_person=same_record, merged_is_merged=False, keep_is_merged=False, reason=reason
        )


class AdultSearchForm(PlainTextMixin, forms.Form):
    """The list's search box: a term is cleaned like any typed text before it is searched."""

    q = forms.CharField(label="Search by name", required=False, max_length=SHORT_TEXT)

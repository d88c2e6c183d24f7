"""Forms for actions: they validate and convert, and never act (cases.action_services)."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from cases.action_services import ASSIGNEE_REQUIRED, DUE_IN_PAST, ONE_ASSIGNEE
from cases.forms import LONG_TEXT, PlainTextMixin
from clubs.models import Club
from ttw_safeguarding.records.access import users_who_manage_cases, users_with_permission
from ttw_safeguarding.records.roles import SEE_CLUB_RECORDS, SEE_REGION_RECORDS
from ttw_safeguarding.records.submissions import SubmissionKeyForm


def _helper(submit: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit))
    return helper


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


def action_assignees() -> QuerySet[Any]:
    """Active people who may have actions: officers, the NSO and welfare officers (whether
    one may open the record is checked by the service)."""
    people = (
        Q(pk__in=users_who_manage_cases().values("pk"))
        | Q(pk__in=users_with_permission(SEE_CLUB_RECORDS).values("pk"))
        | Q(pk__in=users_with_permission(SEE_REGION_RECORDS).values("pk"))
    )
    return (
        get_user_model()
        .objects.filter(people, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


class ActionForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    what = forms.CharField(
        label="What is to be done",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assignee = _PersonChoice(
        label="A person",
        queryset=get_user_model().objects.none(),
        required=False,
        help_text="Someone who may open this record: for an adult's or a restricted record, "
        "an officer or the NSO.",
    )
    assignee_club = forms.ModelChoiceField(
        label="Or a club (its welfare officers)",
        queryset=Club.objects.none(),
        required=False,
    )
    due_on = forms.DateField(label="Due by", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = action_assignees()
        cast(forms.ModelChoiceField, self.fields["assignee_club"]).queryset = Club.objects.order_by(
            "name"
        )
        self.helper = _helper("Add the action")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        due_on = cleaned.get("due_on")
        if due_on is not None and due_on < timezone.localdate():
            self.add_error("due_on", DUE_IN_PAST)
        person, club = cleaned.get("assignee"), cleaned.get("assignee_club")
        if "assignee" in cleaned and "assignee_club" in cleaned:
            if person is not None and club is not None:
                self.add_error(None, ONE_ASSIGNEE)
            elif person is None and club is None:
                self.add_error(None, ASSIGNEE_REQUIRED)
        return cleaned


class ActionDoneForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    outcome = forms.CharField(
        label="Outcome: what was done",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Complete the action")

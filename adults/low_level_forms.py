"""Forms of low-level concerns: validate and convert, never act."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from adults.forms import BORN_IN_THE_FUTURE, LONG_TEXT, SHORT_TEXT
from adults.low_level_services import HAPPENED_IN_THE_FUTURE
from adults.models import Adult, AdultRole, LowLevelConcern
from cases.forms import PlainTextMixin
from clubs.models import Club
from sharing import policy
from ttw_safeguarding.records.forms import add_problems
from ttw_safeguarding.records.submissions import SubmissionKeyForm

TTW_ITSELF = ""
# The policy names the concern's kind "low_level"; the form calls it "category".
ALIASES = {"low_level": "category"}


def _helper(submit: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit))
    return helper


def _date(label: str, *, required: bool, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _text(label: str, *, required: bool, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=LONG_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LowLevelConcernForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    adult_name = forms.CharField(label="The adult's name", max_length=SHORT_TEXT)
    adult_date_of_birth = _date(
        "The adult's date of birth", required=False, help_text="Leave empty if not known."
    )
    adult_role = forms.ChoiceField(
        label="The adult's role",
        required=False,
        choices=[("", "Not known"), *AdultRole.Role.choices],
    )
    club = forms.ChoiceField(label="Club", choices=[])
    occurred_on = _date("When it happened", required=True)
    category = forms.ChoiceField(
        label="What kind of behaviour",
        choices=[("", "Choose one"), *LowLevelConcern.Category.choices],
        help_text="Behaviour short of harm. Anything that harmed a child, or may have, is an "
        "allegation: tell the NSO at once.",
    )
    facts = _text(
        "FACTS: what happened",
        required=True,
        help_text="What you saw or were told, by whom and when (P6.10).",
    )
    professional_opinion = _text(
        "PROFESSIONAL OPINION",
        required=False,
        help_text="What you think of it, kept apart from the facts (P6.10).",
    )

    def __init__(
        self,
        *args: Any,
        clubs: QuerySet[Club],
        ttw_itself: bool,
        people: QuerySet[Adult] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.clubs = {str(club.pk): club for club in clubs}
        choices = [(pk, club.name) for pk, club in self.clubs.items()]
        if ttw_itself:
            choices.insert(0, (TTW_ITSELF, "TTW itself (no club)"))
            self.fields["club"].required = False
        cast(forms.ChoiceField, self.fields["club"]).choices = choices
        self.people: dict[str, Adult] = {}
        if people is not None:
            # Officers and the NSO may name the person's record at once.
            self.people = {str(adult.code): adult for adult in people}
            self.fields["person"] = forms.ChoiceField(
                label="The person's record",
                required=False,
                choices=[
                    ("", "Not on record, or link later"),
                    *((code, adult.described) for code, adult in self.people.items()),
                ],
            )
        self.helper = _helper("Record the low-level concern")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["club"] = self.clubs.get(cleaned.get("club") or "")
        if "person" in self.fields:
            cleaned["person"] = self.people.get(cleaned.get("person") or "")
        today = timezone.localdate()
        born = cleaned.get("adult_date_of_birth")
        if born is not None and born > today:
            self.add_error("adult_date_of_birth", BORN_IN_THE_FUTURE)
        happened = cleaned.get("occurred_on")
        if happened is not None and happened > today:
            self.add_error("occurred_on", HAPPENED_IN_THE_FUTURE)
        if cleaned.get("category"):
            add_problems(
                self,
                policy.low_level_concern_problems(categories=[cleaned["category"]]),
                aliases=ALIASES,
            )
        return cleaned


class LowLevelLinkForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    person = forms.ChoiceField(label="The person's record", choices=[])
    reason = forms.CharField(
        label="Reason for this decision",
        required=False,
        max_length=LONG_TEXT,
        help_text="Why the adult named is this person (P6.11).",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, people: list[Adult], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(adult.code): adult for adult in people}
        cast(forms.ChoiceField, self.fields["person"]).choices = [
            ("", "Choose a person"),
            *((code, adult.described) for code, adult in self.people.items()),
        ]
        self.helper = _helper("Link to this person")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["person"] = self.people.get(cleaned.get("person") or "")
        return cleaned

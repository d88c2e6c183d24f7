"""Forms for media approaches: they validate and convert; the services record."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.db.models.query import EmptyQuerySet
from django.utils import timezone

from media_contacts.models import MediaApproach
from sharing import policy
from ttw_safeguarding.records.forms import add_problems
from ttw_safeguarding.records.submissions import SubmissionKeyForm
from ttw_safeguarding.records.validation import CleanTextMixin

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
PHONE_INVALID = "Enter a phone number using digits, spaces and + ( ) - only."
YES, NO = "yes", "no"


def _datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.reference


class MediaApproachForm(SubmissionKeyForm, CleanTextMixin, forms.Form):
    approached_at = forms.DateTimeField(
        label="Date and time of the approach", widget=_datetime_widget()
    )
    journalist_name = forms.CharField(label="Journalist's name", max_length=200)
    outlet = forms.CharField(
        label="Outlet",
        max_length=200,
        required=False,
        help_text="The newspaper, magazine, channel, programme or website they work for.",
    )
    phone = forms.CharField(
        label="Journalist's phone",
        max_length=50,
        required=False,
        validators=[RegexValidator(r"^[0-9+()\-.\s]*[0-9][0-9+()\-.\s]*$", PHONE_INVALID)],
    )
    email = forms.EmailField(label="Journalist's e-mail", required=False)
    other_contact = forms.CharField(
        label="Other contact details",
        max_length=300,
        required=False,
        help_text="For example a social media account. At least one way to contact them.",
    )
    contact_method = forms.ChoiceField(
        label="How they made contact", choices=MediaApproach.ContactMethod.choices
    )
    information_wanted = forms.CharField(
        label="What information they want",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    deadline = forms.DateTimeField(
        label="Their deadline",
        required=False,
        widget=_datetime_widget(),
        help_text="Leave empty if they did not give one.",
    )
    anything_said = forms.ChoiceField(
        label="Did you say anything to the journalist?",
        choices=[(NO, "No, I gave no information"), (YES, "Yes, something was said")],
        widget=forms.RadioSelect,
    )
    what_was_said = forms.CharField(
        label="If something was said: what, as exactly as you can",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        label="Anything else about the approach (facts)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, cases: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approached_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        # Staff never see cases, so the case field is offered only to those who may open some.
        if not isinstance(cases, EmptyQuerySet):
            self.fields["case"] = CaseChoiceField(
                queryset=cases.order_by("reference"),
                to_field_name="code",
                required=False,
                label="Case (optional)",
                empty_label="Not about a case",
                help_text="Link the approach to a case if the journalist asked about one.",
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Record the media approach"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        said: str = cleaned.get("anything_said") or ""
        cleaned["anything_said"] = {YES: True, NO: False}.get(said)
        problems = policy.media_approach_problems(
            policy.MediaApproachFacts(
                now=timezone.now(),
                approached_at=cleaned.get("approached_at"),
                journalist_name=cleaned.get("journalist_name", ""),
                phone=cleaned.get("phone", ""),
                email=cleaned.get("email", ""),
                other_contact=cleaned.get("other_contact", ""),
                information_wanted=cleaned.get("information_wanted", ""),
                anything_said=cleaned["anything_said"],
                what_was_said=cleaned.get("what_was_said", ""),
                deadline=cleaned.get("deadline"),
            )
        )
        add_problems(self, problems)
        return cleaned


class MediaAcknowledgementForm(SubmissionKeyForm, CleanTextMixin, forms.Form):
    confirm = forms.BooleanField(
        label="I have read this approach and will handle it",
        error_messages={"required": "Tick the box to confirm you will handle this approach."},
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example what you will do next. Leave empty to record the "
        "acknowledgement only.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Acknowledge the approach"))


class MediaHandlingForm(SubmissionKeyForm, CleanTextMixin, forms.Form):
    handling = forms.ChoiceField(
        label="How it was handled",
        choices=policy.MediaHandlingChoice.CHOICES,
        widget=forms.RadioSelect,
    )
    handled_at = forms.DateTimeField(label="When", widget=_datetime_widget())
    response = forms.CharField(
        label="Response given to the journalist",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when a response was given: what was said or sent.",
    )
    press_office = forms.CharField(
        label="Press office referred to",
        max_length=200,
        required=False,
        help_text="Needed when the approach was referred to a press office.",
    )
    reason = forms.CharField(
        label="Reason for handling it this way",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    professional_opinion = forms.CharField(
        label="Professional opinion (optional)",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, approach: MediaApproach, acknowledged: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.approach = approach
        self.acknowledged = acknowledged
        self.fields["handled_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Record how it was handled"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        problems = policy.media_handling_problems(
            now=timezone.now(),
            acknowledged=self.acknowledged,
            approached_at=self.approach.approached_at,
            handling=cleaned.get("handling", ""),
            handled_at=cleaned.get("handled_at"),
            response=cleaned.get("response", ""),
            press_office=cleaned.get("press_office", ""),
            reason=cleaned.get("reason", ""),
        )
        add_problems(self, problems)
        return cleaned

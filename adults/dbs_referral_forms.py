"""Forms of the DBS referral pack: validate and convert, never act. The policy's messages
(``sharing.policy.dbs_referral``) are shown on the fields they are about."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from adults import dbs_referral_services as services
from adults.models import DbsPackEvidence, DbsPackItem, DbsReferralOutcome, DbsReferralSent
from cases.forms import PlainTextMixin
from sharing import policy
from sharing.models import DbsReferralDuty
from ttw_safeguarding.records.forms import add_problems, model_field
from ttw_safeguarding.records.submissions import SubmissionKeyForm

PRESENT = "present"
NOT_AVAILABLE = "not_available"
NO_DUTY = "none"
# The policy's names for the facts of the DBS's answer, and the form's.
OUTCOME_ALIASES = {"reference": "dbs_reference", "outcome": "dbs_outcome"}


def _helper(submit: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit))
    return helper


def _not_in_future(form: forms.Form, name: str) -> None:
    value = form.cleaned_data.get(name)
    if value is not None and value > timezone.localdate():
        form.add_error(name, policy.DATE_IN_FUTURE)


class DbsPackStartForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    duty = forms.ChoiceField(
        label="The decision that the duty to refer applies",
        choices=[],
        help_text="The DBS referral duty recorded for this person, if there is one.",
    )

    def __init__(self, *args: Any, duties: QuerySet[DbsReferralDuty], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duties = {str(duty.code): duty for duty in duties}
        field = cast(forms.ChoiceField, self.fields["duty"])
        field.choices = [
            ("", "Choose"),
            (NO_DUTY, "None on record"),
            *(
                (code, f"{duty.LABEL} {duty.short_code}, {duty.recorded_at:%d %b %Y}")
                for code, duty in self.duties.items()
            ),
        ]
        if len(self.duties) == 1:
            field.initial = next(iter(self.duties))
        self.helper = _helper("Start the pack")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["duty"] = self.duties.get(cleaned.get("duty") or "")
        return cleaned


class DbsPackItemForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    item = forms.ChoiceField(label="Item the DBS asks for", choices=policy.DBS_PACK_ITEMS)
    state = forms.ChoiceField(
        label="Is it in the pack?",
        choices=[
            (PRESENT, "Yes: it is in the pack"),
            (NOT_AVAILABLE, "No: it is not available"),
        ],
        widget=forms.RadioSelect,
    )
    where = model_field(
        DbsPackItem, "where", help_text="For an item in the pack: where it is held."
    )
    not_available_because = model_field(
        DbsPackItem,
        "not_available_because",
        help_text="For an item not available: why (no witness, no training record...).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Record the item")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        item, state = cleaned.get("item"), cleaned.get("state")
        cleaned["is_present"] = state == PRESENT
        if item and state:
            errors = services.item_problems(
                item=item,
                is_present=cleaned["is_present"],
                where=cleaned.get("where", ""),
                not_available_because=cleaned.get("not_available_because", ""),
            )
            for name, messages in errors.items():
                for message in messages:
                    if not self.has_error(name):
                        self.add_error(name, message)
        return cleaned


class DbsPackEvidenceForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    what = model_field(DbsPackEvidence, "what", rows=2)
    dated = model_field(DbsPackEvidence, "dated", help_text="Leave empty if it has no date.")
    held_at = model_field(DbsPackEvidence, "held_at", rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Add to the evidence list")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _not_in_future(self, "dated")
        return cleaned


class DbsReferralSentForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    referred_on = model_field(DbsReferralSent, "referred_on")
    facts = forms.CharField(
        label="FACTS",
        required=False,
        max_length=20000,
        help_text="How it was sent, and anything the DBS said (P6.10).",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, problems: list[policy.Problem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the policy says of the pack as it stands: refused while an item is missing.
        self.problems = problems
        self.helper = _helper("Mark the pack sent to the DBS")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _not_in_future(self, "referred_on")
        add_problems(self, self.problems)
        return cleaned


class DbsReferralOutcomeForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    dbs_reference = model_field(
        DbsReferralOutcome,
        "dbs_reference",
        error_messages={"required": policy.DBS_REFERENCE_REQUIRED},
    )
    outcome_on = model_field(
        DbsReferralOutcome,
        "outcome_on",
        error_messages={"required": policy.DBS_OUTCOME_DATE_REQUIRED},
    )
    dbs_outcome = model_field(
        DbsReferralOutcome,
        "dbs_outcome",
        error_messages={"required": policy.DBS_OUTCOME_REQUIRED},
    )
    facts = forms.CharField(
        label="FACTS",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, sent: DbsReferralSent | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sent = sent
        self.helper = _helper("Record the DBS's answer")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        add_problems(
            self,
            policy.dbs_referral_outcome_problems(
                referred_on=self.sent.referred_on if self.sent is not None else None,
                reference=cleaned.get("dbs_reference", ""),
                outcome=cleaned.get("dbs_outcome", ""),
                outcome_on=cleaned.get("outcome_on"),
                today=timezone.localdate(),
            ),
            aliases=OUTCOME_ALIASES,
        )
        return cleaned

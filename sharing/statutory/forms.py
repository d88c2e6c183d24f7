"""Forms for the statutory records. They validate and convert; services record.

A field a record keeps is drawn from its model (``model_field``): the label the form
shows is the model's verbose name, which the written report shows too.

Policy rules are called from ``sharing.policy`` in ``clean()`` so that the
form shows the same message the service would refuse with.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row, Submit
from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone

from sharing import policy
from sharing.models import (
    AdviceConfirmation,
    CmgDecision,
    CourtDirection,
    DbsDisclosure,
    DbsReferralDuty,
    DisciplinaryOutcome,
    PlanningContribution,
    PlanningRequest,
    StatutoryAdvice,
    StatutoryAgency,
)
from ttw_safeguarding.records.forms import LONG_TEXT, add_problems, model_field
from ttw_safeguarding.records.models import Decision
from ttw_safeguarding.records.names import display_name
from ttw_safeguarding.records.submissions import SubmissionKeyForm
from ttw_safeguarding.records.validation import CleanTextMixin

SHORT = 200
NOT_IN_FUTURE = "This date cannot be in the future."
ORGANISATION_ROWS = 6
MEMBER_ROWS = 6


def _text(label: str, *, required: bool = True, help_text: str = "", rows: int = 3):
    return forms.CharField(
        label=label,
        required=required,
        max_length=LONG_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _past(value: dt.date | None) -> dt.date | None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(NOT_IN_FUTURE)
    return value


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of people, shown by name."""

    def label_from_instance(self, obj: User) -> str:
        return display_name(obj)


class _RecordForm(SubmissionKeyForm, CleanTextMixin, forms.Form):
    """Facts, professional opinion (P6.10) and the reason (P6.11), shared by every record."""

    submit_label = "Record"
    past_dates: tuple[str, ...] = ()

    facts = model_field(
        Decision, "facts", help_text="What is factual to the best of your knowledge (P6.10)."
    )
    professional_opinion = model_field(
        Decision,
        "professional_opinion",
        help_text="Your professional opinion, kept apart from the facts (P6.10).",
    )
    reason = model_field(Decision, "reason", help_text="Always recorded (P6.11).")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The record fields come last, after what the subclass declares.
        for name in ("facts", "professional_opinion", "reason"):
            self.fields[name] = self.fields.pop(name)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in self.past_dates:
            try:
                _past(cleaned.get(name))
            except forms.ValidationError as exc:
                self.add_error(name, exc)
        return cleaned


class StatutoryAdviceForm(_RecordForm):
    """P6.3: the advice sought from a statutory agency, and which organisations to tell."""

    submit_label = "Record the advice"
    past_dates = ("advised_on",)

    agency = forms.ChoiceField(choices=StatutoryAgency.choices)
    agency_name = model_field(StatutoryAdvice, "agency_name")
    adviser = model_field(StatutoryAdvice, "adviser")
    advised_on = model_field(StatutoryAdvice, "advised_on")
    question = model_field(StatutoryAdvice, "question")
    advice = model_field(StatutoryAdvice, "advice", rows=5)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, ORGANISATION_ROWS + 1):
            self.fields[f"organisation_{i}"] = forms.CharField(
                label=f"Organisation {i}", max_length=SHORT, required=False
            )
            self.fields[f"told_by_{i}"] = forms.ChoiceField(
                label=f"Who tells organisation {i}",
                choices=[("", "Choose")] + policy.TOLD_BY_CHOICES,
                required=False,
            )
        rows = [
            Row(Column(f"organisation_{i}"), Column(f"told_by_{i}"))
            for i in range(1, ORGANISATION_ROWS + 1)
        ]
        self.helper.layout = Layout(
            "agency",
            "agency_name",
            "adviser",
            "advised_on",
            "question",
            "advice",
            Fieldset(
                "Organisations the advice says should be told, and who tells each",
                HTML(
                    '<p class="small text-muted">Leave unused rows empty. Only organisations '
                    "TTW is to tell can receive a share decision resting on this advice.</p>"
                ),
                *rows,
            ),
            "facts",
            "professional_opinion",
            "reason",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        organisations = []
        for i in range(1, ORGANISATION_ROWS + 1):
            name = (cleaned.get(f"organisation_{i}") or "").strip()
            told_by = cleaned.get(f"told_by_{i}") or ""
            if not name and not told_by:
                continue
            if not name:
                self.add_error(f"organisation_{i}", "Name the organisation, or clear the row.")
                continue
            if not told_by:
                self.add_error(f"told_by_{i}", "Say who tells this organisation.")
                continue
            organisations.append({"name": name, "told_by": told_by})
        add_problems(self, policy.advice_organisation_problems(organisations))
        cleaned["organisations"] = organisations
        return cleaned


class AdviceConfirmationForm(_RecordForm):
    """P6.3: an organisation named in the advice was told."""

    submit_label = "Record that it was told"
    past_dates = ("told_on",)

    organisation = forms.ChoiceField(label="Organisation told")
    told_on = model_field(AdviceConfirmation, "told_on")

    def __init__(self, *args: Any, advice: StatutoryAdvice, confirmed: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.advice = advice
        self.confirmed = confirmed
        # Every organisation stays a choice, so a second confirmation from a page opened
        # earlier is answered by who recorded the first, not by "not a valid choice".
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (org["name"], org["name"] + (" (told already)" if org["name"] in confirmed else ""))
            for org in advice.organisations
        ]
        self.fields.pop("professional_opinion")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        if organisation:
            add_problems(
                self,
                policy.advice_confirmation_problems(
                    organisations=self.advice.organisations, organisation=organisation
                ),
            )
        return cleaned


class PlanningRequestForm(_RecordForm):
    """P6.4: a request from a statutory agency to contribute to its planning."""

    submit_label = "Enter in the register"
    past_dates = ("received_on",)

    agency = forms.ChoiceField(choices=StatutoryAgency.choices)
    agency_name = model_field(PlanningRequest, "agency_name")
    request_kind = forms.ChoiceField(label="Kind", choices=PlanningRequest.RequestKind.choices)
    request = model_field(PlanningRequest, "request")
    received_on = model_field(PlanningRequest, "received_on")
    due_on = model_field(PlanningRequest, "due_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("professional_opinion")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        received, due = cleaned.get("received_on"), cleaned.get("due_on")
        if received and due and due < received:
            self.add_error("due_on", policy.PLANNING_DUE_BEFORE_RECEIVED)
        return cleaned


class PlanningContributionForm(_RecordForm):
    """P6.4: what TTW contributed, and when."""

    submit_label = "Record the contribution"
    past_dates = ("provided_on",)

    contribution = model_field(PlanningContribution, "contribution", rows=5)
    provided_on = model_field(PlanningContribution, "provided_on")


class CourtDirectionForm(_RecordForm):
    """P6.5: a court's direction or permission to share."""

    submit_label = "Record the court direction"
    past_dates = ("order_date",)

    court = model_field(CourtDirection, "court")
    order_reference = model_field(CourtDirection, "order_reference")
    order_date = model_field(CourtDirection, "order_date")
    effect = forms.ChoiceField(label="The order", choices=CourtDirection.Effect.choices)
    information = model_field(CourtDirection, "information")
    recipients = model_field(CourtDirection, "recipients", rows=2)
    comply_by = model_field(CourtDirection, "comply_by")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("professional_opinion")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        order_date, comply_by = cleaned.get("order_date"), cleaned.get("comply_by")
        if order_date and comply_by and comply_by < order_date:
            self.add_error("comply_by", policy.COURT_COMPLY_BEFORE_ORDER)
        return cleaned


class _RemovalFields(forms.Form):
    # The same two fields, with the same names, on DisciplinaryOutcome and CmgDecision.
    removed_from_work_with_children = model_field(
        DisciplinaryOutcome, "removed_from_work_with_children"
    )
    because_of_harm = model_field(
        DisciplinaryOutcome,
        "because_of_harm",
        help_text="Where both are ticked, the legal duty to refer to the DBS applies.",
    )


class DisciplinaryOutcomeForm(_RemovalFields, _RecordForm):
    """P6.6: a restricted record, named people only."""

    submit_label = "Record the restricted outcome"
    past_dates = ("concluded_on",)
    field_order = [
        "concluded_on",
        "findings",
        "sanction",
        "removed_from_work_with_children",
        "because_of_harm",
        "need_to_know",
    ]

    concluded_on = model_field(DisciplinaryOutcome, "concluded_on")
    findings = model_field(DisciplinaryOutcome, "findings", rows=5)
    sanction = forms.ChoiceField(label="Outcome", choices=DisciplinaryOutcome.Sanction.choices)
    need_to_know = PeopleChoiceField(
        label="Named as needing to know",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only these people and the National Safeguarding Officer can open the record.",
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PeopleChoiceField, self.fields["need_to_know"]).queryset = candidates

    def clean_need_to_know(self) -> list[Any]:
        return list(self.cleaned_data["need_to_know"])


class DbsDisclosureForm(_RecordForm):
    """P6.7: a DBS disclosure concern, put to chosen Case Management Group members."""

    submit_label = "Put to the Case Management Group"
    past_dates = ("certificate_issued_on",)

    certificate_issued_on = model_field(DbsDisclosure, "certificate_issued_on")
    concern = model_field(DbsDisclosure, "concern", rows=4)
    members = PeopleChoiceField(
        label="Put to",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": policy.CMG_MEMBERS_TO_PUT_REQUIRED},
    )

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PeopleChoiceField, self.fields["members"]).queryset = members
        self.fields.pop("professional_opinion")

    def clean_members(self) -> list[Any]:
        return list(self.cleaned_data["members"])


class CmgDecisionForm(_RemovalFields, _RecordForm):
    """P6.7: the CMG decision: date, members (one at least independent), outcome."""

    submit_label = "Record the CMG decision"
    past_dates = ("meeting_on",)

    meeting_on = model_field(CmgDecision, "meeting_on")
    cmg_outcome = forms.ChoiceField(
        label="Outcome", choices=policy.CMG_OUTCOME_CHOICES, widget=forms.RadioSelect
    )
    restrictions = model_field(
        CmgDecision, "restrictions", help_text="Required when restrictions are needed."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, MEMBER_ROWS + 1):
            self.fields[f"member_{i}"] = forms.CharField(
                label=f"Member {i}", max_length=SHORT, required=False
            )
            self.fields[f"member_role_{i}"] = forms.CharField(
                label=f"Role of member {i}", max_length=SHORT, required=False
            )
            self.fields[f"member_independent_{i}"] = forms.BooleanField(
                label=f"Member {i} is independent", required=False
            )
        rows = [
            Row(
                Column(f"member_{i}"),
                Column(f"member_role_{i}"),
                Column(f"member_independent_{i}"),
            )
            for i in range(1, MEMBER_ROWS + 1)
        ]
        self.helper.layout = Layout(
            "meeting_on",
            Fieldset("Members at the meeting (at least one independent)", *rows),
            "cmg_outcome",
            "restrictions",
            "removed_from_work_with_children",
            "because_of_harm",
            "facts",
            "professional_opinion",
            "reason",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        members = []
        for i in range(1, MEMBER_ROWS + 1):
            name = (cleaned.get(f"member_{i}") or "").strip()
            role = (cleaned.get(f"member_role_{i}") or "").strip()
            independent = bool(cleaned.get(f"member_independent_{i}"))
            if not name and (role or independent):
                self.add_error(f"member_{i}", "Name the member, or clear the row.")
            elif name:
                members.append({"name": name, "role": role, "independent": independent})
        cleaned["members"] = members
        if "cmg_outcome" in cleaned:
            add_problems(
                self,
                policy.cmg_decision_problems(
                    members=members,
                    outcome=cleaned["cmg_outcome"],
                    restrictions=cleaned.get("restrictions", ""),
                ),
            )
        return cleaned


class DbsReferralDutyForm(SubmissionKeyForm, CleanTextMixin, forms.Form):
    """Whether and when the referral to the DBS was made."""

    referral_made = forms.TypedChoiceField(
        label="Was the referral to the DBS made?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    referred_on = model_field(DbsReferralDuty, "referred_on")
    dbs_reference = model_field(DbsReferralDuty, "dbs_reference")
    reason = _text(
        "Reason",
        help_text="Why the referral was made, or why not: the duty is a legal one.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Record"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        try:
            _past(cleaned.get("referred_on"))
        except forms.ValidationError as exc:
            self.add_error("referred_on", exc)
        if "referral_made" in cleaned and "referred_on" in cleaned:
            add_problems(
                self,
                policy.dbs_referral_problems(
                    referral_made=cleaned["referral_made"], referred_on=cleaned["referred_on"]
                ),
            )
        return cleaned


class StatutorySearchForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label="Search", max_length=SHORT, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("search", "Search", css_class="btn-secondary"))

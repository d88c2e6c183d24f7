"""Forms of the Wales procedure on an allegation: validate and convert, never act.

Each calls the same policy rule as its service in ``clean()``, so the form shows the
policy's own message on the field it names; fields the policy checks are not "required"
to Django, which would answer with a message of its own.
"""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from adults import wales_services
from adults.models import AllegationOutcome, DesignatedOfficerNotice, StrategyDiscussion
from cases.forms import DATETIME_FORMATS, PlainTextMixin
from cases.models import AdultSubjectToAllegation, LocalAuthority, Triage
from sharing import policy
from ttw_safeguarding.records.forms import add_problems, model_field
from ttw_safeguarding.records.models import Decision
from ttw_safeguarding.records.submissions import SubmissionKeyForm

YES_NO = [("", "Choose"), ("yes", "Yes"), ("no", "No")]


def _optional(model: type, name: str, **overrides: Any) -> forms.Field:
    # The policy says what is missing, in its own words (see the module's account).
    field = model_field(model, name, **overrides)
    field.required = False
    return field


class _WalesForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    """Facts and professional opinion kept apart (P6.10), after the record's own fields."""

    submit_label = "Record"

    facts = model_field(
        Decision, "facts", help_text="What is factual to the best of your knowledge (P6.10)."
    )
    professional_opinion = model_field(
        Decision,
        "professional_opinion",
        help_text="Your professional opinion, kept apart from the facts (P6.10).",
    )

    def __init__(self, *args: Any, allegation: AdultSubjectToAllegation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allegation = allegation
        for name in ("facts", "professional_opinion"):
            self.fields[name] = self.fields.pop(name)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


def _where_it_happened(allegation: AdultSubjectToAllegation) -> int | None:
    """The local authority of the case's first concern: the designated officer is that
    authority's (Wales Safeguarding Procedures C2), offered first."""
    return (
        Triage.objects.filter(case=allegation.case, concern__local_authority__isnull=False)
        .order_by("recorded_at")
        .values_list("concern__local_authority", flat=True)
        .first()
    )


class DesignatedOfficerNoticeForm(_WalesForm):
    submit_label = "Record that the designated officer was told"

    told_at = forms.DateTimeField(
        label="When the designated officer was told",
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Date and time. Not in the future.",
    )
    local_authority = forms.ModelChoiceField(
        label="Local authority",
        queryset=LocalAuthority.objects.all(),
        required=False,
        empty_label="Choose the authority",
        help_text="The authority where it happened.",
    )
    officer_name = model_field(DesignatedOfficerNotice, "officer_name")
    officer_contact = model_field(
        DesignatedOfficerNotice, "officer_contact", help_text="Phone number or e-mail address."
    )
    method = model_field(DesignatedOfficerNotice, "method")
    risk_assessment = _optional(DesignatedOfficerNotice, "risk_assessment", rows=4)
    immediate_safeguards = _optional(DesignatedOfficerNotice, "immediate_safeguards", rows=4)
    lateness_reason = model_field(
        DesignatedOfficerNotice,
        "lateness_reason",
        help_text="If they were told after the due time, say why.",
    )

    def __init__(self, *args: Any, allegation: AdultSubjectToAllegation, **kwargs: Any) -> None:
        super().__init__(*args, allegation=allegation, **kwargs)
        self.fields["local_authority"].initial = _where_it_happened(allegation)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        told_at = cleaned.get("told_at")
        if told_at is not None:
            add_problems(
                self,
                policy.designated_officer_notice_problems(
                    local_authority=str(cleaned.get("local_authority") or ""),
                    risk_assessment=cleaned.get("risk_assessment", ""),
                    immediate_safeguards=cleaned.get("immediate_safeguards", ""),
                    reported_at=wales_services.allegation_learnt_at(self.allegation),
                    told_at=told_at,
                    now=timezone.now() + wales_services.CLOCK_TOLERANCE,
                ),
            )
        return cleaned


class StrategyDiscussionForm(_WalesForm):
    submit_label = "Record the strategy discussion"

    held_on = model_field(StrategyDiscussion, "held_on")
    participants = model_field(
        StrategyDiscussion, "participants", help_text="Names, roles and agencies."
    )
    threshold = forms.ChoiceField(
        label="Threshold for a strategy meeting",
        choices=[("", "Choose"), *policy.StrategyThreshold.CHOICES],
        required=False,
    )
    threshold_reason = _optional(StrategyDiscussion, "threshold_reason")
    outside_activities_elsewhere = forms.TypedChoiceField(
        label="Does the adult work with children, or have caring responsibilities, outside TTW?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        help_text="Policy P6.3: other clubs, schools, groups, their own family's care.",
    )
    outside_activities = _optional(StrategyDiscussion, "outside_activities")
    who_tells_other_organisations = _optional(StrategyDiscussion, "who_tells_other_organisations")
    interim_safeguards = _optional(StrategyDiscussion, "interim_safeguards")
    share_with_adult = _optional(
        StrategyDiscussion, "share_with_adult", help_text="It may be nothing yet."
    )
    share_with_child = _optional(StrategyDiscussion, "share_with_child")
    share_with_parents = _optional(StrategyDiscussion, "share_with_parents")
    who_tells_whom = _optional(StrategyDiscussion, "who_tells_whom")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        held_on = cleaned.get("held_on")
        if held_on is not None:
            learnt = wales_services.allegation_learnt_at(self.allegation)
            add_problems(
                self,
                policy.strategy_discussion_problems(
                    threshold=cleaned.get("threshold", ""),
                    threshold_reason=cleaned.get("threshold_reason", ""),
                    outside_activities_elsewhere=cleaned.get("outside_activities_elsewhere"),
                    outside_activities=cleaned.get("outside_activities", ""),
                    who_tells_other_organisations=cleaned.get("who_tells_other_organisations", ""),
                    interim_safeguards=cleaned.get("interim_safeguards", ""),
                    share_with_adult=cleaned.get("share_with_adult", ""),
                    share_with_child=cleaned.get("share_with_child", ""),
                    share_with_parents=cleaned.get("share_with_parents", ""),
                    who_tells_whom=cleaned.get("who_tells_whom", ""),
                    held_on=held_on,
                    reported_on=timezone.localdate(learnt),
                    today=timezone.localdate(),
                ),
            )
        return cleaned


def _outcome_choices() -> list[tuple[str, str]]:
    return [
        (value, f"{label}: {policy.AllegationOutcome.DEFINITIONS[value]}")
        for value, label in policy.AllegationOutcome.CHOICES
    ]


class AllegationOutcomeForm(_WalesForm):
    submit_label = "Record the outcome"

    allegation_outcome = forms.ChoiceField(
        label="Outcome, on the balance of probabilities",
        choices=_outcome_choices,
        widget=forms.RadioSelect,
        required=False,
    )
    decided_on = model_field(AllegationOutcome, "decided_on")
    reason = forms.CharField(
        label="Reason for the outcome",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why, on the balance of probabilities (more likely than not).",
    )
    evidence_of_deceit = _optional(
        AllegationOutcome, "evidence_of_deceit", help_text="Only for a malicious allegation."
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        decided_on = cleaned.get("decided_on")
        if decided_on is not None:
            add_problems(
                self,
                policy.allegation_outcome_problems(
                    outcome=cleaned.get("allegation_outcome", ""),
                    reason=cleaned.get("reason", ""),
                    evidence_of_deceit=cleaned.get("evidence_of_deceit", ""),
                    decided_on=decided_on,
                    today=timezone.localdate(),
                ),
            )
        return cleaned

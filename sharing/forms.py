"""Forms of the sharing app. They validate and convert; the policy decides (sharing.policy).

The share decision is a guided form in steps following the government's
information-sharing flowchart: purpose, information, recipient, consent,
justification without consent, lawful basis, urgency and method, facts and
opinion, outcome and reason, then a check of the whole before recording.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from cases.models import Case
from sharing import access as sharing_access
from sharing import policy, services
from sharing.models import ConsentRecord, NSOReview, ShareDecision, WrittenReportSent
from ttw_safeguarding.records.forms import add_problems
from ttw_safeguarding.records.submissions import SubmissionKeyForm
from ttw_safeguarding.records.validation import CleanTextMixin

LONG_TEXT = 20000
SHORT_TEXT = 200
# The policy's names for facts that the forms call otherwise.
POLICY_FIELDS = {"outcome": "share_outcome", "recipient": "recipient_organisation"}
NOT_CITING = "Only a basis from P6.3 to P6.7 cites a record; leave this empty."


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _add_problems(form: forms.Form, problems: Iterable[policy.Problem]) -> None:
    add_problems(form, problems, aliases=POLICY_FIELDS)


def _helper(submit_label: str | None) -> FormHelper:
    helper = FormHelper()
    if submit_label:
        helper.add_input(Submit("submit", submit_label))
    else:
        # Inside the step form, whose buttons the page draws.
        helper.form_tag = False
        helper.disable_csrf = True
    return helper


# --- consent (P6.8) -------------------------------------------------------------------


class ConsentRecordForm(SubmissionKeyForm, CleanTextMixin, forms.Form):
    whose = forms.ChoiceField(
        label="Whose consent", choices=ConsentRecord.Whose.choices, widget=forms.RadioSelect
    )
    person_name = forms.CharField(label="Name of the person", max_length=200, required=False)
    was_sought = forms.TypedChoiceField(
        label="Was consent sought?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    answer = forms.ChoiceField(
        label="If sought: the answer",
        choices=[("", "—"), *ConsentRecord.Answer.choices],
        required=False,
    )
    occurred_on = forms.DateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date"}), help_text="Not in the future."
    )
    not_sought_because = forms.ChoiceField(
        label="If not sought: why",
        choices=[("", "—"), *ConsentRecord.NotSoughtBecause.choices],
        required=False,
    )
    not_sought_explanation = forms.CharField(
        label="If another reason: what it is",
        widget=_textarea(3),
        max_length=LONG_TEXT,
        required=False,
    )
    facts = forms.CharField(
        label="Facts",
        widget=_textarea(),
        max_length=LONG_TEXT,
        required=False,
        help_text="What was asked and said, as fact (P6.10).",
    )
    professional_opinion = forms.CharField(
        label="Professional opinion",
        widget=_textarea(3),
        max_length=LONG_TEXT,
        required=False,
        help_text="Your professional opinion, kept apart from the facts (P6.10).",
    )
    reason = forms.CharField(
        label="Reason for recording this position",
        widget=_textarea(3),
        max_length=LONG_TEXT,
        error_messages={"required": policy.REASON_REQUIRED},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Record consent")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "was_sought" in cleaned:
            _add_problems(
                self,
                policy.consent_record_problems(
                    was_sought=cleaned["was_sought"],
                    answer=cleaned.get("answer", ""),
                    not_sought_because=cleaned.get("not_sought_because", ""),
                    explanation=cleaned.get("not_sought_explanation", ""),
                    occurred_on=cleaned.get("occurred_on"),
                    today=timezone.localdate(),
                ),
            )
        return cleaned


# --- the share decision, step by step ---------------------------------------------------


class ShareStepForm(CleanTextMixin, forms.Form):
    """One step of the share decision. ``answers`` holds what the earlier steps said."""

    title = ""
    intro = ""

    def __init__(
        self,
        *args: Any,
        case: Case,
        user: Any,
        answers: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.user = user
        self.answers = answers or {}
        self.helper = _helper(None)

    def facts_for_policy(self, **overrides: Any) -> policy.ShareFacts:
        data = {**self.answers, **overrides}
        return services.share_facts_for(
            case=self.case,
            outcome=data.get("share_outcome") or policy.SHARE,
            basis=data.get("basis") or policy.Basis.SAFEGUARDING,
            purpose=data.get("purpose", ""),
            information=data.get("information", ""),
            recipient=data.get("recipient_organisation", ""),
            reason=data.get("reason", ""),
            facts=data.get("facts", ""),
            professional_opinion=data.get("professional_opinion", ""),
            about_referral_information=bool(data.get("about_referral_information")),
            consent=data.get("consent", ""),
            significant_harm_justification=data.get("significant_harm_justification", ""),
            urgency=data.get("urgency", ""),
            method=data.get("method", ""),
            cited=data.get("cited_decision"),
            consent_record=data.get("consent_record"),
        )

    def whole_problems(self, **overrides: Any) -> list[policy.Problem]:
        """Every rule of the policy over the whole decision (P6.1 to P6.11)."""
        data = {**self.answers, **overrides}
        return [
            *policy.evaluate_share(self.facts_for_policy(**overrides)).problems,
            *policy.share_consent_problems(
                consent=data.get("consent", ""), lawful_basis=data.get("lawful_basis", "")
            ),
        ]

    def own_problems(self, **overrides: Any) -> list[policy.Problem]:
        """The policy's problems over the decision that fall on this step's own fields."""
        own = set(self.fields)
        return [
            problem
            for problem in self.whole_problems(**overrides)
            if POLICY_FIELDS.get(problem.field, problem.field) in own
        ]

    def outcome_stated(self) -> bool:
        """The outcome step has been answered (a rule that waits for it may now apply)."""
        return bool(self.answers.get("share_outcome"))


class PurposeForm(ShareStepForm):
    title = "Purpose"
    intro = "Is there a clear and legitimate safeguarding purpose for sharing? (P6.1)"

    purpose = forms.CharField(
        label="Safeguarding purpose",
        widget=_textarea(),
        max_length=LONG_TEXT,
        error_messages={"required": policy.PURPOSE_REQUIRED},
        help_text="How sharing is necessary to safeguard or protect a child.",
    )


class InformationForm(ShareStepForm):
    title = "Information"
    intro = "What information is (or is not) to be shared? Share only what is necessary."

    information = forms.CharField(
        label="Information",
        widget=_textarea(),
        max_length=LONG_TEXT,
        error_messages={"required": policy.INFORMATION_REQUIRED},
    )
    about_referral_information = forms.BooleanField(
        label="This is the information that meets the threshold for referral (P6.2)",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.case.meets_referral_threshold:
            # P6.2 applies only to a case marked as meeting the referral threshold.
            del self.fields["about_referral_information"]


class RecipientForm(ShareStepForm):
    title = "Recipient"
    intro = "With whom: the organisation, a named person, their role and how to reach them."

    recipient_organisation = forms.CharField(
        label="Organisation",
        max_length=SHORT_TEXT,
        error_messages={"required": policy.RECIPIENT_REQUIRED},
    )
    recipient_name = forms.CharField(label="Named person", max_length=SHORT_TEXT)
    recipient_role = forms.CharField(label="Their role", max_length=SHORT_TEXT)
    recipient_contact = forms.CharField(label="Their contact details", max_length=300)


class ConsentForm(ShareStepForm):
    title = "Consent"
    intro = "Consent to share is usually sought (P6.8). What is the consent position?"

    consent = forms.ChoiceField(
        label="Consent position",
        choices=policy.Consent.CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": policy.CONSENT_POSITION_REQUIRED},
    )
    consent_record = forms.ChoiceField(label="Consent record relied on", required=False, choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        records = sharing_access.consent_records_for_case(self.user, self.case)
        records = records.order_by("-recorded_at")
        self.records = {str(record.code): record for record in records}
        cast(forms.ChoiceField, self.fields["consent_record"]).choices = [("", "None")] + [
            (code, f"{record.outcome} on {record.occurred_on:%d %b %Y} ({record.short_code})")
            for code, record in self.records.items()
        ]

    def clean_consent_record(self) -> ConsentRecord | None:
        code = self.cleaned_data.get("consent_record")
        return self.records.get(code) if code else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "consent" in cleaned:
            # P6.8 as far as this step can tell: a consent given rests on a record that still
            # says so. Whether a justification is needed waits for the outcome (checked again
            # over the whole decision at the outcome and check steps, and by the service).
            facts = self.facts_for_policy(
                consent=cleaned["consent"],
                consent_record=cleaned.get("consent_record"),
                share_outcome=policy.NO_SHARE,
            )
            _add_problems(
                self,
                [p for p in policy.evaluate_share(facts).problems if p.clause == "P6.8"],
            )
        return cleaned


class JustificationForm(ShareStepForm):
    title = "Sharing without consent"
    intro = (
        "Without consent, information is shared only where refusing or seeking consent would "
        "put a child at risk of significant harm (P6.8)."
    )

    significant_harm_justification = forms.CharField(
        label="Significant-harm justification",
        widget=_textarea(),
        max_length=LONG_TEXT,
        required=False,
        help_text="Required if you decide to share: why a child would be at risk of "
        "significant harm.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # P6.8 at its own step: once the outcome is a share, a justification is required.
        if self.outcome_stated() and "significant_harm_justification" in cleaned:
            _add_problems(
                self,
                self.own_problems(
                    significant_harm_justification=cleaned["significant_harm_justification"]
                ),
            )
        return cleaned


class BasisForm(ShareStepForm):
    title = "Lawful basis"
    intro = "The UK GDPR / DPA 2018 condition for sharing, and what in TTW's policy it rests on."

    lawful_basis = forms.ChoiceField(
        label="Lawful basis (UK GDPR / DPA 2018)",
        choices=ShareDecision.LawfulBasis.choices,
        widget=forms.RadioSelect,
    )
    basis = forms.ChoiceField(label="Policy basis", choices=policy.Basis.CHOICES)
    cited_decision = forms.ChoiceField(
        label="Record the share rests on",
        required=False,
        choices=[],
        help_text="For P6.3 to P6.7: the statutory advice, planning request, court direction, "
        "disciplinary outcome or CMG decision of this case.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only records of this case the user may see; any other code is not a valid choice.
        citable = sharing_access.citable_decisions_for_case(self.user, self.case)
        citable = citable.order_by("-recorded_at")
        self.citable = {str(decision.code): decision for decision in citable}
        cast(forms.ChoiceField, self.fields["cited_decision"]).choices = [("", "None")] + [
            (code, f"{decision.outcome} ({decision.short_code})")
            for code, decision in self.citable.items()
        ]

    def clean_cited_decision(self) -> Any:
        code = self.cleaned_data.get("cited_decision")
        return self.citable.get(code) if code else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        basis = cleaned.get("basis")
        cited = cleaned.get("cited_decision")
        if basis and basis not in policy.Basis.CITES and cited is not None:
            self.add_error("cited_decision", NOT_CITING)
        elif basis:
            facts = self.facts_for_policy(
                basis=basis, cited_decision=cited, share_outcome=policy.SHARE
            )
            _add_problems(self, policy.share_basis_problems(facts))
        if cleaned.get("lawful_basis"):
            _add_problems(
                self,
                policy.share_consent_problems(
                    consent=self.answers.get("consent", ""), lawful_basis=cleaned["lawful_basis"]
                ),
            )
        return cleaned


class MethodForm(ShareStepForm):
    title = "Urgency and method"
    intro = (
        "The way information is shared fits the urgency, and is always supported by a written "
        "report (P6.9). Required if you decide to share."
    )

    urgency = forms.ChoiceField(choices=[("", "—"), *ShareDecision.Urgency.choices], required=False)
    method = forms.ChoiceField(
        label="Method",
        choices=[("", "—"), *ShareDecision.Method.choices],
        required=False,
        help_text="By phone or in person, the written report must follow within one working day.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # P6.9 at its own step: once the outcome is a share, urgency and method are required.
        if self.outcome_stated() and "method" in cleaned and "urgency" in cleaned:
            _add_problems(
                self, self.own_problems(method=cleaned["method"], urgency=cleaned["urgency"])
            )
        return cleaned


class FactsForm(ShareStepForm):
    title = "Facts and professional opinion"
    intro = "Say which information is fact and which is professional opinion (P6.10)."

    facts = forms.CharField(
        label="Facts",
        widget=_textarea(6),
        max_length=LONG_TEXT,
        error_messages={"required": policy.FACTS_REQUIRED},
        help_text="Factual to the best of your knowledge.",
    )
    professional_opinion = forms.CharField(
        label="Professional opinion",
        widget=_textarea(4),
        max_length=LONG_TEXT,
        required=False,
    )


class OutcomeForm(ShareStepForm):
    title = "Outcome and reason"
    intro = "Share, or do not share. The reason is recorded for both (P6.11)."

    share_outcome = forms.ChoiceField(
        label="Outcome", choices=ShareDecision.Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Reason for the decision",
        widget=_textarea(4),
        max_length=LONG_TEXT,
        error_messages={"required": policy.REASON_REQUIRED},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "share_outcome" in cleaned and "reason" in cleaned:
            # A problem on another step's answer (a justification, a method) is shown on that
            # step, to which the share decision goes next; the rest shows here.
            others = {*JustificationForm.base_fields, *MethodForm.base_fields}
            problems = self.whole_problems(
                share_outcome=cleaned["share_outcome"], reason=cleaned["reason"]
            )
            _add_problems(
                self,
                [p for p in problems if POLICY_FIELDS.get(p.field, p.field) not in others],
            )
        return cleaned


class CheckForm(SubmissionKeyForm, ShareStepForm):
    title = "Check and record"
    intro = "Check the decision. Once recorded it cannot be edited or deleted (P6.11)."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # The check step has no fields of its own: every problem shows above it.
        add_problems(self, self.whole_problems())
        return cleaned


SHARE_STEPS: list[tuple[str, type[ShareStepForm]]] = [
    ("purpose", PurposeForm),
    ("information", InformationForm),
    ("recipient", RecipientForm),
    ("consent", ConsentForm),
    ("justification", JustificationForm),
    ("basis", BasisForm),
    ("method", MethodForm),
    ("facts", FactsForm),
    ("outcome", OutcomeForm),
    ("check", CheckForm),
]


# --- NSO review and the written-report confirmation -------------------------------------


class NSOReviewForm(SubmissionKeyForm, CleanTextMixin, forms.Form):
    verdict = forms.ChoiceField(
        label="Review", choices=NSOReview.Verdict.choices, widget=forms.RadioSelect
    )
    comments = forms.CharField(widget=_textarea(3), max_length=LONG_TEXT, required=False)
    action_required = forms.CharField(
        label="Action required",
        widget=_textarea(3),
        max_length=LONG_TEXT,
        required=False,
        help_text="Required when raising a concern.",
    )
    reason = forms.CharField(
        label="Reason for the review's conclusion",
        widget=_textarea(3),
        max_length=LONG_TEXT,
        error_messages={"required": policy.REASON_REQUIRED},
    )

    def __init__(self, *args: Any, reviewer: Any, share_decision: ShareDecision, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.reviewer = reviewer
        self.share_decision = share_decision
        self.helper = _helper("Record review")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "verdict" in cleaned:
            _add_problems(
                self,
                policy.review_problems(
                    reviewer_id=self.reviewer.pk,
                    decided_by_id=self.share_decision.recorded_by_id,
                    verdict=cleaned["verdict"],
                    comments=cleaned.get("comments", ""),
                    action_required=cleaned.get("action_required", ""),
                ),
            )
        return cleaned


class WrittenReportSentForm(SubmissionKeyForm, CleanTextMixin, forms.Form):
    sent_on = forms.DateField(
        label="Date the written report was sent", widget=forms.DateInput(attrs={"type": "date"})
    )
    sent_by = forms.ChoiceField(label="Sent by", choices=WrittenReportSent.SentBy.choices)
    facts = forms.CharField(
        label="Note",
        widget=_textarea(3),
        max_length=LONG_TEXT,
        required=False,
        help_text="For example, to whom it was addressed.",
    )

    def __init__(self, *args: Any, share_decision: ShareDecision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.share_decision = share_decision
        self.helper = _helper("Confirm the written report was sent")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("sent_on"):
            _add_problems(
                self,
                policy.written_report_sent_problems(
                    outcome=self.share_decision.share_outcome,
                    method=self.share_decision.method,
                    shared_on=timezone.localdate(self.share_decision.recorded_at),
                    sent_on=cleaned["sent_on"],
                    today=timezone.localdate(),
                ),
            )
        return cleaned

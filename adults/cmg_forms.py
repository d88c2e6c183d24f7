"""Forms of the Case Management Group: validate and convert, ask the policy, never act."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from adults import cmg_services
from adults.forms import LONG_TEXT, _helper
from adults.models import CaseManagementGroup
from cases.forms import PlainTextMixin
from sharing import policy
from ttw_safeguarding.records.forms import add_problems
from ttw_safeguarding.records.names import display_name
from ttw_safeguarding.records.submissions import SubmissionKeyForm

NOT_A_MEMBER = "Choose people from the list."


def _text(label: str, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=LONG_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _people(label: str, help_text: str = "", required: bool = True) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=[],
        required=required,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


class _PeopleForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    """A form choosing people from a list by their key, given back as users."""

    def _set_people(self, name: str, people: Any) -> None:
        choices = {str(user.pk): user for user in people}
        setattr(self, f"_{name}_choices", choices)
        cast(forms.MultipleChoiceField, self.fields[name]).choices = [
            (pk, display_name(user)) for pk, user in choices.items()
        ]

    def _people_of(self, name: str, keys: Any) -> list[Any]:
        choices = getattr(self, f"_{name}_choices")
        return [choices[key] for key in keys or () if key in choices]


class ConveneForm(_PeopleForm):
    members = _people(
        "Members",
        help_text=f"At least {policy.CMG_MINIMUM_SIZE}, from the people holding the Case "
        "Management Group role.",
    )
    independent = _people(
        "Independent members",
        help_text="Members with independent child protection expertise: at least one.",
        required=False,
    )
    reason = _text("Reason for this decision", help_text="Why the case goes to the group.")

    def __init__(self, *args: Any, cmg_users: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_people("members", cmg_users)
        self._set_people("independent", cmg_users)
        self.helper = _helper("Convene the group")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        members = self._people_of("members", cleaned.get("members"))
        independent = self._people_of("independent", cleaned.get("independent"))
        cleaned["members"], cleaned["independent"] = members, independent
        member_ids = {user.pk for user in members}
        if any(user.pk not in member_ids for user in independent):
            self.add_error("independent", "An independent member is one of the members.")
        if "members" not in self.errors:
            add_problems(
                self,
                policy.cmg_membership_problems(
                    [
                        policy.CmgMember(member_id=user.pk, independent=user in independent)
                        for user in members
                    ],
                    require_declarations=False,
                ),
            )
        return cleaned


class DeclarationForm(SubmissionKeyForm, PlainTextMixin, forms.Form):
    declaration = forms.ChoiceField(
        label="Your declaration",
        choices=policy.Declaration.CHOICES,
        widget=forms.RadioSelect,
    )
    conflict = _text(
        "The conflict of interest",
        required=False,
        help_text="If you have one: what it is (a friend, a relative, a colleague...).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Record my declaration")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("declaration") == policy.Declaration.CONFLICT
            and not (cleaned.get("conflict") or "").strip()
        ):
            self.add_error("conflict", policy.CMG_CONFLICT_DETAIL_REQUIRED)
        return cleaned


class GroupDecisionForm(_PeopleForm):
    """What every decision of the group asks: who takes part (the policy refuses a member
    with a conflict, or yet to declare) and the reason."""

    submit = "Record the decision"

    def __init__(self, *args: Any, group: CaseManagementGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["voters"] = _people(
            "Members taking part",
            help_text="A member with a declared conflict of interest, or yet to declare, "
            "takes no part.",
        )
        self.fields["reason"] = _text("Reason for this decision")
        self.fields["facts"] = _text("FACTS", required=False)
        memberships = group.memberships.select_related("member").order_by("pk")
        self._set_people("voters", [m.member for m in memberships])
        self.helper = _helper(self.submit)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["voters"] = self._people_of("voters", cleaned.get("voters"))
        if "voters" not in self.errors:
            members = cmg_services.group_members(self.group)
            add_problems(
                self,
                policy.cmg_quorum_problems(members, [user.pk for user in cleaned["voters"]]),
            )
        return cleaned


class RouteForm(GroupDecisionForm):
    submit = "Record the route"
    route = forms.ChoiceField(
        label="Route", choices=policy.CaseRoute.CHOICES, widget=forms.RadioSelect
    )


class SuspensionForm(GroupDecisionForm):
    submit = "Record the suspension"
    from_what = _text(
        "Suspended from",
        help_text="Roles, activities, clubs or events the adult is suspended from.",
    )
    starts_on = _date("From")
    review_on = _date(
        "Review by",
        help_text=f"Within {policy.SUSPENSION_MAX_REVIEW_DAYS} days of the start.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("starts_on"):
            add_problems(
                self,
                policy.suspension_problems(
                    from_what=cleaned.get("from_what", ""),
                    starts_on=cleaned.get("starts_on"),
                    review_on=cleaned.get("review_on"),
                    reason=cleaned.get("reason", ""),
                    today=timezone.localdate(),
                ),
            )
        return cleaned


class SuspensionReviewForm(GroupDecisionForm):
    submit = "Record the review"
    reviewed_on = _date("Reviewed on")
    review_decision = forms.ChoiceField(
        label="Decision",
        choices=policy.SuspensionReviewDecision.CHOICES,
        widget=forms.RadioSelect,
    )
    varied_from_what = _text(
        "Suspended from, as varied", required=False, help_text="Only when the suspension is varied."
    )
    next_review_on = _date(
        "Next review by", required=False, help_text="Unless the suspension is lifted."
    )

    def __init__(self, *args: Any, starts_on: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.starts_on = starts_on
        self.fields["reviewed_on"].initial = timezone.localdate

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("reviewed_on") and cleaned.get("review_decision"):
            add_problems(
                self,
                policy.suspension_review_problems(
                    starts_on=self.starts_on,
                    reviewed_on=cleaned["reviewed_on"],
                    decision=cleaned["review_decision"],
                    next_review_on=cleaned.get("next_review_on"),
                    reason=cleaned.get("reason", ""),
                    today=timezone.localdate(),
                    varied_from_what=cleaned.get("varied_from_what", ""),
                ),
                aliases={"decision": "review_decision"},
            )
        return cleaned


class FinalDecisionForm(GroupDecisionForm):
    submit = "Record the final decision"
    cmg_outcome = forms.ChoiceField(
        label="Outcome", choices=policy.CMG_OUTCOME_CHOICES, widget=forms.RadioSelect
    )
    restrictions = _text("Restrictions needed", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("cmg_outcome") == policy.CMG_RESTRICTIONS
            and not (cleaned.get("restrictions") or "").strip()
        ):
            self.add_error("restrictions", policy.CMG_RESTRICTIONS_REQUIRED)
        return cleaned


class AppealForm(_PeopleForm):
    lodged_on = _date("Appeal lodged on")
    grounds = _text("Grounds of the appeal")
    panel = _people(
        "Appeal panel",
        help_text="Who heard the appeal: nobody who sat on the group's decision.",
    )
    appeal_outcome = forms.ChoiceField(
        label="Outcome of the appeal",
        choices=policy.AppealOutcome.CHOICES,
        widget=forms.RadioSelect,
    )
    variation = _text("How the decision is varied", required=False)
    reason = _text("Reason for this decision")

    def __init__(self, *args: Any, panel_candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_people("panel", panel_candidates)
        self.helper = _helper("Record the appeal")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["panel"] = self._people_of("panel", cleaned.get("panel"))
        if cleaned.get("appeal_outcome"):
            add_problems(
                self,
                policy.appeal_outcome_problems(
                    outcome=cleaned["appeal_outcome"],
                    variation=cleaned.get("variation", ""),
                    reason=cleaned.get("reason", ""),
                ),
                aliases={"outcome": "appeal_outcome"},
            )
        return cleaned

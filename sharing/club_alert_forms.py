"""The NSO's alert to clubs: which clubs and regions, what to be aware of, what to do."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from clubs.access import clubs_all
from clubs.models import Region
from sharing import policy
from sharing.models import ClubAlert
from ttw_safeguarding.records.forms import add_problems, model_field
from ttw_safeguarding.records.submissions import SubmissionKeyForm
from ttw_safeguarding.records.validation import CleanTextMixin

# An alert is read on a phone by volunteers: a few paragraphs at most.
ALERT_TEXT = 4000


class ClubAlertForm(SubmissionKeyForm, CleanTextMixin, forms.Form):
    clubs = forms.ModelMultipleChoiceField(
        label="Clubs",
        queryset=clubs_all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Their club welfare officers, and their regions' welfare officers, are alerted.",
    )
    regions = forms.ModelMultipleChoiceField(
        label="Regions",
        queryset=Region.objects.order_by("name"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The regional welfare officer and every club welfare officer of the region.",
    )
    warning = model_field(ClubAlert, "warning", rows=4, max_length=ALERT_TEXT)
    action = model_field(ClubAlert, "action", rows=3, max_length=ALERT_TEXT)
    reason = model_field(
        ClubAlert,
        "reason",
        rows=3,
        max_length=ALERT_TEXT,
        help_text="P6.11: why this alert is needed to safeguard children. Kept on the "
        "record; not sent to the welfare officers.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Send the alert"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        add_problems(
            self,
            policy.club_alert_problems(
                policy.ClubAlertFacts(
                    warning=cleaned.get("warning") or "",
                    action=cleaned.get("action") or "",
                    reason=cleaned.get("reason") or "",
                    clubs=len(cleaned.get("clubs") or ()),
                    regions=len(cleaned.get("regions") or ()),
                )
            ),
        )
        return cleaned

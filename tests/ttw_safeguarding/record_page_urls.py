"""A record page declared by a test, beside the project's URLs (``pytest.mark.urls``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils import timezone

from cases import access as case_access
from sharing.statutory.services import court_direction_record
from ttw_safeguarding.records.forms import add_problems
from ttw_safeguarding.records.record_pages import RecordPage
from ttw_safeguarding.records.submissions import SubmissionKeyForm
from ttw_safeguarding.urls import urlpatterns as project_urlpatterns

REFUSED_BY_FORM = "The form refuses this court."
REFUSED_BY_SERVICE = "The service refuses this court."


@dataclass(frozen=True)
class _Problem:
    clause: str
    field: str
    message: str


class CourtForm(SubmissionKeyForm, forms.Form):
    court = forms.CharField(max_length=200)
    # Input only: the service takes no such keyword, so the page does not pass it.
    note = forms.CharField(required=False)
    reason = forms.CharField()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("court") == "Refused by the form":
            add_problems(self, [_Problem("P6.5", "court", REFUSED_BY_FORM)])
        return cleaned


def record(*, adult: Any, actor: Any, court: str, reason: str) -> Any:
    if court == "Refused by the service":
        raise ValidationError({"court": [REFUSED_BY_SERVICE]})
    return court_direction_record(
        adult=adult,
        actor=actor,
        court=court,
        order_reference="ORD-1",
        order_date=timezone.localdate(),
        effect="permits",
        information="The coaching record.",
        recipients="Riverside FC",
        reason=reason,
    )


PAGE = RecordPage(
    url_name="sharing:court_direction_new",
    subject=case_access.adult_for_user,
    subject_arg="adult",
    form=CourtForm,
    service=record,
    title="Record a declared direction",
    intro="An introduction to the declared page.",
    about=lambda adult: adult.name,
    success="The declared direction is recorded.",
)

urlpatterns = [
    path("declared/<uuid:code>/", PAGE.view(), name="declared_record"),
    *project_urlpatterns,
]

"""The NSO's statistics page and the trustees' report (a PDF) for a chosen period.

Both are made from one ``statistics_for`` of the NSO's visible records and draw their charts
with ``statistics_charts.bar_chart``. The page shows exact numbers; the trustees' report shows
1 to 4 as "fewer than 5" (``sharing.policy.statistics``). The report is two pages at most, so it
is made in the request, PDF/A and signed like a chronology.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sharing.statistics_charts import bar_chart
from sharing.statistics_selectors import Period, Statistics, default_period, statistics_for
from ttw_safeguarding.records import access
from ttw_safeguarding.records.access import AuthenticatedHttpRequest
from ttw_safeguarding.records.names import display_name
from ttw_safeguarding.records.reports import render_pdf
from ttw_safeguarding.records.signing import pdf_sign

EARLIEST = dt.date(2000, 1, 1)
PERIOD_BACKWARDS = "The period ends before it starts: choose a last day on or after the first."
PERIOD_TOO_EARLY = "Choose a first day in 2000 or later."
PERIOD_IN_FUTURE = "The last day cannot be after today."


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="First day", widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    end = forms.DateField(
        label="Last day", widget=forms.DateInput(attrs={"type": "date"}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("show", "Show the period", css_class="btn-secondary"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        default = default_period()
        start = cleaned.get("start") or default.start
        end = cleaned.get("end") or default.end
        if not self.has_error("start") and start < EARLIEST:
            self.add_error("start", PERIOD_TOO_EARLY)
        if not self.has_error("end") and end > timezone.localdate():
            self.add_error("end", PERIOD_IN_FUTURE)
        if not self.errors and end < start:
            self.add_error("end", PERIOD_BACKWARDS)
        cleaned["period"] = Period(start=start, end=end)
        return cleaned


def _period_from(request: AuthenticatedHttpRequest) -> tuple[PeriodForm, Period | None]:
    form = PeriodForm(request.GET or None)
    if not request.GET:
        default = default_period()
        form = PeriodForm(initial={"start": default.start, "end": default.end})
        return form, default
    if form.is_valid():
        return form, form.cleaned_data["period"]
    return form, None


def _charts(stats: Statistics, *, suppress: bool) -> dict[str, Any]:
    return {
        "category": bar_chart("Concerns by category", stats.by_category, suppress=suppress),
        "region": bar_chart("Concerns by region", stats.by_region, suppress=suppress),
        "club": bar_chart("Concerns by club", stats.by_club, suppress=suppress),
        "outcomes": bar_chart("Outcomes of the concerns", stats.outcomes, suppress=suppress),
        "referrals": bar_chart("Referrals by agency", stats.referrals, suppress=suppress),
        "shares": bar_chart("Share decisions by consent", stats.shares, suppress=suppress),
    }


@access.page("sharing:statistics")
def statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, period = _period_from(request)
    stats = statistics_for(request.user, period) if period is not None else None
    return render(
        request,
        "sharing/statistics/statistics.html",
        {
            "form": form,
            "stats": stats,
            "charts": _charts(stats, suppress=False) if stats else None,
            "query": request.GET.urlencode() if period is not None and request.GET else "",
        },
    )


@access.page("sharing:trustees_report")
def trustees_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, period = _period_from(request)
    if period is None:
        return render(
            request,
            "sharing/statistics/statistics.html",
            {"form": form, "stats": None, "charts": None, "query": ""},
            status=400,
        )
    stats = statistics_for(request.user, period)
    who = display_name(request.user)
    subject = f"Safeguarding report to the trustees, {period.described()}"
    pdf = render_pdf(
        "reports/trustees_report.html",
        {
            "stats": stats,
            "charts": _charts(stats, suppress=True),
            "generated_at": timezone.now(),
            "generated_by": who,
        },
        title=subject,
        subject=subject,
        author=who,
    )
    pdf = pdf_sign(pdf, reason=subject)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"trustees-report-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response

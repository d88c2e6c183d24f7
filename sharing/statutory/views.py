"""Pages of the statutory records: the lists, and a record page declared for each record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cases import access as case_access
from cases.models import AdultSubjectToAllegation
from sharing import access as sharing_access
from sharing import policy
from sharing.models import (
    CmgDecision,
    DbsDisclosure,
    DisciplinaryOutcome,
    PlanningRequest,
    StatutoryAdvice,
)
from sharing.statutory import forms, selectors, services
from ttw_safeguarding.records import access
from ttw_safeguarding.records.models import Decision
from ttw_safeguarding.records.paging import paginate
from ttw_safeguarding.records.record_pages import RecordPage

# --- lists ----------------------------------------------------------------------


@access.page("sharing:statutory_list")
def statutory_list(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.StatutorySearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    records = selectors.statutory_records(request.user, search=search)
    return render(
        request,
        "sharing/statutory/list.html",
        {
            "form": form,
            "search": search,
            "labels": selectors.kind_labels(),
            **paginate(request, records),
        },
    )


@access.page("sharing:adult_statutory")
def adult_statutory(request: access.AuthenticatedHttpRequest, code: str) -> HttpResponse:
    adult = case_access.adult_for_user(request.user, code)
    return render(
        request,
        "sharing/statutory/adult.html",
        {
            "adult": adult,
            "records": selectors.adult_records(request.user, adult=adult),
            "labels": selectors.kind_labels(),
            "can_record_disciplinary": access.can_view_restricted(request.user),
            "case_url": access.case_url_for(request.user, adult.case),
        },
    )


@access.page("sharing:planning_register")
def planning_register(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.planning_register(request.user))
    rows = selectors.planning_rows(page["page_obj"].object_list)
    return render(request, "sharing/statutory/planning_register.html", {"rows": rows, **page})


@access.page("sharing:cmg_list")
def cmg_list(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.disclosures_put_to_cmg(request.user))
    return render(
        request,
        "sharing/statutory/cmg_list.html",
        {
            "can_record": access.can_record_cmg_decision(request.user),
            "outcomes": dict(policy.CMG_OUTCOME_CHOICES),
            **page,
        },
    )


# --- the record pages: each declared once (ttw_safeguarding.records.record_pages) ----------------


def _adult_page(adult: AdultSubjectToAllegation) -> str:
    return reverse("sharing:adult_statutory", args=[adult.code])


def _decision_page(record: Decision) -> str:
    return reverse("decisions:detail", args=[record.code])


def _adult_name(record: Any) -> str:
    return record.adult.name


def _after_removal(request: HttpRequest, subject: Any, decision: Any) -> HttpResponse:
    if decision.dbs_referral_duty_applies and access.can_manage_cases(request.user):
        # The legal duty to refer to the DBS: prompt for it straight away.
        messages.warning(request, policy.DBS_REFERRAL_DUTY_PROMPT)
        return redirect("sharing:dbs_referral_new", code=decision.code)
    return redirect("decisions:detail", code=decision.code)


def _removal_for_user(user: Any, code: str) -> DisciplinaryOutcome | CmgDecision:
    """A disciplinary outcome or CMG decision the user may see: the two that record a removal."""
    removal = access.decision_for_user(user, code)
    if not isinstance(removal, (DisciplinaryOutcome, CmgDecision)):
        raise Http404("No such record")
    return removal


# P6.3 statutory advice, and that each organisation was told.
ADVICE = RecordPage[AdultSubjectToAllegation](
    url_name="sharing:advice_new",
    subject=case_access.adult_for_user,
    subject_arg="adult",
    form=forms.StatutoryAdviceForm,
    service=services.statutory_advice_record,
    title="Record statutory advice",
    intro="Record the advice of the statutory agencies on whether the organisations where "
    "this adult works with children should be told, and who tells each.",
    about=lambda adult: adult.name,
    back_url=_adult_page,
    clause=policy.CLAUSES["P6.3"],
    success="The statutory advice is recorded.",
)

ADVICE_CONFIRMATION = RecordPage[StatutoryAdvice](
    url_name="sharing:advice_confirm",
    subject=lambda user, code: sharing_access.statutory_record_for_user(
        user, code, StatutoryAdvice
    ),
    subject_arg="advice",
    form=forms.AdviceConfirmationForm,
    form_kwargs=lambda advice: {
        "advice": advice,
        "confirmed": [c.organisation for c in selectors.advice_confirmations(advice)],
    },
    service=services.advice_confirmation_record,
    title="Record that an organisation was told",
    intro="Confirm that an organisation named in the statutory advice was told.",
    about=_adult_name,
    back_url=_decision_page,
    clause=policy.CLAUSES["P6.3"],
    success="That the organisation was told is recorded.",
    # Back to the advice, where every organisation and whether it was told is listed.
    after=lambda request, advice, confirmation: redirect("decisions:detail", code=advice.code),
)

# P6.4 planning requests, and TTW's contribution.
PLANNING_REQUEST = RecordPage[AdultSubjectToAllegation](
    url_name="sharing:planning_new",
    subject=case_access.adult_for_user,
    subject_arg="adult",
    form=forms.PlanningRequestForm,
    service=services.planning_request_record,
    title="Enter a planning request",
    intro="A statutory agency asks TTW to contribute to its planning: a strategy meeting, "
    "a MAPPA meeting or an investigation.",
    about=lambda adult: adult.name,
    back_url=_adult_page,
    clause=policy.CLAUSES["P6.4"],
    success="The planning request is in the register.",
)

PLANNING_CONTRIBUTION = RecordPage[PlanningRequest](
    url_name="sharing:planning_contribute",
    subject=lambda user, code: sharing_access.statutory_record_for_user(
        user, code, PlanningRequest
    ),
    subject_arg="request",
    form=forms.PlanningContributionForm,
    service=services.planning_contribution_record,
    once_key=services.planning_contribution_once_key,
    title="Record TTW's contribution",
    intro=lambda planning: (
        f"Due {planning.due_on:%d %B %Y}: {planning.get_request_kind_display()}."
    ),
    about=_adult_name,
    back_url=_decision_page,
    clause=policy.CLAUSES["P6.4"],
    success="TTW's contribution is recorded.",
)

# P6.5 court directions.
COURT_DIRECTION = RecordPage[AdultSubjectToAllegation](
    url_name="sharing:court_direction_new",
    subject=case_access.adult_for_user,
    subject_arg="adult",
    form=forms.CourtDirectionForm,
    service=services.court_direction_record,
    title="Record a court direction or permission",
    intro="A court directs or permits TTW to share information about an individual it has "
    "found to pose a significant risk to children.",
    about=lambda adult: adult.name,
    back_url=_adult_page,
    clause=policy.CLAUSES["P6.5"],
    success="The court direction is recorded.",
)

# P6.6 disciplinary outcomes: restricted records.
DISCIPLINARY_OUTCOME = RecordPage[AdultSubjectToAllegation](
    url_name="sharing:disciplinary_new",
    subject=case_access.adult_for_user,
    subject_arg="adult",
    form=forms.DisciplinaryOutcomeForm,
    form_kwargs=lambda adult: {"candidates": access.need_to_know_candidates()},
    service=services.disciplinary_outcome_record,
    title="Record a disciplinary outcome",
    intro="A restricted record: only the National Safeguarding Officer and the people named "
    "below can see it; anyone else is told it does not exist.",
    about=lambda adult: adult.name,
    back_url=_adult_page,
    clause=policy.CLAUSES["P6.6"],
    success="The restricted outcome is recorded.",
    after=_after_removal,
)

# P6.7 DBS disclosures, the CMG's decision, and the duty to refer to the DBS.
DBS_DISCLOSURE = RecordPage[AdultSubjectToAllegation](
    url_name="sharing:dbs_disclosure_new",
    subject=case_access.adult_for_user,
    subject_arg="adult",
    form=forms.DbsDisclosureForm,
    form_kwargs=lambda adult: {"members": sharing_access.cmg_members()},
    service=services.dbs_disclosure_record,
    title="Put a DBS disclosure concern to the CMG",
    intro="The Case Management Group decides whether restrictions are needed or the person "
    "is unsuitable to work with children. Only the members chosen see this case.",
    about=lambda adult: adult.name,
    back_url=_adult_page,
    clause=policy.CLAUSES["P6.7"],
    success="The concern is put to the Case Management Group.",
)

CMG_DECISION = RecordPage[DbsDisclosure](
    url_name="sharing:cmg_decision_new",
    subject=lambda user, code: sharing_access.statutory_record_for_user(user, code, DbsDisclosure),
    subject_arg="disclosure",
    form=forms.CmgDecisionForm,
    service=services.cmg_decision_record,
    once_key=services.cmg_decision_once_key,
    title="Record the Case Management Group decision",
    intro=lambda disclosure: (
        f"DBS disclosure concern {disclosure.short_code}: {disclosure.concern[:200]}"
    ),
    about=_adult_name,
    back_url=_decision_page,
    clause=policy.CLAUSES["P6.7"],
    success="The CMG decision is recorded.",
    after=_after_removal,
)

DBS_REFERRAL_DUTY = RecordPage[DisciplinaryOutcome | CmgDecision](
    url_name="sharing:dbs_referral_new",
    subject=_removal_for_user,
    subject_arg="removal",
    form=forms.DbsReferralDutyForm,
    service=services.dbs_referral_duty_record,
    once_key=services.dbs_referral_duty_once_key,
    title="The duty to refer to the DBS",
    intro=lambda removal: (
        policy.DBS_REFERRAL_DUTY_PROMPT
        if removal.dbs_referral_duty_applies
        else policy.DBS_REFERRAL_NOT_DUE
    ),
    about=lambda removal: f"{removal.LABEL} {removal.short_code}",
    back_url=_decision_page,
    success="The DBS referral duty is recorded.",
)

advice_new = ADVICE.view()
advice_confirm = ADVICE_CONFIRMATION.view()
planning_new = PLANNING_REQUEST.view()
planning_contribute = PLANNING_CONTRIBUTION.view()
court_direction_new = COURT_DIRECTION.view()
disciplinary_new = DISCIPLINARY_OUTCOME.view()
dbs_disclosure_new = DBS_DISCLOSURE.view()
cmg_decision_new = CMG_DECISION.view()
dbs_referral_new = DBS_REFERRAL_DUTY.view()

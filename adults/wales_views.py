"""Pages of the Wales procedure on an allegation: a record page declared for each record."""

from __future__ import annotations

from django.urls import reverse

from adults import wales_forms, wales_services
from cases import access as case_access
from cases.models import AdultSubjectToAllegation
from sharing import policy
from ttw_safeguarding.records.record_pages import RecordPage


def _back(allegation: AdultSubjectToAllegation) -> str:
    if allegation.person_id is not None:
        return reverse("adults:detail", args=[allegation.person.code])  # type: ignore[union-attr]
    return reverse("cases:detail", args=[allegation.case.code])


def _about(allegation: AdultSubjectToAllegation) -> str:
    return f"{allegation.name}, case {allegation.case.reference}"


def _notice_intro(allegation: AdultSubjectToAllegation) -> str:
    due = policy.designated_officer_due_at(wales_services.allegation_learnt_at(allegation))
    return (
        "Wales Safeguarding Procedures, section 5: tell the local authority's designated "
        "officer within 24 hours (next working day, if out of office hours), with the risk "
        f"assessment and the immediate safeguards. Due by {due:%a %d %b %Y %H:%M}."
    )


def _form_kwargs(allegation: AdultSubjectToAllegation) -> dict[str, object]:
    return {"allegation": allegation}


DESIGNATED_OFFICER_NOTICE = RecordPage[AdultSubjectToAllegation](
    url_name="adults:designated_officer_new",
    subject=case_access.adult_for_user,
    subject_arg="allegation",
    form=wales_forms.DesignatedOfficerNoticeForm,
    form_kwargs=_form_kwargs,
    service=wales_services.designated_officer_notice_record,
    once_key=wales_services.designated_officer_notice_once_key,
    shown_at=_back,
    title="The designated officer for safeguarding is told",
    intro=_notice_intro,
    about=_about,
    back_url=_back,
    clause=policy.CLAUSES["WSP5"],
    success="The notice to the designated officer is recorded.",
)

STRATEGY_DISCUSSION = RecordPage[AdultSubjectToAllegation](
    url_name="adults:strategy_discussion_new",
    subject=case_access.adult_for_user,
    subject_arg="allegation",
    form=wales_forms.StrategyDiscussionForm,
    form_kwargs=_form_kwargs,
    service=wales_services.strategy_discussion_record,
    title="Record the professional strategy discussion",
    intro="The threshold, the adult's activities outside TTW, interim safeguards, what may be "
    "shared with the adult, the child and the parents, and who tells whom.",
    about=_about,
    back_url=_back,
    clause=policy.CLAUSES["WSP5"],
    success="The strategy discussion is recorded.",
)

ALLEGATION_OUTCOME = RecordPage[AdultSubjectToAllegation](
    url_name="adults:allegation_outcome_new",
    subject=case_access.adult_for_user,
    subject_arg="allegation",
    form=wales_forms.AllegationOutcomeForm,
    form_kwargs=_form_kwargs,
    service=wales_services.allegation_outcome_record,
    once_key=wales_services.allegation_outcome_once_key,
    shown_at=_back,
    title="Record the outcome of the allegation",
    intro="Decided on the balance of probabilities: more likely than not.",
    about=_about,
    back_url=_back,
    clause=policy.CLAUSES["WSP5"],
    success="The outcome of the allegation is recorded.",
)

designated_officer_new = DESIGNATED_OFFICER_NOTICE.view()
strategy_discussion_new = STRATEGY_DISCUSSION.view()
allegation_outcome_new = ALLEGATION_OUTCOME.view()

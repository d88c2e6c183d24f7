"""Writes for the sharing app: every one records a decision through decision_record.

Each service checks the policy (``sharing.policy``) again, whole, before
recording, whatever the form already checked: a refused decision raises
``ValidationError`` with the policy's messages and leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from sharing import access as sharing_access
from sharing import policy
from sharing.models import ConsentRecord, NSOReview, ShareDecision, WrittenReportSent
from ttw_safeguarding.records import access
from ttw_safeguarding.records.decisions import decision_record
from ttw_safeguarding.records.forms import refuse
from ttw_safeguarding.records.models import Decision
from ttw_safeguarding.records.need_to_know import names_of
from ttw_safeguarding.records.notifications import notify


def _need_to_know_of(decision: Decision | None, actor: User) -> list[Any]:
    """A record about a restricted record (P6.6) is restricted to the same people."""
    if decision is None or not decision.is_restricted:
        return []
    return policy.inherited_names(names_of(decision), recorder=actor)


# --- consent (P6.8) -------------------------------------------------------------------


def consent_record_record(
    *,
    case: Case,
    actor: User,
    whose: str,
    person_name: str,
    was_sought: bool,
    answer: str,
    occurred_on: dt.date,
    not_sought_because: str,
    not_sought_explanation: str,
    facts: str,
    professional_opinion: str,
    reason: str,
) -> ConsentRecord:
    """Record whose consent was sought and the answer, or why it was not sought (P6.8)."""
    refuse(
        policy.consent_record_problems(
            was_sought=was_sought,
            answer=answer,
            not_sought_because=not_sought_because,
            explanation=not_sought_explanation,
            occurred_on=occurred_on,
            today=timezone.localdate(),
        )
    )
    record = ConsentRecord(
        case=case,
        whose=whose,
        person_name=person_name,
        was_sought=was_sought,
        answer=answer if was_sought else "",
        occurred_on=occurred_on,
        not_sought_because="" if was_sought else not_sought_because,
        not_sought_explanation="" if was_sought else not_sought_explanation,
        facts=facts,
        professional_opinion=professional_opinion,
        reason=reason,
    )
    whose_label = ConsentRecord.Whose(whose).label.lower()
    if was_sought:
        record.outcome = f"Consent of {whose_label} {ConsentRecord.Answer(answer).label.lower()}"
    else:
        record.outcome = f"Consent of {whose_label} not sought"
    return decision_record(record, actor=actor)


# --- share and no-share decisions (P6.1, P6.2, P6.8 to P6.11) --------------------------


def share_facts_for(
    *,
    case: Case,
    outcome: str,
    basis: str,
    purpose: str = "",
    information: str = "",
    recipient: str = "",
    reason: str = "",
    facts: str = "",
    professional_opinion: str = "",
    about_referral_information: bool = False,
    consent: str = "",
    significant_harm_justification: str = "",
    urgency: str = "",
    method: str = "",
    cited: Decision | None = None,
    consent_record: ConsentRecord | None = None,
) -> policy.ShareFacts:
    """What the policy needs to know about a share decision, the cited record's facts merged.

    The statutory records say what they contribute through ``share_basis_facts``; the consent
    rule (P6.8) sees every consent record of the case.
    """
    cited_facts: dict[str, Any] = {}
    if cited is not None:
        cited_facts["cited_kind"] = cited.kind
        typed = cited.typed()
        basis_facts = getattr(typed, "share_basis_facts", None)
        if callable(basis_facts):
            cited_facts.update(basis_facts(recipient))
    return policy.ShareFacts(
        outcome=outcome,
        basis=basis,
        purpose=purpose,
        information=information,
        recipient=recipient,
        reason=reason,
        facts=facts,
        professional_opinion=professional_opinion,
        case_meets_threshold=case.meets_referral_threshold,
        about_referral_information=about_referral_information,
        consent=consent,
        consent_record=str(consent_record.code) if consent_record is not None else "",
        case_consent_records=consent_states_of(case),
        significant_harm_justification=significant_harm_justification,
        urgency=urgency,
        method=method,
        **cited_facts,
    )


def consent_states_of(case: Case) -> tuple[policy.ConsentState, ...]:
    """Every consent record of ``case`` as the P6.8 rule sees it, restricted ones included.

    Not shown to anyone: a later refusal must supersede a consent whoever may read it.
    """
    records = ConsentRecord.objects.filter(case=case).only(
        "code", "whose", "person_name", "was_sought", "answer", "not_sought_because",
        "occurred_on", "sequence",
    )  # fmt: skip
    return tuple(
        policy.ConsentState(
            ref=str(record.code),
            whose=record.whose,
            person_name=record.person_name,
            position=record.position,
            not_sought_because=record.not_sought_because,
            occurred_on=record.occurred_on,
            sequence=record.sequence,
        )
        for record in records
    )


def share_decision_record(
    *,
    case: Case,
    actor: User,
    purpose: str,
    information: str,
    about_referral_information: bool,
    recipient_organisation: str,
    recipient_name: str,
    recipient_role: str,
    recipient_contact: str,
    consent: str,
    consent_record: ConsentRecord | None,
    significant_harm_justification: str,
    lawful_basis: str,
    basis: str,
    cited_decision: Decision | None,
    urgency: str,
    method: str,
    facts: str,
    professional_opinion: str,
    share_outcome: str,
    reason: str,
) -> ShareDecision:
    """Record a decision to share or not to share (P6.11: both recorded the same way)."""
    # Records relied on must be on this case and visible to the person deciding.
    if consent_record is not None:
        consents = sharing_access.consent_records_for_case(actor, case)
        if not consents.filter(pk=consent_record.pk).exists():
            raise ValidationError({"consent_record": policy.CONSENT_RECORD_NOT_OF_CASE})
    if cited_decision is not None:
        citable = sharing_access.citable_decisions_for_case(actor, case)
        if not citable.filter(pk=cited_decision.pk).exists():
            raise ValidationError({"cited_decision": "Choose a record of this case."})
    facts_for_policy = share_facts_for(
        case=case,
        outcome=share_outcome,
        basis=basis,
        purpose=purpose,
        information=information,
        recipient=recipient_organisation,
        reason=reason,
        facts=facts,
        professional_opinion=professional_opinion,
        about_referral_information=about_referral_information,
        consent=consent,
        significant_harm_justification=significant_harm_justification,
        urgency=urgency,
        method=method,
        cited=cited_decision,
        consent_record=consent_record,
    )
    # P6.1 to P6.11 over the whole decision, whichever form or script asked (the consent rule
    # of P6.8 included), so no share is recorded that the policy refuses.
    evaluation = policy.evaluate_share(facts_for_policy)
    refuse(
        [
            *evaluation.problems,
            *policy.share_consent_problems(consent=consent, lawful_basis=lawful_basis),
        ]
    )
    decision = ShareDecision(
        case=case,
        purpose=purpose,
        information=information,
        about_referral_information=about_referral_information,
        recipient_organisation=recipient_organisation,
        recipient_name=recipient_name,
        recipient_role=recipient_role,
        recipient_contact=recipient_contact,
        consent=consent,
        consent_record=consent_record,
        significant_harm_justification=significant_harm_justification,
        lawful_basis=lawful_basis,
        basis=basis,
        cited_decision=cited_decision,
        urgency=urgency,
        method=method,
        share_outcome=share_outcome,
        facts=facts,
        professional_opinion=professional_opinion,
        reason=reason,
    )
    verb = "Share with" if share_outcome == policy.SHARE else "Do not share with"
    decision.outcome = f"{verb} {recipient_organisation}"[:200]
    return decision_record(
        decision,
        actor=actor,
        clauses=evaluation.clauses,
        need_to_know=_need_to_know_of(cited_decision, actor),
    )


# --- NSO review -------------------------------------------------------------------------


def nso_review_once_key(share_decision: ShareDecision) -> str:
    return f"nso_review:{share_decision.pk}"


def written_report_sent_once_key(share_decision: ShareDecision) -> str:
    return f"written_report_sent:{share_decision.pk}"


@transaction.atomic
def nso_review_record(
    *,
    share_decision: ShareDecision,
    actor: User,
    verdict: str,
    comments: str,
    action_required: str,
    reason: str,
) -> NSOReview:
    """The review of a share or no-share decision by an NSO, or by the board safeguarding lead
    for a decision an NSO made; never of their own; once."""
    refuse(
        policy.reviewer_problems(
            reviewer_is_nso=access.can_review_decisions(actor),
            reviewer_is_board_lead=access.can_review_nso_decisions(actor),
            decided_by_nso=access.can_review_decisions(share_decision.recorded_by),
        )
    )
    refuse(
        policy.review_problems(
            reviewer_id=actor.pk,
            decided_by_id=share_decision.recorded_by_id,
            verdict=verdict,
            comments=comments,
            action_required=action_required,
        )
    )
    review = NSOReview(
        case=share_decision.case,
        share_decision=share_decision,
        verdict=verdict,
        comments=comments,
        action_required=action_required if verdict == policy.REVIEW_CONCERN else "",
        reason=reason,
    )
    review.outcome = (
        f"{NSOReview.Verdict(verdict).label}: {share_decision.LABEL.lower()} "
        f"{share_decision.short_code}"
    )[:200]
    review = decision_record(
        review,
        actor=actor,
        need_to_know=_need_to_know_of(share_decision, actor),
        once_key=nso_review_once_key(share_decision),
    )
    if verdict == policy.REVIEW_CONCERN:
        # The person who decided must act on the concern; the message carries no case detail.
        notify(
            [share_decision.recorded_by],
            message=f"The NSO raised a concern about share decision {share_decision.short_code}.",
            path=reverse("decisions:detail", args=[review.code]),
            email_subject="A concern was raised about a share decision",
            topic=f"sharing.NSOReview:{review.code}",
        )
    return review


# --- written report after a share by phone or in person (P6.9) --------------------------


@transaction.atomic
def written_report_sent_record(
    *,
    share_decision: ShareDecision,
    actor: User,
    sent_on: dt.date,
    sent_by: str,
    facts: str,
) -> WrittenReportSent:
    """Confirm the written report followed a share by phone or in person (P6.9), once."""
    refuse(
        policy.written_report_sent_problems(
            outcome=share_decision.share_outcome,
            method=share_decision.method,
            shared_on=timezone.localdate(share_decision.recorded_at),
            sent_on=sent_on,
            today=timezone.localdate(),
        )
    )
    confirmation = WrittenReportSent(
        case=share_decision.case,
        share_decision=share_decision,
        sent_on=sent_on,
        sent_by=sent_by,
        facts=facts,
        reason=(
            "P6.9: information shared by phone or in person is always supported by a written "
            "report; this records that it was sent."
        ),
    )
    confirmation.outcome = (f"Written report sent to {share_decision.recipient_organisation}")[:200]
    return decision_record(
        confirmation,
        actor=actor,
        need_to_know=_need_to_know_of(share_decision, actor),
        once_key=written_report_sent_once_key(share_decision),
    )

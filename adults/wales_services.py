"""Writes for the Wales procedure on an allegation (WSP5): each records one decision.

The rules are ``sharing.policy.allegations``; a refused call raises ``ValidationError``
with the policy's messages and leaves nothing behind. The designated officer's clock starts
when the allegation line was recorded (``allegation_learnt_at``).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from adults.models import AllegationOutcome, DesignatedOfficerNotice, StrategyDiscussion
from cases.models import AdultSubjectToAllegation, LocalAuthority
from sharing import policy
from ttw_safeguarding.records.decisions import decision_record
from ttw_safeguarding.records.forms import refuse

# A form filled in on a clock a little ahead of the server's is not "in the future".
CLOCK_TOLERANCE = dt.timedelta(minutes=5)

NOTICE_REASON = (
    "WSP5: the local authority's designated officer for safeguarding is told within 24 hours "
    "(next working day, if out of office hours), with the risk assessment and the immediate "
    "safeguards."
)


def allegation_learnt_at(allegation: AdultSubjectToAllegation) -> dt.datetime:
    """When TTW learnt of the allegation about this adult: when the line was recorded, to
    the minute (the forms take times to the minute)."""
    return allegation.created_at.replace(second=0, microsecond=0)


def designated_officer_notice_once_key(allegation: AdultSubjectToAllegation) -> str:
    return f"designated_officer_notice:{allegation.pk}"


def allegation_outcome_once_key(allegation: AdultSubjectToAllegation) -> str:
    return f"allegation_outcome:{allegation.pk}"


def designated_officer_notice_record(
    *,
    allegation: AdultSubjectToAllegation,
    actor: User,
    told_at: dt.datetime,
    local_authority: LocalAuthority | None,
    officer_name: str,
    officer_contact: str,
    method: str,
    risk_assessment: str,
    immediate_safeguards: str,
    lateness_reason: str = "",
    facts: str = "",
    professional_opinion: str = "",
) -> DesignatedOfficerNotice:
    """WSP5: the designated officer is told; told late is recorded as such, not refused."""
    reported_at = allegation_learnt_at(allegation)
    refuse(
        policy.designated_officer_notice_problems(
            local_authority=str(local_authority or ""),
            risk_assessment=risk_assessment,
            immediate_safeguards=immediate_safeguards,
            reported_at=reported_at,
            told_at=told_at,
            now=timezone.now() + CLOCK_TOLERANCE,
        )
    )
    assert local_authority is not None  # refused above when missing
    late = policy.designated_officer_told_late(reported_at, told_at)
    reason = NOTICE_REASON + (f" Told late: {lateness_reason}" if late and lateness_reason else "")
    return decision_record(
        DesignatedOfficerNotice(
            case=allegation.case,
            allegation=allegation,
            told_at=told_at,
            local_authority=local_authority,
            officer_name=officer_name,
            officer_contact=officer_contact,
            method=method,
            risk_assessment=risk_assessment,
            immediate_safeguards=immediate_safeguards,
            due_at=policy.designated_officer_due_at(reported_at),
            told_late=late,
            lateness_reason=lateness_reason if late else "",
            outcome="Designated officer told" + (" after the due time" if late else ""),
            facts=facts,
            professional_opinion=professional_opinion,
            reason=reason,
        ),
        actor=actor,
        once_key=designated_officer_notice_once_key(allegation),
    )


def strategy_discussion_record(
    *,
    allegation: AdultSubjectToAllegation,
    actor: User,
    held_on: dt.date,
    participants: str = "",
    threshold: str,
    threshold_reason: str,
    outside_activities_elsewhere: bool | None,
    outside_activities: str = "",
    who_tells_other_organisations: str = "",
    interim_safeguards: str,
    share_with_adult: str,
    share_with_child: str,
    share_with_parents: str,
    who_tells_whom: str,
    facts: str = "",
    professional_opinion: str = "",
) -> StrategyDiscussion:
    """WSP5 and P6.3: the record of a professional strategy discussion."""
    refuse(
        policy.strategy_discussion_problems(
            threshold=threshold,
            threshold_reason=threshold_reason,
            outside_activities_elsewhere=outside_activities_elsewhere,
            outside_activities=outside_activities,
            who_tells_other_organisations=who_tells_other_organisations,
            interim_safeguards=interim_safeguards,
            share_with_adult=share_with_adult,
            share_with_child=share_with_child,
            share_with_parents=share_with_parents,
            who_tells_whom=who_tells_whom,
            held_on=held_on,
            reported_on=timezone.localdate(allegation_learnt_at(allegation)),
            today=timezone.localdate(),
        )
    )
    elsewhere = bool(outside_activities_elsewhere)
    discussion = StrategyDiscussion(
        case=allegation.case,
        allegation=allegation,
        held_on=held_on,
        participants=participants,
        threshold=threshold,
        threshold_reason=threshold_reason,
        outside_activities_elsewhere=elsewhere,
        outside_activities=outside_activities if elsewhere else "",
        who_tells_other_organisations=who_tells_other_organisations if elsewhere else "",
        interim_safeguards=interim_safeguards,
        share_with_adult=share_with_adult,
        share_with_child=share_with_child,
        share_with_parents=share_with_parents,
        who_tells_whom=who_tells_whom,
        facts=facts,
        professional_opinion=professional_opinion,
        reason=threshold_reason,
    )
    discussion.outcome = discussion.get_threshold_display()[:200]
    clauses = ("WSP5", "P6.3", "P6.11") if elsewhere else ("WSP5", "P6.11")
    return decision_record(discussion, actor=actor, clauses=clauses)


def allegation_outcome_record(
    *,
    allegation: AdultSubjectToAllegation,
    actor: User,
    allegation_outcome: str,
    decided_on: dt.date,
    reason: str,
    evidence_of_deceit: str = "",
    facts: str = "",
    professional_opinion: str = "",
) -> AllegationOutcome:
    """WSP5: the outcome on the balance of probabilities, with its reason."""
    refuse(
        policy.allegation_outcome_problems(
            outcome=allegation_outcome,
            reason=reason,
            evidence_of_deceit=evidence_of_deceit,
            decided_on=decided_on,
            today=timezone.localdate(),
        )
    )
    malicious = allegation_outcome == policy.AllegationOutcome.MALICIOUS
    record = AllegationOutcome(
        case=allegation.case,
        allegation=allegation,
        allegation_outcome=allegation_outcome,
        decided_on=decided_on,
        evidence_of_deceit=evidence_of_deceit if malicious else "",
        facts=facts,
        professional_opinion=professional_opinion,
        reason=reason,
    )
    record.outcome = f"Allegation {record.get_allegation_outcome_display().lower()}"
    return decision_record(record, actor=actor, once_key=allegation_outcome_once_key(allegation))

"""Writes for the DBS referral pack (SVGA35).

Starting a pack, accounting for an item of its checklist and adding to its evidence list
are recorded acts: each is a new row, written once with the form's one-time key and an
audit entry naming who wrote it, never changed. Marking the pack sent and recording the
DBS's answer are decisions (``decision_record``). Each write about a pack holds the pack's
row lock, so an item cannot be added while the pack is being sent: what was sent is what
the pack held.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditlog.context import set_actor
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from adults import dbs_referral_selectors as pack_selectors
from adults.models import (
    Adult,
    DbsPackEvidence,
    DbsPackItem,
    DbsReferralOutcome,
    DbsReferralPack,
    DbsReferralSent,
)
from sharing import policy
from sharing.models import DbsReferralDuty
from ttw_safeguarding.records import submissions
from ttw_safeguarding.records.decisions import decision_record
from ttw_safeguarding.records.forms import refuse
from ttw_safeguarding.records.need_to_know import names_of

PACK_SENT = "This pack was sent to the DBS on {date}: it is kept as it was sent."
DUTY_OF_ANOTHER = "That DBS referral duty is not about this person."
WHERE_REQUIRED = "Say where it is (a case note, a file, a record)."
SENT_REASON = "The pack holds each item the DBS asks for, or says why it is not available."
ANSWER_REASON = "The DBS's answer to the referral, recorded as it came."


def _locked(pack: DbsReferralPack) -> DbsReferralPack:
    return DbsReferralPack.objects.select_for_update().select_related("adult").get(pk=pack.pk)


def _refuse_when_sent(pack: DbsReferralPack) -> None:
    sent = pack_selectors.sent_of(pack)
    if sent is not None:
        raise ValidationError(PACK_SENT.format(date=f"{sent.referred_on:%d %b %Y}"))


@transaction.atomic
def dbs_pack_start(
    *, actor: User, adult: Adult, duty: DbsReferralDuty | None = None
) -> DbsReferralPack:
    """A new pack for ``adult``, linked to the decision that the duty applies, if given."""
    if duty is not None and not pack_selectors.duties_of(user=actor, adult=adult).filter(
        pk=duty.pk
    ):
        raise ValidationError({"duty": DUTY_OF_ANOTHER})
    pack = DbsReferralPack(adult=adult, duty=duty, started_by=actor)
    pack.full_clean()
    with set_actor(actor):
        pack.save(force_insert=True)
    submissions.submission_remember(pack, actor=actor)
    return pack


def item_problems(
    *, item: str, is_present: bool, where: str, not_available_because: str
) -> dict[str, list[str]]:
    """The problems of one checklist row, by form field: the policy's, for this item."""
    errors: dict[str, list[str]] = {}
    if is_present:
        found = policy.dbs_referral_pack_problems([item])
        if not where.strip():
            errors.setdefault("where", []).append(WHERE_REQUIRED)
    else:
        found = policy.dbs_referral_pack_problems([], not_available={item: not_available_because})
    # The item's own problem: not one of the DBS's items, or not available without why.
    field = "item" if item not in policy.DBS_PACK_ITEM_KEYS else "not_available_because"
    for problem in found:
        if problem.field == item:
            errors.setdefault(field, []).append(problem.message)
    return errors


@transaction.atomic
def dbs_pack_item_record(
    *,
    actor: User,
    pack: DbsReferralPack,
    item: str,
    is_present: bool,
    where: str = "",
    not_available_because: str = "",
) -> DbsPackItem:
    """Account for one item: present (where it is) or not available (why). A later row of
    the same item replaces this one in the checklist; none is ever changed."""
    pack = _locked(pack)
    _refuse_when_sent(pack)
    errors = item_problems(
        item=item,
        is_present=is_present,
        where=where,
        not_available_because=not_available_because,
    )
    if errors:
        raise ValidationError(errors)
    row = DbsPackItem(
        pack=pack,
        item=item,
        is_present=is_present,
        where=where if is_present else "",
        not_available_because="" if is_present else not_available_because,
        recorded_by=actor,
    )
    row.full_clean()
    with set_actor(actor):
        row.save(force_insert=True)
    submissions.submission_remember(row, actor=actor)
    return row


@transaction.atomic
def dbs_pack_evidence_add(
    *,
    actor: User,
    pack: DbsReferralPack,
    what: str,
    held_at: str,
    dated: dt.date | None = None,
) -> DbsPackEvidence:
    """Add one item to the pack's evidence list."""
    pack = _locked(pack)
    _refuse_when_sent(pack)
    if dated is not None and dated > timezone.localdate():
        raise ValidationError({"dated": policy.DATE_IN_FUTURE})
    row = DbsPackEvidence(pack=pack, what=what, dated=dated, held_at=held_at, recorded_by=actor)
    row.full_clean()
    with set_actor(actor):
        row.save(force_insert=True)
    submissions.submission_remember(row, actor=actor)
    return row


def sent_once_key(pack: DbsReferralPack) -> str:
    return f"dbs_referral_sent:{pack.pk}"


def _restricted_to(actor: User, pack: DbsReferralPack, chronology: list[Any]) -> list[User]:
    """P6.6: a pack that carries a restricted record is restricted: to the people named on
    the duty it answers (and the sender), or, with none, to the sender (the NSO sees it)."""
    named = names_of(pack.duty) if pack.duty is not None else []
    if named:
        return policy.inherited_names(named, recorder=actor)
    if any(entry.is_restricted for entry in chronology):
        return policy.named_on_new_record(actor, [])
    return []


@transaction.atomic
def dbs_referral_send(
    *,
    actor: User,
    pack: DbsReferralPack,
    referred_on: dt.date,
    reason: str = "",
    facts: str = "",
) -> DbsReferralSent:
    """Mark the pack ready and sent: refused (nothing written) while an item the DBS asks
    for is unaccounted for. The checklist, evidence list and chronology are kept with it."""
    pack = _locked(pack)
    lines = pack_selectors.checklist(pack)
    refuse(pack_selectors.pack_problems(lines))
    if referred_on > timezone.localdate():
        raise ValidationError({"referred_on": policy.DATE_IN_FUTURE})
    chronology = pack_selectors.chronology(user=actor, adult=pack.adult)
    sent = DbsReferralSent(
        case=pack.duty.case if pack.duty is not None else None,
        pack=pack,
        referred_on=referred_on,
        checklist=[
            {
                "item": line.item,
                "label": line.label,
                "is_present": line.row.is_present,
                "where": line.row.where,
                "not_available_because": line.row.not_available_because,
            }
            for line in lines
            if line.row is not None
        ],
        evidence=[
            {
                "what": row.what,
                "dated": row.dated.isoformat() if row.dated else "",
                "held_at": row.held_at,
            }
            for row in pack_selectors.evidence_of(pack)
        ],
        chronology=[
            {
                "at": entry.at.isoformat(),
                "label": entry.label,
                "case_reference": entry.case_reference,
                "club": entry.club,
                "is_restricted": entry.is_restricted,
            }
            for entry in chronology
        ],
        outcome=f"DBS referral pack sent on {referred_on:%d %b %Y}",
        reason=reason or SENT_REASON,
        facts=facts,
    )
    return decision_record(
        sent,
        actor=actor,
        need_to_know=_restricted_to(actor, pack, chronology),
        once_key=sent_once_key(pack),
    )


def outcome_once_key(pack: DbsReferralPack) -> str:
    return f"dbs_referral_outcome:{pack.pk}"


@transaction.atomic
def dbs_referral_outcome_record(
    *,
    actor: User,
    pack: DbsReferralPack,
    dbs_reference: str,
    dbs_outcome: str,
    outcome_on: dt.date | None,
    facts: str = "",
) -> DbsReferralOutcome:
    """The DBS's reference and outcome: only for a pack sent, with its reference, dated
    between the referral and today. Restricted to the same people as the pack sent."""
    pack = _locked(pack)
    sent = pack_selectors.sent_of(pack)
    refuse(
        policy.dbs_referral_outcome_problems(
            referred_on=sent.referred_on if sent is not None else None,
            reference=dbs_reference,
            outcome=dbs_outcome,
            outcome_on=outcome_on,
            today=timezone.localdate(),
        )
    )
    # Nothing recorded is no problem for the policy (the pack waits); a record needs both.
    if outcome_on is None:
        raise ValidationError({"outcome_on": policy.DBS_OUTCOME_DATE_REQUIRED})
    if sent is None:  # refused above by the policy
        raise ValidationError(policy.DBS_OUTCOME_WITHOUT_REFERRAL)
    return decision_record(
        DbsReferralOutcome(
            case=sent.case,
            sent=sent,
            dbs_reference=dbs_reference,
            dbs_outcome=dbs_outcome,
            outcome_on=outcome_on,
            outcome=f"DBS outcome {outcome_on:%d %b %Y} (reference {dbs_reference})"[:200],
            reason=ANSWER_REASON,
            facts=facts,
        ),
        actor=actor,
        need_to_know=policy.inherited_names(names_of(sent), recorder=actor),
        once_key=outcome_once_key(pack),
    )

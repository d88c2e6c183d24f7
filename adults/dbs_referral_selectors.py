"""Reads for the DBS referral pack: the checklist as it stands, the evidence list, the
person's chronology (``selectors.timeline``, through the access module), and the duties
to refer on record for the person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from adults import selectors
from adults.models import Adult, DbsPackEvidence, DbsPackItem, DbsReferralPack, DbsReferralSent
from sharing import policy
from sharing.models import DbsReferralDuty
from ttw_safeguarding.records import access


@dataclass(frozen=True)
class ChecklistLine:
    """One item the DBS asks for, as it stands: its latest row, or none yet."""

    item: str
    label: str
    row: DbsPackItem | None

    @property
    def accounted_for(self) -> bool:
        return self.row is not None and (
            self.row.is_present or bool(self.row.not_available_because.strip())
        )


def checklist(pack: DbsReferralPack) -> list[ChecklistLine]:
    """Every item of ``policy.DBS_PACK_ITEMS``, in its order, with its latest row."""
    latest: dict[str, DbsPackItem] = {}
    for row in pack.items.select_related("recorded_by").order_by("recorded_at", "pk"):
        latest[row.item] = row
    return [ChecklistLine(key, label, latest.get(key)) for key, label in policy.DBS_PACK_ITEMS]


def pack_problems(lines: list[ChecklistLine]) -> list[policy.Problem]:
    """What stops the pack being sent (SVGA35), as the policy says."""
    present = [line.item for line in lines if line.row is not None and line.row.is_present]
    not_available = {
        line.item: line.row.not_available_because
        for line in lines
        if line.row is not None and not line.row.is_present
    }
    return policy.dbs_referral_pack_problems(present, not_available=not_available)


def evidence_of(pack: DbsReferralPack) -> QuerySet[DbsPackEvidence]:
    return pack.evidence.select_related("recorded_by").order_by("dated", "recorded_at", "pk")


def chronology(*, user: Any, adult: Adult) -> list[selectors.TimelineEntry]:
    """The person's dated chronology, oldest first: the one timeline, as ``user`` sees it."""
    return selectors.timeline(user=user, adult=selectors.person_of(adult))


def duties_of(*, user: Any, adult: Adult) -> QuerySet[DbsReferralDuty]:
    """The decisions that the duty to refer applies to this person (through a disciplinary
    outcome or a CMG decision about them), as ``user`` may see them."""
    people = selectors.group_ids(selectors.person_of(adult))
    about = Q(removal__disciplinaryoutcome__adult__person__in=people) | Q(
        removal__cmgdecision__disclosure__adult__person__in=people
    )
    return (
        access.decisions_visible_to(user, model=DbsReferralDuty)
        .filter(about)
        .order_by("-recorded_at")
    )


def packs_of(adult: Adult) -> QuerySet[DbsReferralPack]:
    """The person's packs (their merged records' too), newest first."""
    return (
        DbsReferralPack.objects.filter(adult__in=selectors.group_ids(adult))
        .select_related("started_by")
        .order_by("-started_at", "pk")
    )


def sent_of(pack: DbsReferralPack) -> DbsReferralSent | None:
    """The record that the pack was sent, whoever may see it (it decides what may change)."""
    return DbsReferralSent.objects.filter(pack=pack).first()

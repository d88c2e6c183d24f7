"""The DBS referral pack (Safeguarding Vulnerable Groups Act 2006 s.35; SVGA35).

Where TTW removes an adult from work with children because they harmed, or might harm, a child,
the law requires a referral to the Disclosure and Barring Service (``statutory`` holds that
duty). The pack is what goes with it. The DBS's own guidance ("How to make a good quality barring
referral to DBS", gov.uk, 2019) lists what a good referral holds; ``DBS_PACK_ITEMS`` is that
list, in its order. Each item is present in the pack, or marked as not available with the reason
(there may be no witness, no training record); the pack is ready when nothing is left
unaccounted for.

When the DBS answers, its reference and outcome are recorded. The form of a DBS reference is not
published in a source TTW follows, so it is free text, required whenever an outcome is recorded;
the outcome is likewise the DBS's own words.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from .base import DATE_IN_FUTURE, Problem, blank

SVGA35 = "SVGA35"

DBS_PACK_ITEMS: list[tuple[str, str]] = [
    ("personal_details", "Full name, gender and date of birth"),
    ("contact_details", "Latest address, with the date it was last confirmed; phone and e-mail"),
    ("role_and_activities", "Role, and the activities the adult carried out with children"),
    ("history", "History with TTW and elsewhere (the regulated-activity test)"),
    ("training", "Qualifications and training record"),
    ("investigation_evidence", "Copies of the evidence gathered by the investigation"),
    ("chronology", "A dated chronology of events, pointing at the documents"),
    ("witness_statements", "First-hand witness statements (not summaries)"),
    ("victim_account", "The child's own account or complaint"),
    ("minutes_and_outcome", "Minutes of meetings and hearings, and the outcome"),
]
DBS_PACK_ITEM_KEYS = frozenset(key for key, _ in DBS_PACK_ITEMS)

DBS_PACK_ITEM_MISSING = "SVGA35: the pack lacks: {label}. Add it, or say why it is not available."
DBS_PACK_ITEM_WHY_NOT_REQUIRED = "SVGA35: say why this is not available: {label}."
DBS_PACK_ITEM_UNKNOWN = "SVGA35: {key} is not an item of the DBS referral pack."
DBS_REFERENCE_REQUIRED = "SVGA35: record the DBS's reference with its outcome."
DBS_OUTCOME_BEFORE_REFERRAL = (
    "SVGA35: the DBS's outcome cannot be dated before the referral was made."
)
DBS_OUTCOME_WITHOUT_REFERRAL = "SVGA35: an outcome is recorded only for a referral made."
DBS_OUTCOME_REQUIRED = "SVGA35: record the DBS's outcome, in its own words."
DBS_OUTCOME_DATE_REQUIRED = "SVGA35: record the date of the DBS's outcome."


def dbs_referral_pack_problems(
    items_present: Collection[str], *, not_available: Mapping[str, str] | None = None
) -> list[Problem]:
    """SVGA35: what stops the pack being marked ready: each item present, or marked not
    available with the reason. One problem per item, in the DBS guidance's order."""
    not_available = not_available or {}
    labels = dict(DBS_PACK_ITEMS)
    problems: list[Problem] = []
    for key in sorted(set(items_present) | set(not_available)):
        if key not in DBS_PACK_ITEM_KEYS:
            problems.append(Problem(SVGA35, key, DBS_PACK_ITEM_UNKNOWN.format(key=key)))
    for key, label in DBS_PACK_ITEMS:
        if key in items_present:
            continue
        if key not in not_available:
            problems.append(Problem(SVGA35, key, DBS_PACK_ITEM_MISSING.format(label=label)))
        elif blank(not_available[key]):
            problems.append(
                Problem(SVGA35, key, DBS_PACK_ITEM_WHY_NOT_REQUIRED.format(label=labels[key]))
            )
    return problems


def dbs_referral_outcome_problems(
    *,
    referred_on: date | None,
    reference: str,
    outcome: str,
    outcome_on: date | None,
    today: date,
) -> list[Problem]:
    """SVGA35: the DBS's answer: only for a referral made, with its reference, dated between
    the referral and today. Nothing recorded yet is no problem (the pack waits for the answer)."""
    if blank(outcome) and outcome_on is None:
        return []
    problems: list[Problem] = []
    if referred_on is None:
        problems.append(Problem(SVGA35, "", DBS_OUTCOME_WITHOUT_REFERRAL))
    if blank(reference):
        problems.append(Problem(SVGA35, "reference", DBS_REFERENCE_REQUIRED))
    if blank(outcome):
        problems.append(Problem(SVGA35, "outcome", DBS_OUTCOME_REQUIRED))
    if outcome_on is None:
        problems.append(Problem(SVGA35, "outcome_on", DBS_OUTCOME_DATE_REQUIRED))
    elif outcome_on > today:
        problems.append(Problem("P6.11", "outcome_on", DATE_IN_FUTURE))
    elif referred_on is not None and outcome_on < referred_on:
        problems.append(Problem(SVGA35, "outcome_on", DBS_OUTCOME_BEFORE_REFERRAL))
    return problems

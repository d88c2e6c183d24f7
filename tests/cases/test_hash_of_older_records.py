"""A field added to a decision type leaves the hash of every record made before it unchanged.

The hashes below were computed before concerns recorded where they happened and referrals
their local authority; ``verify_records`` recomputes every stored hash, so a record of then
must still hash the same now.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from cases.models import Concern, Referral
from ttw_safeguarding.records.decisions import compute_hash

WHEN = dt.datetime(2026, 3, 2, 10, 30, tzinfo=dt.UTC)
CODE = uuid.UUID("6f1c2a52-0d4e-4c1b-9a51-3b7e8f7f2a10")


def _common() -> dict:
    return {
        "code": CODE,
        "case_id": 7,
        "recorded_by_id": 3,
        "recorded_at": WHEN,
        "outcome": "An outcome",
        "facts": "Facts as told.",
        "professional_opinion": "An opinion.",
        "reason": "A reason.",
        "clauses": ["P6.11"],
        "is_restricted": False,
        "sequence": 12,
        "previous_hash": "0" * 64,
    }


def older_concern() -> Concern:
    return Concern(
        kind="concern",
        child_id=5,
        occurred_at=WHEN,
        activity="Training",
        venue="Sports hall",
        childs_words="Words.",
        categories=["physical"],
        immediate_action="Stayed with them.",
        is_urgent=False,
        body_map=[],
        **_common(),
    )


def older_referral() -> Referral:
    return Referral(
        kind="referral",
        agency="social_care",
        agency_name="",
        agency_contact="Duty desk",
        referred_at=WHEN,
        method="phone",
        agency_reference="R-1",
        information_shared="The concern.",
        follow_up="",
        **_common(),
    )


CONCERN_HASH = "2e5af0d22bfeceef2ac99abd49e822fa8625eedca364192a8f2e5a5b4fa47ccb"
REFERRAL_HASH = "c15258f9677ac035fc274904c2bac3558d1659b3570d8b9deaf5bbf77b917155"


@pytest.mark.parametrize(
    ("make", "expected"),
    [(older_concern, CONCERN_HASH), (older_referral, REFERRAL_HASH)],
    ids=["concern", "referral"],
)
def test_a_record_made_before_the_new_fields_hashes_as_it_did(make, expected) -> None:
    assert compute_hash(make()) == expected


def test_a_new_record_hashes_its_area_so_removing_it_is_found() -> None:
    concern = older_concern()
    concern.town = "Bala"
    concern.local_authority_id = 2
    recorded = compute_hash(concern)
    assert recorded != CONCERN_HASH
    concern.local_authority_id = None
    assert compute_hash(concern) != recorded
    concern.town = ""
    assert compute_hash(concern) == CONCERN_HASH


def test_setting_an_area_on_an_older_record_is_found() -> None:
    referral = older_referral()
    referral.local_authority_id = 4
    assert compute_hash(referral) != REFERRAL_HASH

"""Demo records for ``manage.py seed_demo``: all marked as demo, created once, through
the same services people use, so they carry audit entries and written reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cases import services
from cases.models import Case, Child
from ttw_safeguarding import roles

DEMO_NOTE = "DEMO RECORD: invented for the demonstration; not about a real child."


def seed_demo_records(users: dict[str, Any]) -> str:
    """Create the demo children, concerns and cases unless they exist. Returns what was made."""
    if Child.objects.filter(is_demo=True).exists():
        return ""
    staff, officer = users[roles.STAFF], users[roles.OFFICER]
    now = timezone.now()

    def concern(name: str, age: int, days_ago: int, **fields: Any) -> Any:
        return services.concern_record(
            actor=staff,
            new_child=services.NewChild(name=name, approximate_age=age),
            occurred_at=now - dt.timedelta(days=days_ago, hours=2),
            is_demo=True,
            **fields,
        )

    alex = concern(
        "Demo Child Alex",
        9,
        6,
        activity="Football practice",
        venue="Demo Riverside pitch",
        facts=f"{DEMO_NOTE}\nAlex had a bruise on the left forearm and said an adult at home "
        "grabbed him.",
        childs_words="Dad grabbed me when I was late.",
        professional_opinion="Alex seemed frightened to go home.",
        categories=["physical"],
        immediate_action="Stayed with Alex until the session ended; told the duty officer.",
        is_urgent=False,
        body_map=[
            {
                "side": "front",
                "x": 168,
                "y": 170,
                "size": "about 3 cm",
                "colour": "purple",
                "description": "Oval bruise, left forearm",
            }
        ],
    )
    bea = concern(
        "Demo Child Bea",
        13,
        3,
        activity="Youth club",
        venue="Demo Community Hall",
        facts=f"{DEMO_NOTE}\nBea showed messages from an adult asking her to meet alone.",
        professional_opinion="This looks like grooming.",
        categories=["online", "sexual"],
        is_urgent=False,
    )
    concern(
        "Demo Child Cal",
        15,
        1,
        activity="Drama workshop",
        venue="Demo Arts Centre",
        facts=f"{DEMO_NOTE}\nCal said other young people post unkind comments about him.",
        categories=["bullying", "emotional"],
        is_urgent=False,
    )
    # Alex: the threshold is met and the referral is recorded.
    alex_triage = services.concern_triage(
        actor=officer,
        concern=alex,
        case=None,
        owner=officer,
        risk_level=Case.Risk.HIGH,
        status=Case.Status.OPEN,
        meets_referral_threshold=True,
        threshold_rationale="Injury with a disclosure of harm by a parent.",
        reason=f"{DEMO_NOTE} Physical harm disclosed.",
        is_demo=True,
    )
    services.referral_record(
        actor=officer,
        case=alex_triage.case,
        agency="social_care",
        agency_contact="Demo duty social worker",
        referred_at=now - dt.timedelta(days=5),
        method="phone",
        agency_reference="DEMO-SC-001",
        information_shared="The concern as recorded, with Alex's words.",
        facts=f"{DEMO_NOTE} Bruise on the forearm; Alex's account of being grabbed.",
        professional_opinion="Likely non-accidental injury.",
        reason="Meets the threshold for referral (P6.2).",
        follow_up="Social care to visit within 24 hours; call back with the outcome.",
    )
    services.case_note_add(
        actor=officer,
        case=alex_triage.case,
        text=f"{DEMO_NOTE} Social care confirmed a visit is arranged.",
    )
    # Bea: the threshold is met and no referral is recorded yet: overdue (P6.2).
    services.concern_triage(
        actor=officer,
        concern=bea,
        case=None,
        owner=officer,
        risk_level=Case.Risk.CRITICAL,
        status=Case.Status.OPEN,
        meets_referral_threshold=True,
        threshold_rationale="Online contact by an adult seeking to meet a child alone.",
        reason=f"{DEMO_NOTE} Possible grooming.",
        is_demo=True,
    )
    # Cal's concern is left for triage.
    return "Demo records created: 3 children, 3 concerns, 2 cases (1 with a referral due)."

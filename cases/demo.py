"""Demo records for ``manage.py seed_demo``: all marked as demo, created once, through
the same services people use, so they carry audit entries and written reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cases import services
from cases.models import AdultSubjectToAllegation, Case, Child, ClubShareBack, LocalAuthority
from clubs.models import Club
from media_contacts.demo import seed_demo_media
from sharing.demo import seed_demo_shares, seed_demo_statutory
from ttw_safeguarding.records import roles

DEMO_NOTE = "DEMO RECORD: invented for the demonstration; not about a real child."
ALEX = "Demo Child Alex"
BEA = "Demo Child Bea"
DEMO_ADULT = "Demo Adult Drew"
DAI = "Demo Child Dai"
# The demo club welfare officer's club (clubs.demo), whose case the NSO's team shares back to.
NORTH_CLUB = "Bangor Spinners TTC (demo)"


def seed_demo_records(users: dict[str, Any]) -> str:
    """Create each group of demo records that does not exist yet. Returns what was made.

    Every group is guarded on its own, so a database seeded before a group was added
    gets it on the next run, and a second run changes nothing.
    """
    made: list[str] = []
    if not Child.objects.filter(is_demo=True).exists():
        made.append(_seed_children_and_cases(users))
    extras: list[str] = []
    alex_case = _demo_case(ALEX)
    if alex_case is not None:
        extras += seed_demo_shares(case=alex_case, users=users)
    bea_case = _demo_case(BEA)
    if bea_case is not None:
        adult = AdultSubjectToAllegation.objects.filter(case=bea_case, name=DEMO_ADULT).first()
        if adult is None:
            adult = services.adult_add(
                actor=users[roles.OFFICER],
                case=bea_case,
                name=DEMO_ADULT,
                role_in_ttw=AdultSubjectToAllegation.RoleInTTW.VOLUNTEER,
                works_with_children_elsewhere=True,
                other_organisations="Demo Hilltop Scouts; Demo Riverside Swimming Club",
                statutory_investigation=True,
            )
            extras.append("an adult subject to an allegation")
        extras += seed_demo_statutory(adult=adult, users=users)
    extras += _seed_club_case(users)
    extras += seed_demo_media(users)
    if extras:
        made.append(f"Demo records added: {', '.join(extras)}.")
    return "\n".join(made)


def _seed_club_case(users: dict[str, Any]) -> list[str]:
    """A concern Bangor's welfare officer recorded, its case, and a note and a task the NSO's
    team shared back to the club."""
    cwo, officer = users.get("cwo"), users[roles.OFFICER]
    club = Club.objects.filter(name=NORTH_CLUB).first()
    if cwo is None or club is None:
        return []
    made: list[str] = []
    case = _demo_case(DAI)
    if case is None:
        now = timezone.now()
        concern = services.concern_record(
            actor=cwo,
            new_child=services.NewChild(name=DAI, approximate_age=11),
            club=club,
            occurred_at=now - dt.timedelta(days=4, hours=1),
            activity="Junior session",
            venue="Demo Bangor leisure centre",
            town="Bangor",
            local_authority=LocalAuthority.objects.get(code="gwynedd"),
            facts=f"{DEMO_NOTE}\nDai said an older player keeps messaging him at night.",
            professional_opinion="Dai seemed worried about coming to the club.",
            categories=["online"],
            is_urgent=False,
            is_demo=True,
        )
        triage = services.concern_triage(
            actor=officer,
            concern=concern,
            case=None,
            owner=officer,
            risk_level=Case.Risk.MEDIUM,
            status=Case.Status.OPEN,
            meets_referral_threshold=False,
            threshold_rationale="",
            reason=f"{DEMO_NOTE} Online contact between players; the club can act.",
            is_demo=True,
        )
        case = triage.case
        assert case is not None, "a triage with no case chosen opens one"
        made.append("a club's case")
    if not ClubShareBack.objects.filter(case=case).exists():
        services.club_share_back_record(
            actor=officer,
            case=case,
            share_kind=ClubShareBack.Kind.NOTE,
            text=f"{DEMO_NOTE} We have spoken to Dai's parents; they know the club is involved.",
            reason="The club's welfare officer supports Dai at sessions (P6.1).",
        )
        services.club_share_back_record(
            actor=officer,
            case=case,
            share_kind=ClubShareBack.Kind.TASK,
            text=f"{DEMO_NOTE} Remind the junior section of the club's online-contact rules "
            "and tell us when it is done.",
            reason="The club sets the rules for contact between its players (P6.1).",
            due_on=timezone.localdate() + dt.timedelta(days=7),
        )
        made.append("a note and a task shared back to the club")
    return made


def _demo_case(child_name: str) -> Case | None:
    return (
        Case.objects.filter(is_demo=True, child__is_demo=True, child__name=child_name)
        .order_by("opened_at")
        .first()
    )


def _seed_children_and_cases(users: dict[str, Any]) -> str:
    """The demo children, their concerns and two cases."""
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
        ALEX,
        9,
        6,
        activity="Football practice",
        venue="Demo Riverside pitch",
        town="Wrexham",
        local_authority=LocalAuthority.objects.get(code="wrexham"),
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
        BEA,
        13,
        3,
        activity="Youth club",
        venue="Demo Community Hall",
        town="Aberystwyth",
        local_authority=LocalAuthority.objects.get(code="ceredigion"),
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
        town="Newport",
        local_authority=LocalAuthority.objects.get(code="newport"),
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
    alex_case = alex_triage.case
    assert alex_case is not None, "a triage with no case chosen opens one"
    services.referral_record(
        actor=officer,
        case=alex_case,
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
        local_authority=alex.local_authority,
    )
    services.case_note_add(
        actor=officer,
        case=alex_case,
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

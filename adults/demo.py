"""The demo adult as one person: roles at two demo clubs and the allegations of two cases."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from adults import low_level_services, services, wales_services
from adults.models import AdultRole, DesignatedOfficerNotice, LowLevelConcern
from cases import services as case_services
from cases.demo import ALEX, BEA, DEMO_ADULT
from cases.models import AdultSubjectToAllegation, Case, LocalAuthority
from clubs.demo import CLUB_WELFARE_OFFICERS
from clubs.models import Club
from ttw_safeguarding.records import roles

DEMO_ROLES = (
    (CLUB_WELFARE_OFFICERS["cwo"], AdultRole.Role.COACH),
    (CLUB_WELFARE_OFFICERS["cwo2"], AdultRole.Role.VOLUNTEER),
)


def _demo_case(child_name: str) -> Case | None:
    return Case.objects.filter(is_demo=True, child__name=child_name).order_by("opened_at").first()


def seed_demo_adults(users: dict[str, Any]) -> str:
    """Once: the demo adult's roles at two clubs and a second case naming the same person."""
    officer = users[roles.OFFICER]
    bea_case, alex_case = _demo_case(BEA), _demo_case(ALEX)
    line = AdultSubjectToAllegation.objects.filter(case=bea_case, name=DEMO_ADULT).first()
    if line is None or line.person is None or alex_case is None:
        return ""
    person = line.person
    made = []
    for club_name, role in DEMO_ROLES:
        club = Club.objects.filter(name=club_name).first()
        if club is not None and not AdultRole.objects.filter(adult=person, club=club).exists():
            services.adult_role_add(actor=officer, adult=person, club=club, role=role)
            made.append(role.label.lower())
    if not AdultSubjectToAllegation.objects.filter(case=alex_case, person=person).exists():
        case_services.adult_add(
            actor=officer,
            case=alex_case,
            person=person,
            name=DEMO_ADULT,
            role_in_ttw=AdultSubjectToAllegation.RoleInTTW.VOLUNTEER,
        )
        made.append("a second case")
    if not DesignatedOfficerNotice.objects.filter(allegation=line).exists():
        # WSP5: the designated officer for the case's area told the same day, by phone.
        wales_services.designated_officer_notice_record(
            allegation=line,
            actor=officer,
            told_at=timezone.now().replace(second=0, microsecond=0),
            local_authority=LocalAuthority.objects.filter(code="gwynedd").first(),
            officer_name="Demo Designated Officer",
            officer_contact="01234 000000",
            method=DesignatedOfficerNotice.Method.PHONE,
            risk_assessment="Demo: coaching juniors alone; risk to juniors until looked into.",
            immediate_safeguards="Demo: stood down from coaching juniors pending the meeting.",
        )
        made.append("the designated officer told")
    if not LowLevelConcern.objects.filter(person=person).exists():
        # Behaviour short of harm, at the second club: kept apart from the allegations.
        second_club = Club.objects.filter(name=DEMO_ROLES[1][0]).first()
        low_level_services.low_level_concern_record(
            actor=officer,
            adult_name=DEMO_ADULT,
            person=person,
            club=second_club,
            occurred_on=timezone.localdate(),
            category=LowLevelConcern.Category.PRIVATE_CONTACT,
            facts="Demo: messaged a junior player privately about training times.",
        )
        made.append("a low-level concern")
    return f"Demo adult: {', '.join(made)}." if made else ""

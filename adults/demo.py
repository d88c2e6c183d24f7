"""The demo adult as one person: roles at two demo clubs and the allegations of two cases."""

from __future__ import annotations

from typing import Any

from adults import services
from adults.models import AdultRole
from cases import services as case_services
from cases.demo import ALEX, BEA, DEMO_ADULT
from cases.models import AdultSubjectToAllegation, Case
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
    return f"Demo adult: {', '.join(made)}." if made else ""

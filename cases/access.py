"""Who may see this app's records and use its pages, declared to the core's access mechanism.

Views and selectors obtain cases, children, concerns and adults only through these
functions, which take the user; a record the user may not see is a 404, the same answer
as for one that does not exist. ``CasesConfig.ready`` registers ``PAGE_RULES``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from cases.models import (
    AdultSubjectToAllegation,
    Case,
    CaseNote,
    Child,
    ClubShareBack,
    Concern,
)
from clubs.access import welfare_clubs_of
from clubs.models import Club
from ttw_safeguarding.records.access import (
    Predicate,
    by_code,
    can_manage_cases,
    can_record_concern,
    can_see_club_records,
    decisions_visible_to,
    users_with_permission,
)
from ttw_safeguarding.records.roles import SEE_CLUB_RECORDS, SEE_REGION_RECORDS


def can_see_cases(user: Any) -> bool:
    """Officers and the NSO (every case), and welfare officers (their clubs' cases)."""
    if can_manage_cases(user):
        return True
    return can_see_club_records(user)


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Cases a user may open: officers and the NSO see every case; a club's or a region's
    welfare officer the cases opened from their clubs' concerns; nobody else any."""
    if can_manage_cases(user):
        return Case.objects.all()
    if can_see_club_records(user):
        return Case.objects.filter(club__in=welfare_clubs_of(user))
    return Case.objects.none()


def club_records_for_welfare_officer(user: Any) -> Q:
    """Decisions a welfare officer sees (a rule over Decision, registered with the core):
    the concerns of the clubs they cover and their triages (the case each opened or
    joined) and what the NSO's team shared back to those clubs, never a restricted record
    (P6.6) unless it names them (the core adds that)."""
    if not can_see_club_records(user):
        return Q(pk__in=[])
    clubs = welfare_clubs_of(user)
    of_clubs = (
        Q(as_concern__club__in=clubs)
        | Q(triage__concern__club__in=clubs)
        | Q(clubshareback__club__in=clubs)
    )
    return of_clubs & Q(is_restricted=False)


def concern_clubs_for(user: Any) -> QuerySet[Club]:
    """The clubs ``user`` may record a concern for: a welfare officer only their own clubs,
    everyone else any club (or none, see ``may_record_ttw_event``)."""
    if can_see_club_records(user) and not can_manage_cases(user):
        return welfare_clubs_of(user).order_by("name")
    return Club.objects.order_by("name")


def may_record_ttw_event(user: Any) -> bool:
    """Whether ``user`` may record a concern at one of TTW's own events (no club)."""
    if can_manage_cases(user):
        return True
    return not can_see_club_records(user)


def case_for_user(user: Any, code: Any) -> Case:
    return by_code(cases_visible_to(user).select_related("child", "owner"), code)


def children_visible_to(user: Any) -> QuerySet[Child]:
    """Children whose records a user may open: officers and the NSO only."""
    if not can_manage_cases(user):
        return Child.objects.none()
    return Child.objects.all()


def child_for_user(user: Any, code: Any) -> Child:
    return by_code(children_visible_to(user), code)


def children_findable_by(user: Any, term: str) -> QuerySet[Child]:
    """Children an officer or the NSO may name in a concern they record, found by ``term``.

    Nobody else searches: a person who may only record concerns types the child's details,
    and an officer matches them to a known child at triage, so nothing they do tells them
    whether TTW already holds a record on a child.
    """
    term = term.strip()
    if not term:
        return Child.objects.none()
    if not can_manage_cases(user):
        return Child.objects.none()
    return Child.objects.filter(Q(name__icontains=term) | Q(reference__icontains=term))


def child_for_concern(user: Any, code: Any) -> Child:
    """The known child an officer or the NSO chose for a concern they record, or 404."""
    return by_code(children_visible_to(user), code)


def concerns_submitted_by(user: Any) -> QuerySet[Concern]:
    """A reporter's own concerns: all that "My submissions" shows, nothing officers add."""
    if not user.is_authenticated:
        return Concern.objects.none()
    return Concern.objects.filter(recorded_by=user)


def submission_for_user(user: Any, code: Any) -> Concern:
    return by_code(concerns_submitted_by(user).select_related("child", "club"), code)


def concerns_visible_to(user: Any) -> QuerySet[Concern]:
    """Concerns an officer or the NSO may triage, and those a welfare officer sees (their
    clubs' and their own), through the decision visibility rules."""
    if not can_see_cases(user):
        return Concern.objects.none()
    return decisions_visible_to(user, model=Concern)


def concern_for_user(user: Any, code: Any) -> Concern:
    return by_code(concerns_visible_to(user).select_related("child", "recorded_by", "club"), code)


def adults_visible_to(user: Any) -> QuerySet[AdultSubjectToAllegation]:
    """Adults subject to an allegation: officers and the NSO, through the case."""
    if not can_manage_cases(user):
        return AdultSubjectToAllegation.objects.none()
    return AdultSubjectToAllegation.objects.filter(case__in=cases_visible_to(user))


def adult_for_user(user: Any, code: Any) -> AdultSubjectToAllegation:
    """An adult subject to an allegation, through the case it belongs to."""
    return by_code(adults_visible_to(user).select_related("case"), code)


def case_notes_visible_to(user: Any) -> QuerySet[CaseNote]:
    """The officers' case notes: officers and the NSO, of the cases they see."""
    if not can_manage_cases(user):
        return CaseNote.objects.none()
    return CaseNote.objects.all()


def can_share_back(user: Any) -> bool:
    """Officers and the NSO share notes and tasks back to a case's club (P6.1)."""
    return can_manage_cases(user)


def can_mark_club_task_done(user: Any) -> bool:
    """A club's or a region's welfare officer marks their clubs' tasks done."""
    return can_see_club_records(user)


def share_backs_visible_to(user: Any) -> QuerySet[ClubShareBack]:
    """Notes and tasks shared back to clubs: officers and the NSO see every one, a welfare
    officer those to the clubs they cover (through the decision visibility rules)."""
    if not can_see_cases(user):
        return ClubShareBack.objects.none()
    return decisions_visible_to(user, model=ClubShareBack)


def club_tasks_for_welfare_officer(user: Any) -> QuerySet[ClubShareBack]:
    """The tasks a welfare officer may mark done: those shared back to their clubs."""
    if not can_mark_club_task_done(user):
        return ClubShareBack.objects.none()
    return ClubShareBack.objects.filter(
        share_kind=ClubShareBack.Kind.TASK, club__in=welfare_clubs_of(user), is_restricted=False
    )


def club_task_for_user(user: Any, code: Any) -> ClubShareBack:
    return by_code(club_tasks_for_welfare_officer(user).select_related("case", "club"), code)


def welfare_officers_of(club: Club) -> QuerySet[Any]:
    """Active people who cover ``club``: its club welfare officers and its region's, each
    only while they hold the role (as ``clubs.access.welfare_clubs_of`` counts them)."""
    of_club = users_with_permission(SEE_CLUB_RECORDS).filter(welfare_clubs__club=club)
    of_region = users_with_permission(SEE_REGION_RECORDS).filter(welfare_region__region__clubs=club)
    return get_user_model().objects.filter(
        Q(pk__in=of_club.values("pk")) | Q(pk__in=of_region.values("pk"))
    )


# Which record: case_for_user, child_for_user, ... give 404.
PAGE_RULES: dict[str, Predicate] = {
    "cases:concern_new": can_record_concern,
    "cases:concern_submitted": can_record_concern,
    "cases:my_submissions": can_record_concern,
    "cases:submission_detail": can_record_concern,
    # Welfare officers: their clubs' concerns and cases (which ones: the functions above).
    "cases:concerns": can_see_cases,
    "cases:triage": can_manage_cases,
    "cases:list": can_see_cases,
    "cases:detail": can_see_cases,
    "cases:update": can_manage_cases,
    "cases:note_add": can_manage_cases,
    "cases:referral_add": can_manage_cases,
    "cases:close": can_manage_cases,
    "cases:adult_add": can_manage_cases,
    "cases:adult_edit": can_manage_cases,
    "cases:share_back_add": can_share_back,
    "cases:task_done": can_mark_club_task_done,
    "cases:chronology": can_see_cases,
    "cases:chronology_pdf": can_see_cases,
    "cases:children": can_manage_cases,
    "cases:child_detail": can_manage_cases,
    "cases:child_merge": can_manage_cases,
    "cases:child_chronology": can_manage_cases,
    "cases:child_chronology_pdf": can_manage_cases,
}

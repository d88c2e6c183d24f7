"""Reads for this app. Every read takes the user and goes through the core's access module."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from adults import wales_selectors
from cases import access as case_access
from cases.models import (
    Case,
    CaseNote,
    Child,
    ClubShareBack,
    ClubTaskDone,
    Concern,
    LocalAuthority,
    Referral,
    Triage,
)
from sharing import policy
from ttw_safeguarding.records import access
from ttw_safeguarding.records.decisions import decision_models
from ttw_safeguarding.records.models import Decision
from ttw_safeguarding.records.names import display_name
from ttw_safeguarding.records.timescales import Timed, due_on_day

# --- lists ---------------------------------------------------------------------------


def _referrals_of_case() -> QuerySet:
    return Decision.objects.filter(case=OuterRef("pk"), kind=Referral.KIND)


def case_list(
    *,
    user: Any,
    q: str = "",
    status: str = "",
    risk: str = "",
    owner: Any = None,
    category: str = "",
    overdue: bool = False,
) -> QuerySet[Case]:
    """The cases a user may see, filtered, each with ``referral_count`` and ``is_overdue``."""
    cases = (
        case_access.cases_visible_to(user)
        .select_related("child", "owner")
        # A correlated count, worked out only for the page of cases shown (a join and
        # GROUP BY over every case's decisions would run before the page is cut).
        .annotate(
            referral_count=Coalesce(
                Subquery(
                    _referrals_of_case().values("case").annotate(n=Count("pk")).values("n")[:1]
                ),
                0,
            ),
        )
        .order_by("-opened_at", "-pk")
    )
    if q:
        cases = cases.filter(
            Q(child__name__icontains=q)
            | Q(child__reference__icontains=q)
            | Q(reference__icontains=q)
        )
    if status:
        cases = cases.filter(status=status)
    if risk:
        cases = cases.filter(risk_level=risk)
    if owner is not None:
        cases = cases.filter(owner=owner)
    if category:
        # Categories are a JSON list of fixed values; a quoted value matches one element.
        cases = cases.filter(
            Exists(
                Triage.objects.filter(
                    case=OuterRef("pk"), concern__categories__icontains=f'"{category}"'
                )
            )
        )
    if overdue:
        # P6.2, as policy.referral_overdue: at the threshold and no referral recorded.
        cases = cases.filter(meets_referral_threshold=True).exclude(Exists(_referrals_of_case()))
    return cases


def with_overdue(cases: Any) -> list[Case]:
    """Mark each case (annotated by ``case_list``) overdue or not, by the policy rule."""
    marked = list(cases)
    for case in marked:
        case.is_overdue = policy.referral_overdue(
            meets_threshold=case.meets_referral_threshold, referral_count=case.referral_count
        )
    return marked


def cases_overdue(*, user: Any) -> list[Case]:
    return with_overdue(case_list(user=user, overdue=True)[:50])


def child_search(*, user: Any, q: str = "") -> QuerySet[Child]:
    children = case_access.children_visible_to(user).annotate(case_count=Count("cases"))
    if q:
        children = children.filter(Q(name__icontains=q) | Q(reference__icontains=q))
    return children.order_by("name", "pk")


def children_for_concern(*, user: Any, q: str) -> QuerySet[Child]:
    return case_access.children_findable_by(user, q).order_by("name", "pk")[:25]


def concerns_for_triage(*, user: Any, untriaged_only: bool = True) -> QuerySet[Concern]:
    concerns = (
        case_access.concerns_visible_to(user)
        .select_related("child", "recorded_by", "club")
        .annotate(is_triaged=Exists(Triage.objects.filter(concern=OuterRef("pk"))))
        .order_by("-is_urgent", "-recorded_at")
    )
    if untriaged_only:
        concerns = concerns.filter(is_triaged=False)
    return concerns


def _start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in TTW's time zone (settings.TIME_ZONE)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def with_triage_due(concerns: Any, *, today: dt.date | None = None) -> list[Concern]:
    """Mark each concern not yet triaged with the day its triage is due and whether it is
    overdue (``sharing.policy.triage_due_on``), counting from the day it was recorded in
    TTW's time zone. Concerns annotated ``is_triaged`` by ``concerns_for_triage``."""
    today = today or timezone.localdate()
    marked = list(concerns)
    for concern in marked:
        triaged = bool(getattr(concern, "is_triaged", False))
        recorded_on = timezone.localdate(concern.recorded_at)
        concern.triage_due_on = None if triaged else policy.triage_due_on(recorded_on)
        concern.is_triage_overdue = policy.triage_overdue(
            recorded_on=recorded_on, today=today, triaged=triaged
        )
    return marked


def concerns_overdue_for_triage(
    user: Any, *, today: dt.date | None = None, limit: int = 50
) -> list[Concern]:
    """The concerns ``user`` may see that are not triaged and past their triage due day,
    oldest first, each with ``triage_due_on``: for officers and the NSO every concern they
    may see, for a welfare officer their clubs' (``cases.access.concerns_visible_to``).

    Filtered in the database: recorded before the start of the day after the policy's
    cut-off day, in TTW's time zone.
    """
    today = today or timezone.localdate()
    cut_off = policy.triage_overdue_if_recorded_on_or_before(today)
    overdue = (
        concerns_for_triage(user=user)
        .filter(recorded_at__lt=_start_of_day(cut_off + dt.timedelta(days=1)))
        .order_by("recorded_at", "sequence")[:limit]
    )
    return with_triage_due(overdue, today=today)


def submissions(*, user: Any) -> QuerySet[Concern]:
    return case_access.concerns_submitted_by(user).select_related("child").order_by("-recorded_at")


def triage_of(concern: Concern) -> Triage | None:
    return Triage.objects.filter(concern=concern).select_related("case", "recorded_by").first()


def likely_matches(*, user: Any, concern: Concern, limit: int = 10) -> list[Child]:
    """Known children the concern's child may be, for the officer triaging it.

    The reporter typed the child's details; this compares them with the children on record:
    the same name, the same first and last name with anything between, or the same date of
    birth. Ordinary queries, the same on SQLite and PostgreSQL.
    """
    reported = concern.child
    words = reported.name.split()
    similar = Q(name__iexact=" ".join(words))
    if len(words) >= 2:
        similar |= Q(name__istartswith=words[0]) & Q(name__iendswith=words[-1])
    if reported.date_of_birth is not None:
        similar |= Q(date_of_birth=reported.date_of_birth)
    return list(
        case_access.children_visible_to(user)
        .filter(similar)
        .exclude(pk=reported.pk)
        # Records created for other reports of not-yet-matched children are matches too;
        # the oldest record is the one most likely to carry the child's history.
        .order_by("created_at", "pk")[:limit]
    )


def cases_for_triage(
    *, user: Any, concern: Concern, matches: list[Child] | None = None
) -> QuerySet[Case]:
    """The cases a concern may join: open cases of its child or of a likely match."""
    children = [concern.child_id, *(child.pk for child in matches or [])]
    return (
        case_access.cases_visible_to(user)
        .filter(child__in=children)
        .exclude(status=Case.Status.CLOSED)
        .select_related("child")
        .order_by("-opened_at")
    )


def concern_page_context(concern: Concern, user: Any) -> dict[str, Any]:
    """What a concern's decision page adds: its triage, as far as ``user`` may see it (the
    outcome and the case it went to), or the day its triage is due while it waits."""
    visible: QuerySet[Decision] = access.decisions_visible_to(user)
    triage = (
        Triage.objects.filter(concern=concern, pk__in=visible.values("pk"))
        .select_related("case", "recorded_by")
        .first()
    )
    context: dict[str, Any] = {"triage": triage}
    if triage is None:
        if Triage.objects.filter(concern=concern).exists():
            # Triaged into a record this user may not see: triaged, nothing more.
            context["triaged_elsewhere"] = True
        else:
            (marked,) = with_triage_due([concern])
            context["triage_due_on"] = marked.triage_due_on
            context["is_triage_overdue"] = marked.is_triage_overdue
    elif triage.case is not None:
        visible_case = case_access.cases_visible_to(user).filter(pk=triage.case.pk).exists()
        context["case_url"] = (
            reverse("cases:detail", args=[triage.case.code]) if visible_case else ""
        )
    return context


# --- one case ------------------------------------------------------------------------------


def where_it_happened(*, case: Case) -> list[LocalAuthority]:
    """The areas where the case's concerns happened, to offer its referral first.

    The latest concern's area first (sharing.policy.referral_authorities). Restricted
    concerns are left out: the referral form shows no trace of them.
    """
    concerns = list(
        Concern.objects.filter(triages__case=case, is_restricted=False)
        .select_related("local_authority")
        .order_by("-occurred_at", "-sequence")
    )
    areas = {c.local_authority.code: c.local_authority for c in concerns if c.local_authority}
    codes = policy.referral_authorities(
        where_concerns_happened=[
            c.local_authority.code if c.local_authority else None for c in concerns
        ]
    )
    return [areas[code] for code in codes]


def case_detail(*, user: Any, case: Case) -> dict[str, Any]:
    visible: QuerySet[Decision] = access.decisions_visible_to(user)
    triages = list(
        Triage.objects.filter(case=case, pk__in=visible.values("pk"))
        .select_related("concern", "recorded_by")
        .order_by("recorded_at")
    )
    concern_ids = {t.concern_id for t in triages}
    concerns = {
        c.pk: c
        for c in Concern.objects.filter(pk__in=visible.filter(pk__in=concern_ids)).select_related(
            "local_authority"
        )
    }
    referrals = list(
        Referral.objects.filter(case=case, pk__in=visible.values("pk"))
        .select_related("recorded_by", "local_authority")
        .order_by("recorded_at")
    )
    # A welfare officer sees the case's club concerns and their triage, not the officers'
    # notes or the adults an allegation names (case_notes_visible_to, adults_visible_to).
    notes = case_access.case_notes_visible_to(user).filter(case=case)
    adults = list(
        case_access.adults_visible_to(user)
        .filter(case=case)
        .select_related("person")
        .order_by("name")
    )
    # WSP5: each line's designated officer clock, shown beside it.
    wales_selectors.attach_clocks(user=user, lines=adults)
    return {
        "case": case,
        "may_manage": access.can_manage_cases(user),
        "triaged_concerns": [(t, concerns.get(t.concern_id)) for t in triages],
        "referrals": referrals,
        "adults": adults,
        "notes": list(notes.select_related("written_by").order_by("-written_at")[:5]),
        "note_count": notes.count(),
        "shared_back": shared_back_with_case(user=user, case=case),
        "may_share_back": case_access.can_share_back(user),
        "is_overdue": policy.referral_overdue(
            meets_threshold=case.meets_referral_threshold,
            referral_count=Referral.objects.filter(case=case).count(),
        ),
    }


# --- shared back to the club ----------------------------------------------------------------


@dataclass
class SharedBack:
    """A note or task shared back to the club, with its completion if it is a done task."""

    share_back: ClubShareBack
    done: ClubTaskDone | None
    is_overdue: bool = False
    form: Any = None  # the "Mark done" form, on a welfare officer's page

    @property
    def is_open_task(self) -> bool:
        return self.share_back.is_task and self.done is None


def _shared_back(share_backs: QuerySet[ClubShareBack]) -> list[SharedBack]:
    rows = list(share_backs.select_related("recorded_by", "club", "case"))
    done = {
        d.task_id: d
        for d in ClubTaskDone.objects.filter(task__in=[r.pk for r in rows]).select_related(
            "done_by"
        )
    }
    today = timezone.localdate()
    return [
        SharedBack(
            share_back=r,
            done=done.get(r.pk),
            is_overdue=policy.task_overdue(due_on=r.due_on, done=r.pk in done, today=today),
        )
        for r in rows
    ]


def shared_back_with_case(*, user: Any, case: Case) -> list[SharedBack]:
    """What the NSO's team shared back to ``case``'s club, oldest first, as ``user`` sees it."""
    return _shared_back(
        case_access.share_backs_visible_to(user).filter(case=case).order_by("recorded_at")
    )


def open_club_tasks(*, user: Any) -> list[SharedBack]:
    """A welfare officer's open tasks for their clubs: overdue first, then by due date."""
    tasks = (
        case_access.club_tasks_for_welfare_officer(user)
        .filter(done__isnull=True)
        .order_by("due_on", "recorded_at")
    )
    items = _shared_back(tasks)
    return sorted(items, key=lambda item: not item.is_overdue)


def task_done_of(task: ClubShareBack) -> ClubTaskDone | None:
    return ClubTaskDone.objects.filter(task=task).select_related("done_by").first()


# --- chronology -------------------------------------------------------------------------------


@dataclass
class ChronologyEvent:
    at: dt.datetime
    label: str
    title: str
    by: str
    case_reference: str = ""
    facts: str = ""
    professional_opinion: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)
    code: Any = None  # the decision's code, for its page
    is_note: bool = False
    is_restricted: bool = False

    @property
    def short_code(self) -> str:
        return str(self.code).split("-")[0].upper() if self.code else ""


def _decision_event(decision: Decision, labels: dict[str, str]) -> ChronologyEvent:
    details: list[tuple[str, str]] = []
    concern = getattr(decision, "as_concern", None) if decision.kind == Concern.KIND else None
    if concern is not None:
        details = [
            ("Child", str(concern.child)),
            ("Happened", f"{concern.occurred_at:%d %b %Y %H:%M}"),
            ("Where", ", ".join(x for x in (concern.activity, concern.venue, concern.town) if x)),
            ("Local authority area", str(concern.local_authority or "")),
            ("Categories", ", ".join(concern.category_labels())),
        ]
        if concern.is_urgent:
            details.append(("Urgent", "a child was in immediate danger"))
        if concern.childs_words:
            details.append(("The child's own words", concern.childs_words))
    elif decision.kind == Referral.KIND:
        referral = decision.referral
        details = [
            ("Agency", referral.agency_name or referral.get_agency_display()),
            ("Contact", referral.agency_contact),
            ("Referred", f"{referral.referred_at:%d %b %Y %H:%M}"),
            ("Method", referral.get_method_display()),
            ("Local authority", str(referral.local_authority or "")),
            ("Agency's reference", referral.agency_reference),
        ]
    elif decision.kind == Triage.KIND:
        triage = decision.triage
        details = [
            ("Risk", triage.get_risk_level_display()),
            ("Threshold", "met" if triage.meets_referral_threshold else "not met"),
        ]
    return ChronologyEvent(
        at=decision.recorded_at,
        label=labels.get(decision.kind, "Decision"),
        title=decision.outcome,
        by=display_name(decision.recorded_by),
        case_reference=decision.case.reference if decision.case is not None else "",
        facts=decision.facts,
        professional_opinion=decision.professional_opinion,
        details=[(k, v) for k, v in details if v],
        code=decision.code,
        is_restricted=decision.is_restricted,
    )


def _note_event(note: CaseNote) -> ChronologyEvent:
    return ChronologyEvent(
        at=note.written_at,
        label="Case note",
        title=note.text,
        by=display_name(note.written_by),
        case_reference=note.case.reference,
        is_note=True,
    )


def _chronology(user: Any, decisions: Q, notes: QuerySet[CaseNote]) -> list[ChronologyEvent]:
    # Decisions come only from what the user may see: restricted records are left
    # out of the page, the PDF and the count alike.
    rows: QuerySet[Decision] = (
        access.decisions_visible_to(user)
        .filter(decisions)
        .select_related(
            "recorded_by",
            "case",
            "as_concern__child",
            "as_concern__local_authority",
            "referral__local_authority",
            "triage",
        )
        .order_by("recorded_at", "sequence")
    )
    labels = {kind: model.LABEL for kind, model in decision_models().items()}
    events = [_decision_event(d, labels) for d in rows]
    events += [_note_event(n) for n in notes.select_related("written_by", "case")]
    events.sort(key=lambda e: e.at)
    return events


def chronology_for_case(*, user: Any, case: Case) -> list[ChronologyEvent]:
    """Every event of a case in time order: its decisions, its concerns, its notes."""
    concern_ids = Triage.objects.filter(case=case).values("concern_id")
    decisions = Q(case=case) | Q(pk__in=concern_ids) | Q(amendment__original__in=concern_ids)
    return _chronology(user, decisions, case_access.case_notes_visible_to(user).filter(case=case))


def chronology_for_child(*, user: Any, child: Child) -> list[ChronologyEvent]:
    """Every event about a child, across their cases and concerns, in time order."""
    # The child's own concerns, and those an officer matched to the child at triage.
    concern_ids = Concern.objects.filter(
        Q(child=child) | Q(pk__in=Triage.objects.filter(case__child=child).values("concern_id"))
    ).values("pk")
    decisions = (
        Q(case__child=child) | Q(pk__in=concern_ids) | Q(amendment__original__in=concern_ids)
    )
    notes = case_access.case_notes_visible_to(user).filter(case__child=child)
    return _chronology(user, decisions, notes)


# --- home ------------------------------------------------------------------------------------


def home_context(user: Any) -> dict[str, Any]:
    """What this app adds to the user's home page."""
    context: dict[str, Any] = {}
    if access.can_record_concern(user):
        mine = submissions(user=user)
        context["cases_my_submissions"] = list(mine[:5])
        context["cases_my_submission_count"] = mine.count()
    if case_access.can_see_cases(user):
        context["cases_triage_overdue"] = concerns_overdue_for_triage(user)
        context["cases_triage_overdue_may_triage"] = access.can_manage_cases(user)
    if access.can_manage_cases(user):
        to_triage = concerns_for_triage(user=user)
        context["cases_to_triage"] = with_triage_due(to_triage[:10])
        context["cases_to_triage_count"] = to_triage.count()
        open_cases = case_access.cases_visible_to(user).exclude(status=Case.Status.CLOSED)
        context["cases_open_count"] = open_cases.count()
        context["cases_mine"] = list(
            open_cases.filter(owner=user).select_related("child").order_by("-opened_at")[:10]
        )
        context["cases_overdue"] = cases_overdue(user=user)
    elif case_access.can_see_cases(user):
        # A club's or a region's welfare officer: their clubs' concerns and cases.
        club_concerns = concerns_for_triage(user=user, untriaged_only=False)
        context["cases_club_concerns"] = with_triage_due(club_concerns[:10])
        context["cases_club_concern_count"] = club_concerns.count()
        open_club_cases = case_access.cases_visible_to(user).exclude(status=Case.Status.CLOSED)
        context["cases_club_open_count"] = open_club_cases.count()
        context["cases_club_tasks"] = open_club_tasks(user=user)
    return context


# --- timescales (alerts) ----------------------------------------------------------------

TRIAGE_DUE_MESSAGE = "A concern is due for triage."
REFERRAL_DUE_MESSAGE = "A case at the referral threshold has no referral recorded (P6.2)."


def triage_timescale(now: dt.datetime) -> list[Timed]:
    """Every concern not yet triaged: due on its triage day (``policy.triage_due_on``), for
    the officers and the NSO, who triage (``access.users_who_manage_cases``)."""
    owners = tuple(access.users_who_manage_cases().values_list("pk", flat=True))
    untriaged = (
        Concern.objects.filter(~Exists(Triage.objects.filter(concern=OuterRef("pk"))))
        .only("pk", "code", "recorded_at")
        .order_by("recorded_at", "sequence")
    )
    items = []
    for concern in untriaged:
        due_on = policy.triage_due_on(timezone.localdate(concern.recorded_at))
        falls_due_at, overdue_at = due_on_day(due_on)
        items.append(
            Timed(
                key=f"triage:{concern.code}",
                owners=owners,
                falls_due_at=falls_due_at,
                overdue_at=overdue_at,
                message=TRIAGE_DUE_MESSAGE,
                path=reverse("cases:triage", args=[concern.code]),
            )
        )
    return items


def referral_timescale(now: dt.datetime) -> list[Timed]:
    """P6.2 (``policy.referral_overdue``): a case at the threshold with no referral is overdue
    at once; the rule has no clock, so it is due and overdue from when the case opened. Its
    owner acts on it."""
    cases = (
        Case.objects.filter(meets_referral_threshold=True)
        .exclude(Exists(_referrals_of_case()))
        .only("pk", "code", "owner_id", "opened_at")
        .order_by("opened_at", "pk")
    )
    return [
        Timed(
            key=f"referral:{case.code}",
            owners=(case.owner_id,),
            falls_due_at=case.opened_at,
            overdue_at=case.opened_at,
            message=REFERRAL_DUE_MESSAGE,
            path=reverse("cases:detail", args=[case.code]),
        )
        for case in cases
    ]


NO_CLUB = "TTW event (no club)"


def subject_for_report(decision: Any) -> list[tuple[str, Any]]:
    """Who and where a decision is about, for the header of its written report.

    A recipient (the police, social care) ties the report to a person with the child's name,
    date of birth (or approximate age) and reference, and to the place with the club. The
    child and club are the decision's case's, or a concern's own before it has a case; a
    decision about no child (an adult's records, a media approach) has none.
    """
    if decision.case_id:
        child, club = decision.case.child, decision.case.club
    elif isinstance(decision, Concern):
        child, club = decision.child, decision.club
    else:
        return []
    if child.date_of_birth is not None:
        born = f"{child.date_of_birth:%-d %B %Y}"
    elif child.approximate_age is not None:
        born = f"Not known; about {child.approximate_age} years old"
    else:
        born = "Not known"
    return [
        ("Child", child.name),
        ("Date of birth", born),
        ("Child reference", child.reference),
        ("Club", club.name if club is not None else NO_CLUB),
    ]

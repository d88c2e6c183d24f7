"""Writes for the cases app.

Each service is one action: it validates, then in one transaction changes the data
and leaves its audit trail with the acting user (decisions through
``decision_record``; case, child, adult and note rows through django-auditlog).
Notifications leave only after commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from auditlog.context import set_actor
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from adults import services as adult_services
from adults.models import Adult
from cases import access as case_access
from cases.bodymap import body_map_clean
from cases.models import (
    AdultSubjectToAllegation,
    Case,
    CaseClosure,
    CaseNote,
    Child,
    ChildMerge,
    ClubShareBack,
    ClubTaskDone,
    Concern,
    LocalAuthority,
    ReferenceCounter,
    Referral,
    Triage,
)
from clubs.models import Club
from sharing import policy
from ttw_safeguarding.records import access, submissions
from ttw_safeguarding.records.decisions import decision_record
from ttw_safeguarding.records.forms import refuse
from ttw_safeguarding.records.names import display_name
from ttw_safeguarding.records.notifications import notify

# How far ahead of the server's clock a time may be and still count as "now":
# a reporter's device clock may run a little fast.
CLOCK_TOLERANCE = dt.timedelta(minutes=5)

CHILD_AGE_OR_BIRTH_REQUIRED = "Give the child's date of birth or, if you do not know it, their age."
CHILD_BORN_IN_THE_FUTURE = "The date of birth cannot be in the future."
CASE_OF_ANOTHER_CHILD = "That case is about another child."
CLUB_NOT_YOURS = "Choose one of the clubs you are welfare officer for."
CLUB_REQUIRED = "Choose the club where it happened."
CASE_CLOSED = "This case is closed."
CASE_ALREADY_CLOSED = "This case is already closed."
STATUS_CLOSED_BY_CLOSURE = "A case is closed by recording its closure, with the reason."
REFERRAL_IN_THE_FUTURE = "The referral's date and time cannot be in the future."
AGENCY_NAME_REQUIRED = "Name the agency."
NOT_A_TASK = "Only a task is marked done; a note needs nothing from the club."
TASK_ALREADY_DONE = (
    "This task was already marked done by {name} on {date}; it was not recorded again."
)


@transaction.atomic
def reference_next(*, prefix: str) -> str:
    """The next reference for ``prefix`` this year, e.g. ``C-2026-0042``."""
    year = timezone.localdate().year
    counter, _ = ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
    # Lock the counter row so two writers never issue the same number.
    counter = ReferenceCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}-{year}-{counter.last:04d}"


# --- children -------------------------------------------------------------------


@dataclass(frozen=True)
class NewChild:
    """A child named in a concern who has no record yet."""

    name: str
    date_of_birth: dt.date | None = None
    approximate_age: int | None = None


@transaction.atomic
def child_create(*, actor: User, new_child: NewChild, is_demo: bool = False) -> Child:
    if new_child.date_of_birth is None and new_child.approximate_age is None:
        raise ValidationError(CHILD_AGE_OR_BIRTH_REQUIRED)
    if new_child.date_of_birth and new_child.date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": CHILD_BORN_IN_THE_FUTURE})
    child = Child(
        name=new_child.name.strip(),
        date_of_birth=new_child.date_of_birth,
        approximate_age=new_child.approximate_age,
        reference=reference_next(prefix="C"),
        is_demo=is_demo,
        created_by=actor,
    )
    child.full_clean()
    with set_actor(actor):
        child.save()
    return child


# --- concerns -------------------------------------------------------------------


@transaction.atomic
def concern_record(
    *,
    actor: User,
    child: Child | None = None,
    new_child: NewChild | None = None,
    occurred_at: dt.datetime,
    facts: str,
    categories: list[str],
    is_urgent: bool,
    activity: str = "",
    venue: str = "",
    town: str = "",
    local_authority: LocalAuthority | None = None,
    childs_words: str = "",
    professional_opinion: str = "",
    immediate_action: str = "",
    body_map: list[dict[str, Any]] | None = None,
    club: Club | None = None,
    is_demo: bool = False,
) -> Concern:
    """Record a reporter's concern (a decision) and tell the officers after commit.

    Either ``child`` (already on record) or ``new_child`` (created here, in the same
    transaction, so a refused concern leaves no child behind). ``club``: where it came
    from, None for one of TTW's own events; a welfare officer records for their clubs only.
    """
    if club is None and not case_access.may_record_ttw_event(actor):
        raise ValidationError({"club": CLUB_REQUIRED})
    if club is not None and not case_access.concern_clubs_for(actor).filter(pk=club.pk).exists():
        raise ValidationError({"club": CLUB_NOT_YOURS})
    problems = policy.concern_problems(
        facts=facts,
        categories=categories,
        occurred_at=occurred_at,
        now=timezone.now() + CLOCK_TOLERANCE,
    )
    refuse(problems)
    marks = body_map_clean(body_map or [])
    if child is None:
        if new_child is None:
            raise ValueError("concern_record needs child or new_child")
        child = child_create(actor=actor, new_child=new_child, is_demo=is_demo)
    concern = Concern(
        child=child,
        club=club,
        occurred_at=occurred_at,
        activity=activity,
        venue=venue,
        town=town,
        local_authority=local_authority,
        facts=facts,
        childs_words=childs_words,
        professional_opinion=professional_opinion,
        categories=[c for c in Concern.Category.values if c in set(categories)],
        immediate_action=immediate_action,
        is_urgent=is_urgent,
        body_map=marks,
        outcome=f"Concern about {child.reference}" + (" (urgent)" if is_urgent else ""),
        # P6.11: a concern is recorded because a member of staff was worried; the
        # worry itself is the facts and opinion above.
        reason="Reported by a member of staff as a safeguarding concern about the child.",
    )
    decision_record(concern, actor=actor)
    _tell_officers_of(concern)
    return concern


def _tell_officers_of(concern: Concern) -> None:
    # The e-mail carries no case detail: that something needs triage, and a link.
    if concern.is_urgent:
        message = "URGENT: a new safeguarding concern needs triage now."
        subject = "URGENT: safeguarding concern to triage"
    else:
        message = "A new safeguarding concern needs triage."
        subject = "Safeguarding concern to triage"
    notify(
        access.users_who_manage_cases(),
        message=message,
        path=reverse("cases:triage", args=[concern.code]),
        email_subject=subject,
        topic=f"cases.Concern:{concern.code}",
    )


# --- triage and case state ------------------------------------------------------


def triage_once_key(concern: Concern) -> str:
    return f"triage:{concern.pk}"


@transaction.atomic
def concern_triage(
    *,
    actor: User,
    concern: Concern,
    case: Case | None,
    owner: User,
    child: Child | None = None,
    risk_level: str,
    status: str,
    meets_referral_threshold: bool,
    threshold_rationale: str,
    reason: str,
    professional_opinion: str = "",
    allegation_adult_name: str = "",
    allegation_role_in_ttw: str = AdultSubjectToAllegation.RoleInTTW.NONE,
    is_demo: bool = False,
) -> Triage:
    """Open a case from ``concern`` (``case`` None) or add it to ``case``, as a decision.

    ``child`` is a known child the officer matched the reported child to (None: the child as
    reported). The concern is never changed: the triage records the match, by the case it
    opens or joins, which is that child's.
    The case row takes the state decided here; the triage keeps it on record.
    ``allegation_adult_name``: the adult a concern that routes as an allegation is about
    (SOA22A, WSP5), added to the case as an allegation line with the triage.
    """
    about = child if child is not None else concern.child
    problems = policy.triage_problems(
        meets_threshold=meets_referral_threshold,
        threshold_rationale=threshold_rationale,
        reason=reason,
    )
    problems += policy.triage_allegation_problems(
        categories=concern.categories, adult_named=bool(allegation_adult_name.strip())
    )
    if case is not None:
        problems += policy.threshold_change_problems(
            was_met=case.meets_referral_threshold, now_met=meets_referral_threshold
        )
    refuse(problems)
    if status == Case.Status.CLOSED:
        raise ValidationError({"status": STATUS_CLOSED_BY_CLOSURE})
    with set_actor(actor):
        if case is None:
            case = Case(
                reference=reference_next(prefix="CASE"),
                child=about,
                opened_by=actor,
                # The case keeps the club the concern came from (its welfare officers see it).
                club=concern.club,
                is_demo=is_demo,
            )
        else:
            case = Case.objects.select_for_update().get(pk=case.pk)
            if case.child_id != about.pk:
                raise ValidationError({"case": CASE_OF_ANOTHER_CHILD})
            if case.status == Case.Status.CLOSED:
                raise ValidationError({"case": CASE_CLOSED})
        opens_case = case._state.adding
        case.owner = owner
        case.risk_level = risk_level
        case.status = status
        case.meets_referral_threshold = meets_referral_threshold
        case.threshold_rationale = threshold_rationale if meets_referral_threshold else ""
        case.full_clean()
        case.save()
    verb = "Opened case" if opens_case else "Added to case"
    triage = Triage(
        case=case,
        concern=concern,
        opens_case=opens_case,
        owner=owner,
        risk_level=risk_level,
        status=status,
        meets_referral_threshold=meets_referral_threshold,
        threshold_rationale=case.threshold_rationale,
        outcome=f"{verb} {case.reference}"
        + (f" (matched to child {about.reference})" if child is not None else "")
        + (": meets the referral threshold" if meets_referral_threshold else ""),
        reason=reason,
        professional_opinion=professional_opinion,
    )
    clauses = ("P6.2", "P6.11") if meets_referral_threshold else ("P6.11",)
    # Two officers triaging the same concern at once: the second is told who triaged it
    # (and the case it would have opened is rolled back with it).
    decision_record(triage, actor=actor, clauses=clauses, once_key=triage_once_key(concern))
    if allegation_adult_name.strip():
        adult_add(
            actor=actor,
            case=case,
            name=allegation_adult_name.strip(),
            role_in_ttw=allegation_role_in_ttw,
        )
    if owner.pk != actor.pk:
        notify(
            [owner],
            message=f"Case {case.reference} is now yours.",
            path=reverse("cases:detail", args=[case.code]),
        )
    return triage


@transaction.atomic
def case_update(
    *,
    actor: User,
    case: Case,
    owner: User,
    risk_level: str,
    status: str,
    meets_referral_threshold: bool,
    threshold_rationale: str,
    why: str,
) -> CaseNote | None:
    """Change a case's owner, risk, status or threshold, with a note saying what and why.

    Returns the note, or None when nothing changed.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    problems = policy.threshold_change_problems(
        was_met=case.meets_referral_threshold, now_met=meets_referral_threshold
    )
    if meets_referral_threshold and not case.meets_referral_threshold:
        problems += policy.triage_problems(
            meets_threshold=True, threshold_rationale=threshold_rationale, reason=why
        )
    refuse(problems)
    if status == Case.Status.CLOSED:
        raise ValidationError({"status": STATUS_CLOSED_BY_CLOSURE})
    owner_changed = case.owner_id != owner.pk
    newly_at_threshold = meets_referral_threshold and not case.meets_referral_threshold
    changes = []
    if owner_changed:
        changes.append(f"owner: {display_name(case.owner)} to {display_name(owner)}")
    if case.risk_level != risk_level:
        changes.append(
            f"risk level: {case.get_risk_level_display()} to {Case.Risk(risk_level).label}"
        )
    if case.status != status:
        changes.append(f"status: {case.get_status_display()} to {Case.Status(status).label}")
    if newly_at_threshold:
        changes.append("marked as meeting the threshold for referral (P6.2)")
    if not changes:
        return None
    with set_actor(actor):
        case.owner = owner
        case.risk_level = risk_level
        case.status = status
        if newly_at_threshold:
            case.meets_referral_threshold = True
            case.threshold_rationale = threshold_rationale
        case.full_clean()
        case.save()
    text = "Changed " + "; ".join(changes) + ".\n\nWhy: " + why.strip()
    if newly_at_threshold:
        text += "\n\nWhy it meets the threshold: " + case.threshold_rationale
    note = case_note_add(actor=actor, case=case, text=text)
    if owner_changed and owner.pk != actor.pk:
        notify(
            [owner],
            message=f"Case {case.reference} is now yours.",
            path=reverse("cases:detail", args=[case.code]),
        )
    return note


@transaction.atomic
def case_note_add(*, actor: User, case: Case, text: str) -> CaseNote:
    note = CaseNote(case=case, text=text, written_by=actor)
    note.full_clean()
    with set_actor(actor):
        note.save()
    # A case change records its note through here, so the change is recorded once too.
    submissions.submission_remember(note, actor=actor)
    return note


# --- referrals and closure --------------------------------------------------------


@transaction.atomic
def referral_record(
    *,
    actor: User,
    case: Case,
    agency: str,
    agency_contact: str,
    referred_at: dt.datetime,
    method: str,
    information_shared: str,
    reason: str,
    facts: str,
    professional_opinion: str = "",
    agency_name: str = "",
    agency_reference: str = "",
    follow_up: str = "",
    local_authority: LocalAuthority | None = None,
) -> Referral:
    """Record a referral to an external agency (P6.2) with its written report (P6.9)."""
    if referred_at > timezone.now() + CLOCK_TOLERANCE:
        raise ValidationError({"referred_at": REFERRAL_IN_THE_FUTURE})
    if agency == Referral.Agency.OTHER and not agency_name.strip():
        raise ValidationError({"agency_name": AGENCY_NAME_REQUIRED})
    if not facts.strip():
        raise ValidationError({"facts": policy.FACTS_REQUIRED})
    agency_label = dict(Referral.Agency.choices).get(agency, agency)
    referral = Referral(
        case=case,
        agency=agency,
        agency_name=agency_name,
        agency_contact=agency_contact,
        referred_at=referred_at,
        method=method,
        agency_reference=agency_reference,
        information_shared=information_shared,
        follow_up=follow_up,
        local_authority=local_authority,
        facts=facts,
        professional_opinion=professional_opinion,
        reason=reason,
        outcome=f"Referred to {agency_name or agency_label}"[:200],
    )
    return decision_record(referral, actor=actor)


@transaction.atomic
def case_close(
    *,
    actor: User,
    case: Case,
    reason: str,
    facts: str = "",
    professional_opinion: str = "",
) -> CaseClosure:
    """Close a case, as a decision with its reason (P6.11); refused by P6.2 when due."""
    # Lock the case: a closure and a change of threshold must not interleave.
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(CASE_ALREADY_CLOSED)
    problems = policy.case_closure_problems(
        meets_threshold=case.meets_referral_threshold,
        referral_count=Referral.objects.filter(case=case).count(),
    )
    refuse(problems)
    closure = decision_record(
        CaseClosure(
            case=case,
            outcome=f"Case {case.reference} closed",
            reason=reason,
            facts=facts,
            professional_opinion=professional_opinion,
        ),
        actor=actor,
    )
    with set_actor(actor):
        case.status = Case.Status.CLOSED
        case.save(update_fields=["status"])
    return closure


# --- adults subject to an allegation ------------------------------------------------

ADULT_FIELDS = (
    "name",
    "role_in_ttw",
    "works_with_children_elsewhere",
    "other_organisations",
    "subject_to_mappa",
    "statutory_investigation",
)


# An allegation's role in TTW as a role the person holds, at the case's club.
_ROLE_OF_PERSON = {"staff": "staff", "volunteer": "volunteer", "contractor": "contractor"}


@transaction.atomic
def adult_add(
    *,
    actor: User,
    case: Case,
    person: Adult | None = None,
    date_of_birth: dt.date | None = None,
    **fields: Any,
) -> AdultSubjectToAllegation:
    """An adult subject to an allegation on ``case``: ``person`` when the officer chose one
    already on record, else a new person (never matched automatically)."""
    adult = AdultSubjectToAllegation(case=case, created_by=actor)
    problems = policy.adult_problems(
        works_with_children_elsewhere=fields.get("works_with_children_elsewhere", False),
        other_organisations=fields.get("other_organisations", ""),
    )
    refuse(problems)
    if person is None:
        person = adult_services.adult_person_create(
            actor=actor,
            name=fields.get("name", ""),
            date_of_birth=date_of_birth,
            other_roles_with_children=fields.get("other_organisations", ""),
        )
    adult.person = person
    role = _ROLE_OF_PERSON.get(fields.get("role_in_ttw", ""))
    if role is not None:
        adult_services.adult_role_ensure(actor=actor, adult=person, role=role, club=case.club)
    return _adult_save(actor=actor, adult=adult, fields=fields)


@transaction.atomic
def adult_update(
    *, actor: User, adult: AdultSubjectToAllegation, **fields: Any
) -> AdultSubjectToAllegation:
    adult = AdultSubjectToAllegation.objects.select_for_update().get(pk=adult.pk)
    return _adult_save(actor=actor, adult=adult, fields=fields)


def _adult_save(
    *, actor: User, adult: AdultSubjectToAllegation, fields: dict[str, Any]
) -> AdultSubjectToAllegation:
    unknown = set(fields) - set(ADULT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    problems = policy.adult_problems(
        works_with_children_elsewhere=fields.get("works_with_children_elsewhere", False),
        other_organisations=fields.get("other_organisations", ""),
    )
    refuse(problems)
    for name, value in fields.items():
        setattr(adult, name, value)
    adult.full_clean()
    with set_actor(actor):
        adult.save()
    submissions.submission_remember(adult, actor=actor)
    return adult


# --- sharing back to a case's club ------------------------------------------------


@transaction.atomic
def club_share_back_record(
    *,
    actor: User,
    case: Case,
    share_kind: str,
    text: str,
    reason: str,
    due_on: dt.date | None = None,
) -> ClubShareBack:
    """Share a note or a task with the welfare officers of ``case``'s club (P6.1), as a
    decision with its reason (P6.11) and written report; they are told after commit."""
    problems = policy.club_share_back_problems(
        has_club=case.club_id is not None,
        kind=share_kind,
        text=text,
        reason=reason,
        due_on=due_on,
        today=timezone.localdate(),
    )
    refuse(problems)
    assert case.club is not None, "checked by the policy above"
    is_task = share_kind == ClubShareBack.Kind.TASK
    share_back = ClubShareBack(
        case=case,
        club=case.club,
        share_kind=share_kind,
        text=text.strip(),
        due_on=due_on if is_task else None,
        reason=reason.strip(),
        outcome=(f"Task for {case.club}" if is_task else f"Note for {case.club}")[:200],
    )
    decision_record(share_back, actor=actor)
    # The e-mail says only that something was shared, and links to the case.
    what = "a task" if is_task else "a note"
    notify(
        case_access.welfare_officers_of(case.club),
        message=f"The NSO's team shared {what} with your club on case {case.reference}.",
        path=reverse("cases:detail", args=[case.code]),
        email_subject="Safeguarding: shared with your club",
        topic=f"cases.ClubShareBack:{share_back.code}",
    )
    return share_back


@transaction.atomic
def club_task_done(*, actor: User, task: ClubShareBack, outcome: str) -> ClubTaskDone:
    """A welfare officer marks a task shared back to their club done: once per task, with
    what the club did. The case's owner and the officer who shared it are told."""
    if task.share_kind != ClubShareBack.Kind.TASK:
        raise ValidationError(NOT_A_TASK)
    refuse(policy.task_done_problems(outcome=outcome))
    # Two welfare officers marking the same task at once: the second waits and is told.
    task = ClubShareBack.objects.select_for_update().get(pk=task.pk)
    existing = ClubTaskDone.objects.filter(task=task).select_related("done_by").first()
    if existing is not None:
        when = timezone.localtime(existing.done_at)
        raise ValidationError(
            TASK_ALREADY_DONE.format(name=display_name(existing.done_by), date=f"{when:%-d %b %Y}")
        )
    done = ClubTaskDone(task=task, outcome=outcome.strip(), done_by=actor)
    done.full_clean()
    with set_actor(actor):
        done.save()
    submissions.submission_remember(done, actor=actor)
    case = task.case
    assert case is not None, "a task shared back is always about a case"
    told = {case.owner_id: case.owner, task.recorded_by_id: task.recorded_by}
    notify(
        [user for user in told.values() if user.is_active],
        message=f"The club marked a task on case {case.reference} done.",
        path=reverse("cases:detail", args=[case.code]),
        email_subject="Safeguarding: a club's task is done",
        topic=f"cases.ClubTaskDone:{done.code}",
    )
    return done


CHILD_MERGED = "Recorded as one child"


def child_merge_record(
    *,
    actor: User,
    merged: Child,
    keep: Child,
    reason: str,
    facts: str = "",
    professional_opinion: str = "",
) -> ChildMerge:
    """Record that ``merged`` is the same child as ``keep`` (P6.11); refused (nothing
    written) when the policy says no. Checked again under the chain lock: a child is
    merged once. Nothing is re-pointed: the kept child's page shows both children's cases."""
    refuse(
        policy.child_merge_problems(
            same_child=merged.pk == keep.pk,
            merged_is_merged=ChildMerge.objects.filter(merged=merged).exists(),
            keep_is_merged=ChildMerge.objects.filter(merged=keep).exists(),
            reason=reason,
        )
    )
    return decision_record(
        ChildMerge(
            keep=keep,
            merged=merged,
            outcome=CHILD_MERGED,
            reason=reason,
            facts=facts,
            professional_opinion=professional_opinion,
        ),
        actor=actor,
        once_key=f"child_merge:{merged.pk}",
    )

"""Writes for adults' records.

A person's details and roles are maintained records: every change goes through
django-auditlog with the acting user, which keeps each change with its before and after.
A merge of two records of one person is a decision (``decision_record``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditlog.context import set_actor
from django.contrib.auth.models import User
from django.db import transaction

from adults import low_level_services
from adults.models import Adult, AdultMerge, AdultRole
from sharing import policy
from ttw_safeguarding.records import submissions
from ttw_safeguarding.records.decisions import decision_record
from ttw_safeguarding.records.forms import refuse

PERSON_FIELDS = ("name", "date_of_birth", "other_roles_with_children")
MERGED = "Recorded as one person"


@transaction.atomic
def adult_person_create(
    *,
    actor: User,
    name: str,
    date_of_birth: dt.date | None = None,
    other_roles_with_children: str = "",
) -> Adult:
    """A new person; the form adding them to a case remembers its key for the case line."""
    adult = Adult(
        name=name,
        date_of_birth=date_of_birth,
        other_roles_with_children=other_roles_with_children,
        created_by=actor,
    )
    adult.full_clean()
    with set_actor(actor):
        adult.save()
    return adult


@transaction.atomic
def adult_person_update(*, actor: User, adult: Adult, **fields: Any) -> Adult:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    adult = Adult.objects.select_for_update().get(pk=adult.pk)
    for name, value in fields.items():
        setattr(adult, name, value)
    adult.full_clean()
    with set_actor(actor):
        adult.save()
    submissions.submission_remember(adult, actor=actor)
    return adult


@transaction.atomic
def adult_role_add(
    *,
    actor: User,
    adult: Adult,
    role: str,
    club: Any = None,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> AdultRole:
    adult_role = AdultRole(
        adult=adult,
        club=club,
        role=role,
        started_on=started_on,
        ended_on=ended_on,
        created_by=actor,
    )
    adult_role.full_clean()
    with set_actor(actor):
        adult_role.save()
    submissions.submission_remember(adult_role, actor=actor)
    return adult_role


def adult_role_ensure(*, actor: User, adult: Adult, role: str, club: Any) -> None:
    """The role an allegation names, unless the person already holds it there (no key)."""
    held = AdultRole.objects.filter(adult=adult, club=club, role=role, ended_on__isnull=True)
    if held.exists():
        return
    adult_role = AdultRole(adult=adult, club=club, role=role, created_by=actor)
    adult_role.full_clean()
    with set_actor(actor):
        adult_role.save()


def adult_merge_record(
    *,
    actor: User,
    merged: Adult,
    keep: Adult,
    reason: str,
    facts: str = "",
    professional_opinion: str = "",
) -> AdultMerge:
    """Record that ``merged`` is the same person as ``keep``; refused (nothing written)
    when the policy says no. Checked again under the chain lock: a person is merged once."""
    refuse(
        policy.adult_merge_problems(
            same_person=merged.pk == keep.pk,
            merged_is_merged=AdultMerge.objects.filter(merged=merged).exists(),
            keep_is_merged=AdultMerge.objects.filter(merged=keep).exists(),
            reason=reason,
        )
    )
    with transaction.atomic():
        merge = decision_record(
            AdultMerge(
                keep=keep,
                merged=merged,
                outcome=MERGED,
                reason=reason,
                facts=facts,
                professional_opinion=professional_opinion,
            ),
            actor=actor,
            once_key=f"adult_merge:{merged.pk}",
        )
        # Counted together, the two records' low-level concerns may reach the pattern.
        low_level_services.pattern_check_after_merge(keep=keep)
    return merge

"""Writes for low-level concerns about adults: the concern, its link to a person, and the
pattern alert to the National Safeguarding Officer raised in the same transaction.

The alert is raised once per crossing: when a concern (recorded about a person, or linked
to one) takes the person's count within the period from below the threshold to the
threshold. Later concerns while the count stays at or above it raise no new alert; once
older concerns fall out of the period and the count crosses again, a new one is raised.
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from adults import selectors
from adults.low_level_access import may_record_for_club
from adults.models import Adult, LowLevelConcern, LowLevelConcernLink, LowLevelPatternAlert
from clubs.models import Club
from sharing import policy
from ttw_safeguarding.records import access, roles
from ttw_safeguarding.records.decisions import decision_record
from ttw_safeguarding.records.forms import refuse
from ttw_safeguarding.records.notifications import notify

RECORDED = "Low-level concern recorded"
LINKED = "Linked to the person's record"
CONCERN_REASON = (
    "WSP5: behaviour short of the harm threshold of an allegation is kept on record as a "
    "low-level concern, so that a pattern across clubs is seen."
)
LINK_REASON = "The adult named in the concern is this person."
CLUB_NOT_YOURS = "Choose one of the clubs you are welfare officer for."
ALREADY_NAMED = "This concern already names the person's record."
HAPPENED_IN_THE_FUTURE = "The date it happened cannot be in the future."
ALERT_MESSAGE = (
    "A pattern of low-level concerns about an adult has been reached. Please open the "
    "adult's record and consider whether, together, they meet the threshold of an allegation."
)
ALERT_SUBJECT = "Low-level concerns: a pattern reached"
ALERT_TOPIC = "low_level_pattern:"


def low_level_concern_record(
    *,
    actor: User,
    adult_name: str,
    occurred_on: dt.date,
    category: str,
    facts: str,
    club: Club | None = None,
    adult_date_of_birth: dt.date | None = None,
    adult_role: str = "",
    professional_opinion: str = "",
    person: Adult | None = None,
) -> LowLevelConcern:
    """Record a low-level concern; refused (nothing written) for a position-of-trust
    matter, for a club the recorder does not cover, or for a date to come. An officer may
    name the person's record at once (a welfare officer never does: they see none)."""
    refuse(policy.low_level_concern_problems(categories=[category]))
    if not may_record_for_club(actor, club):
        raise ValidationError({"club": CLUB_NOT_YOURS})
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": HAPPENED_IN_THE_FUTURE})
    manages = access.can_manage_cases(actor)
    if person is not None and not manages:
        person = None
    concern = LowLevelConcern(
        outcome=RECORDED,
        reason=CONCERN_REASON,
        facts=facts,
        professional_opinion=professional_opinion,
        adult_name=adult_name,
        adult_date_of_birth=adult_date_of_birth,
        adult_role=adult_role,
        person=person,
        club=club,
        occurred_on=occurred_on,
        category=category,
        by_welfare_officer=not manages,
    )
    with transaction.atomic():
        decision_record(concern, actor=actor)
        if person is not None:
            pattern_check(person=person, concern=concern)
    return concern


def low_level_link_once_key(concern: LowLevelConcern) -> str:
    return f"low_level_link:{concern.pk}"


def low_level_concern_link(
    *, actor: User, concern: LowLevelConcern, person: Adult, reason: str = ""
) -> LowLevelConcernLink:
    """An officer's decision that ``concern`` is about ``person``: recorded once per
    concern (under the chain lock), then the person's pattern is asked again."""
    if concern.person_id is not None:
        raise ValidationError({"person": ALREADY_NAMED})
    with transaction.atomic():
        link = decision_record(
            LowLevelConcernLink(
                concern=concern,
                person=person,
                outcome=LINKED,
                reason=reason or LINK_REASON,
            ),
            actor=actor,
            once_key=low_level_link_once_key(concern),
        )
        pattern_check(person=person, concern=concern)
    return link


def concerns_about(person: Adult) -> Q:
    """The low-level concerns about ``person`` and every record merged into it."""
    ids = selectors.group_ids(person)
    return Q(person__in=ids) | Q(link__person__in=ids)


def pattern_check(*, person: Adult, concern: LowLevelConcern) -> LowLevelPatternAlert | None:
    """Raise the NSO's alert if ``concern`` takes the person's count to the threshold.

    Asked inside the recording transaction, after the decision path took the chain lock:
    a concern recorded at the same moment by someone else is already committed and
    counted, so the crossing is seen once.
    """
    threshold: int = settings.TTW_LOW_LEVEL_THRESHOLD
    period_days: int = settings.TTW_LOW_LEVEL_PERIOD_DAYS
    today = concern.occurred_on
    dates = list(
        LowLevelConcern.objects.filter(concerns_about(person))
        .exclude(pk=concern.pk)
        .values_list("occurred_on", flat=True)
    )
    before = policy.low_level_pattern_reached(
        dates, today=today, threshold=threshold, period_days=period_days
    )
    after = policy.low_level_pattern_reached(
        [*dates, today], today=today, threshold=threshold, period_days=period_days
    )
    if before or not after:
        return None
    return _alert_raise(person=person, concern=concern, dates=[*dates, today])


def pattern_check_after_merge(*, keep: Adult) -> LowLevelPatternAlert | None:
    """After two records are merged into ``keep``: their low-level concerns, counted
    together, may reach the pattern that neither did alone. Asked of the period that ends
    with the newest; not raised again when an alert of either record covers that period."""
    period_days: int = settings.TTW_LOW_LEVEL_PERIOD_DAYS
    rows = list(
        LowLevelConcern.objects.filter(concerns_about(keep))
        .order_by("occurred_on", "sequence")
        .values_list("pk", "occurred_on")
    )
    if not rows:
        return None
    newest, today = rows[-1]
    dates = [day for _, day in rows]
    reached = policy.low_level_pattern_reached(
        dates, today=today, threshold=settings.TTW_LOW_LEVEL_THRESHOLD, period_days=period_days
    )
    if not reached:
        return None
    first = today - timedelta(days=period_days - 1)
    alerted = LowLevelPatternAlert.objects.filter(
        Q(person__in=selectors.group_ids(keep), period_to__gte=first) | Q(concern_id=newest)
    )
    if alerted.exists():
        return None
    concern = LowLevelConcern.objects.get(pk=newest)
    return _alert_raise(person=keep, concern=concern, dates=dates)


def _alert_raise(
    *, person: Adult, concern: LowLevelConcern, dates: list[dt.date]
) -> LowLevelPatternAlert:
    threshold: int = settings.TTW_LOW_LEVEL_THRESHOLD
    period_days: int = settings.TTW_LOW_LEVEL_PERIOD_DAYS
    today = concern.occurred_on
    kept = selectors.person_of(person)
    alert = LowLevelPatternAlert.objects.create(
        person=kept,
        concern=concern,
        count=policy.low_level_concerns_in_period(dates, today=today, period_days=period_days),
        threshold=threshold,
        period_days=period_days,
        period_from=today - timedelta(days=period_days - 1),
        period_to=today,
    )
    # No name, no club, no detail: what happened and a link (the page is for the NSO).
    notify(
        access.users_with_permission(roles.VIEW_RESTRICTED).order_by("pk"),
        message=ALERT_MESSAGE,
        path=reverse("adults:detail", args=[kept.code]),
        email_subject=ALERT_SUBJECT,
        topic=f"{ALERT_TOPIC}{alert.code}",
    )
    return alert

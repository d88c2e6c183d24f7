"""Alerts: every timescale the apps declare reaches the people who must act.

``alerts_send`` (run by ``manage.py send_due_alerts`` every few minutes) reads every
open item of every timescale source (``timescales.items_open_at``) and tells:

* its owners when it falls due (stage "due");
* its owners and every NSO when it is overdue (stage "overdue"). An item first seen
  already overdue is told as overdue only: the owners are not told twice at once.

Each person is told once per item and stage, however often the command runs: the
``AlertSent`` row is inserted first, and only the run that created it writes the
notification and the e-mail, in the same transaction. Two runs racing meet at the
named unique constraint: the second waits for the first and finds its row.

A person who chose the daily digest (``AlertPreference``) is told in-app only; once a
day, from ``TTW_ALERT_DIGEST_HOUR`` in TTW's time zone, one e-mail says how many alerts
they had since their last digest, with a link, ledgered like the alerts (stage digest).
E-mails carry the source's sentence and a link, never case detail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from ttw_safeguarding.records import access, roles
from ttw_safeguarding.records.models import AlertPreference, AlertSent, Notification
from ttw_safeguarding.records.notifications import email_link, notify
from ttw_safeguarding.records.timescales import Timed, items_open_at

DUE_SUBJECT = "TTW safeguarding: something is due for you to act on"
OVERDUE_SUBJECT = "TTW safeguarding: something is overdue"
DIGEST_SUBJECT = "TTW safeguarding: your daily digest of alerts"
OVERDUE_PREFIX = "Overdue: "
DIGEST_MESSAGE = "You have {count} new alert(s) since your last digest."
TOPIC = "alert"
DIGEST_TOPIC = "alert-digest"


@dataclass(frozen=True)
class PlannedAlert:
    source: str
    item: Timed
    stage: str
    recipient_ids: tuple[int, ...]


@dataclass
class AlertRun:
    """What one run did (or, dry, would do): counts by stage, and the digests."""

    due: int = 0
    overdue: int = 0
    digests: int = 0
    planned: list[PlannedAlert] = field(default_factory=list)

    def as_line(self) -> str:
        return (
            f"{self.due} due alert(s), {self.overdue} overdue alert(s), {self.digests} digest(s)."
        )


def nso_ids() -> set[int]:
    """The National Safeguarding Officers: told of every overdue item."""
    return set(access.users_with_permission(roles.REVIEW_DECISIONS).values_list("pk", flat=True))


def _stage_at(item: Timed, now: dt.datetime) -> str | None:
    if now >= item.overdue_at:
        return AlertSent.Stage.OVERDUE
    if now >= item.falls_due_at:
        return AlertSent.Stage.DUE
    return None


def alerts_planned(now: dt.datetime) -> list[PlannedAlert]:
    """Every alert the items open at ``now`` call for, before the ledger is consulted."""
    nsos: set[int] | None = None
    planned = []
    for source, item in items_open_at(now):
        stage = _stage_at(item, now)
        if stage is None:
            continue
        recipients = set(item.owners)
        if stage == AlertSent.Stage.OVERDUE:
            if nsos is None:
                nsos = nso_ids()
            recipients |= nsos
        planned.append(PlannedAlert(source, item, stage, tuple(sorted(recipients))))
    return planned


def _not_yet_sent(planned: Iterable[PlannedAlert]) -> list[PlannedAlert]:
    """Drop the recipients already told (a read ahead of the insert, to keep runs cheap)."""
    planned = list(planned)
    keys = {alert.item.key for alert in planned}
    sent = set(AlertSent.objects.filter(key__in=keys).values_list("key", "stage", "recipient_id"))
    left = []
    for alert in planned:
        ids = tuple(i for i in alert.recipient_ids if (alert.item.key, alert.stage, i) not in sent)
        if ids:
            left.append(PlannedAlert(alert.source, alert.item, alert.stage, ids))
    return left


def _digest_user_ids(user_ids: Iterable[int]) -> set[int]:
    return set(
        AlertPreference.objects.filter(user_id__in=list(user_ids), daily_digest=True).values_list(
            "user_id", flat=True
        )
    )


def _alert_send(
    alert: PlannedAlert, users: dict[int, User], digest_ids: set[int], now: dt.datetime
) -> int:
    """Tell each recipient not yet told; returns how many were told now."""
    item = alert.item
    message = item.message if alert.stage == AlertSent.Stage.DUE else OVERDUE_PREFIX + item.message
    subject = DUE_SUBJECT if alert.stage == AlertSent.Stage.DUE else OVERDUE_SUBJECT
    told = 0
    for user_id in alert.recipient_ids:
        user = users.get(user_id)
        if user is None:  # no longer active: nobody to tell
            continue
        with transaction.atomic():
            _row, created = AlertSent.objects.get_or_create(
                key=item.key, stage=alert.stage, recipient=user, defaults={"sent_at": now}
            )
            if not created:  # another run told them first
                continue
            notify(
                [user],
                message=message,
                path=item.path,
                email_subject=None if user_id in digest_ids else subject,
                topic=TOPIC,
            )
            told += 1
    return told


def digests_send(*, now: dt.datetime, dry_run: bool = False) -> int:
    """Send today's digest to each digest user with alerts since their last; returns how many."""
    local = timezone.localtime(now)
    if local.hour < settings.TTW_ALERT_DIGEST_HOUR:
        return 0
    key = f"digest:{local.date().isoformat()}"
    digest_ids = set(
        AlertPreference.objects.filter(daily_digest=True, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    already = set(
        AlertSent.objects.filter(
            key=key, stage=AlertSent.Stage.DIGEST, recipient_id__in=digest_ids
        ).values_list("recipient_id", flat=True)
    )
    sent = 0
    path = reverse("notifications")
    for user in get_user_model().objects.filter(pk__in=digest_ids - already).order_by("pk"):
        last = (
            AlertSent.objects.filter(recipient=user, stage=AlertSent.Stage.DIGEST)
            .order_by("-sent_at")
            .values_list("sent_at", flat=True)
            .first()
        )
        alerts = AlertSent.objects.filter(recipient=user).exclude(stage=AlertSent.Stage.DIGEST)
        if last is not None:
            alerts = alerts.filter(sent_at__gt=last)
        count = alerts.filter(sent_at__lte=now).count()
        if not count:
            continue
        if dry_run:
            sent += 1
            continue
        with transaction.atomic():
            _row, created = AlertSent.objects.get_or_create(
                key=key, stage=AlertSent.Stage.DIGEST, recipient=user, defaults={"sent_at": now}
            )
            if not created:
                continue
            # E-mail only: each alert is on the notifications page already.
            email_link(
                user,
                subject=DIGEST_SUBJECT,
                message=DIGEST_MESSAGE.format(count=count),
                path=path,
                topic=DIGEST_TOPIC,
            )
            sent += 1
    return sent


def alerts_send(*, now: dt.datetime | None = None, dry_run: bool = False) -> AlertRun:
    """Tell everyone what has fallen due or become overdue since they were last told."""
    now = now or timezone.now()
    run = AlertRun()
    planned = _not_yet_sent(alerts_planned(now))
    run.planned = planned
    if dry_run:
        for alert in planned:
            if alert.stage == AlertSent.Stage.DUE:
                run.due += len(alert.recipient_ids)
            else:
                run.overdue += len(alert.recipient_ids)
        run.digests = digests_send(now=now, dry_run=True)
        return run
    everyone = {i for alert in planned for i in alert.recipient_ids}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=everyone, is_active=True)}
    digest_ids = _digest_user_ids(everyone)
    for alert in planned:
        told = _alert_send(alert, users, digest_ids, now)
        if alert.stage == AlertSent.Stage.DUE:
            run.due += told
        else:
            run.overdue += told
    run.digests = digests_send(now=now)
    return run


def alert_preference_of(user: User) -> AlertPreference:
    return AlertPreference.objects.filter(user=user).first() or AlertPreference(user=user)


def alert_preference_set(*, user: User, daily_digest: bool) -> AlertPreference:
    preference, _created = AlertPreference.objects.update_or_create(
        user=user, defaults={"daily_digest": daily_digest}
    )
    return preference


def notification_for_user(user: User, code: str) -> Notification:
    """The user's own notification; anyone else's is a 404, as one that does not exist."""
    return get_object_or_404(Notification, recipient=user, code=code)


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )

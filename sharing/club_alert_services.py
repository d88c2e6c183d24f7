"""Sending the NSO's alert to clubs, and keeping each recipient's read receipt.

The alert goes through the one decision path (``decision_record``): the policy checked
again whole, the recipients resolved and hashed with the record, a row per person, and
everyone told in-app and by an e-mail that carries no detail, all in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from clubs.models import Club, ClubWelfareOfficer, Region, RegionalWelfareOfficer
from sharing import policy
from sharing.models import (
    AlertReceipt,
    AlertRecipient,
    ClubAlert,
    ClubAlertClub,
    ClubAlertRegion,
)
from ttw_safeguarding.records import roles
from ttw_safeguarding.records.access import users_with_permission
from ttw_safeguarding.records.decisions import decision_record
from ttw_safeguarding.records.forms import refuse
from ttw_safeguarding.records.names import display_name
from ttw_safeguarding.records.notifications import notify

# E-mails carry no detail: what happened and a link.
EMAIL_SUBJECT = "TTW's National Safeguarding Officer has sent you a safeguarding alert"
MESSAGE = (
    "TTW's National Safeguarding Officer has sent you a safeguarding alert. "
    "Please open it and read it."
)
TOPIC_PREFIX = "club_alert:"


@dataclass
class Recipient:
    user: User
    roles: list[str] = field(default_factory=list)

    @property
    def described_as(self) -> str:
        return "; ".join(self.roles)[:500]


def club_alert_recipients(*, clubs: Iterable[Club], regions: Iterable[Region]) -> list[Recipient]:
    """Who an alert to ``clubs`` and ``regions`` reaches, now: the club welfare officers of
    the chosen clubs and of every club of the chosen regions, and the regional welfare
    officers of the chosen regions and of the chosen clubs' regions. A membership counts
    only while its holder has the role and an active account (as for what they see)."""
    clubs = list(clubs)
    regions = list(regions)
    region_ids = {region.pk for region in regions}
    club_regions = {club.region_id for club in clubs if club.region_id is not None}
    cwo_users = users_with_permission(roles.SEE_CLUB_RECORDS).values("pk")
    rwo_users = users_with_permission(roles.SEE_REGION_RECORDS).values("pk")
    found: dict[int, Recipient] = {}

    def add(user: User, role: str) -> None:
        recipient = found.setdefault(user.pk, Recipient(user))
        if role not in recipient.roles:
            recipient.roles.append(role)

    club_officers = (
        ClubWelfareOfficer.objects.filter(user__in=cwo_users, user__is_active=True)
        .filter(Q(club__in=[club.pk for club in clubs]) | Q(club__region__in=region_ids))
        .select_related("user", "club")
        .order_by("club__name", "user__username")
    )
    for membership in club_officers:
        add(membership.user, f"Club welfare officer, {membership.club.name}")
    regional_officers = (
        RegionalWelfareOfficer.objects.filter(
            user__in=rwo_users, user__is_active=True, region__in=region_ids | club_regions
        )
        .select_related("user", "region")
        .order_by("region__name", "user__username")
    )
    for regional in regional_officers:
        add(regional.user, f"Regional welfare officer, {regional.region.name}")
    return sorted(found.values(), key=lambda r: (display_name(r.user).casefold(), r.user.pk))


def club_alert_send(
    *,
    actor: User,
    clubs: Iterable[Club],
    regions: Iterable[Region],
    warning: str,
    action: str,
    reason: str,
) -> ClubAlert:
    """Send an alert to the welfare officers of ``clubs`` and ``regions`` (P6.1, P6.11)."""
    clubs = sorted(clubs, key=lambda c: c.name)
    regions = sorted(regions, key=lambda r: r.name)
    refuse(
        policy.club_alert_problems(
            policy.ClubAlertFacts(
                warning=warning,
                action=action,
                reason=reason,
                clubs=len(clubs),
                regions=len(regions),
            )
        )
    )
    with transaction.atomic():
        recipients = club_alert_recipients(clubs=clubs, regions=regions)
        refuse(policy.club_alert_recipients_problems(len(recipients)))
        alert = ClubAlert(
            outcome=f"Safeguarding alert sent to {len(recipients)} welfare officer"
            + ("" if len(recipients) == 1 else "s"),
            warning=warning,
            action=action,
            reason=reason,
            sent_to={
                "clubs": [club.name for club in clubs],
                "regions": [region.name for region in regions],
            },
            recipients=[
                {"user": r.user.pk, "name": display_name(r.user), "as": r.described_as}
                for r in recipients
            ],
        )
        decision_record(alert, actor=actor)
        ClubAlertClub.objects.bulk_create(ClubAlertClub(alert=alert, club=c) for c in clubs)
        ClubAlertRegion.objects.bulk_create(ClubAlertRegion(alert=alert, region=r) for r in regions)
        AlertRecipient.objects.bulk_create(
            AlertRecipient(alert=alert, user=r.user, described_as=r.described_as)
            for r in recipients
        )
        notify(
            [r.user for r in recipients],
            message=MESSAGE,
            path=reverse("sharing:alert_detail", args=[alert.code]),
            email_subject=EMAIL_SUBJECT,
            topic=f"{TOPIC_PREFIX}{alert.code}",
        )
    return alert


def alert_receipt_record(*, alert: ClubAlert, recipient: User) -> AlertReceipt:
    """The recipient's read receipt: written the first time they open the alert, then kept."""
    existing = AlertReceipt.objects.filter(alert=alert, recipient=recipient).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return AlertReceipt.objects.create(alert=alert, recipient=recipient)
    except IntegrityError:
        # The same person opened it twice at once: the first receipt stands.
        return AlertReceipt.objects.get(alert=alert, recipient=recipient)

"""A demo media approach for ``manage.py seed_demo``, through the media service (P6.12)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from media_contacts.models import MediaApproach
from media_contacts.services import media_approach_record
from ttw_safeguarding.records import roles

DEMO_JOURNALIST = "Demo Jo Newsdesk"


def seed_demo_media(users: dict[str, Any]) -> list[str]:
    """An approach recorded by the demo staff member, waiting for the NSO's acknowledgement."""
    if MediaApproach.objects.filter(journalist_name=DEMO_JOURNALIST).exists():
        return []
    approached_at = timezone.now() - dt.timedelta(hours=2)
    media_approach_record(
        actor=users[roles.STAFF],
        approached_at=approached_at,
        journalist_name=DEMO_JOURNALIST,
        outlet="Demo Evening Example",
        phone="020 7946 0999",
        email="newsdesk@demo.example",
        contact_method=MediaApproach.ContactMethod.PHONE,
        information_wanted="Demo: whether a child at the Riverside football sessions was hurt.",
        anything_said=False,
        deadline=approached_at + dt.timedelta(days=1),
        notes="Demo: they called the office line and asked for the manager; nothing was said.",
    )
    return ["a media approach (waiting for the NSO's acknowledgement)"]

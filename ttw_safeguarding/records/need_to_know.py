"""P6.6 in the access mechanism: restricted records, seen strictly need-to-know.

The one module that decides, over the database, who may see a restricted record (the
NSO, or a person named on it), who a record about a restricted record is restricted to,
that opening one asks for a reason, and who may be named. The rule itself is stated,
pure, in ``sharing.policy.need_to_know``; the apps compose the names with it, and
tests/ttw_safeguarding/test_need_to_know.py checks that this module answers as it does.
A record is restricted exactly when people are named on it (``decisions.decision_record``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet

from ttw_safeguarding.records.models import Decision, NeedToKnow


def named_on(user: Any) -> Q:
    """Decisions naming ``user`` as needing to know (a condition over Decision)."""
    return Q(Exists(NeedToKnow.objects.filter(decision=OuterRef("pk"), user=user)))


def visible(user: Any, *, sees_every_restricted_record: bool) -> Q:
    """Which decisions ``user`` may see as far as restriction goes: every one for the NSO,
    else those not restricted and those naming them (policy ``may_see_restricted``)."""
    if sees_every_restricted_record:
        return Q()
    return Q(is_restricted=False) | named_on(user)


def names_of(decision: Decision) -> list[User]:
    """The people named on ``decision``; nobody for a record that is not restricted."""
    return [row.user for row in NeedToKnow.objects.filter(decision=decision).select_related("user")]


def reason_required_to_open(decision: Decision) -> bool:
    """Opening a restricted record, its page or its written report, asks why first; the reason
    is written to the audit log with the read (policy ``reason_required_to_open``)."""
    return bool(decision.is_restricted)


def candidates() -> QuerySet[User]:
    """People within TTW who may be named as needing to know a restricted record: every
    active account holding a role."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__isnull=False)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )

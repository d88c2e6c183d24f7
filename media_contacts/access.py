"""Who may see media approaches and use this app's pages, declared to the core's access mechanism.

P6.12, who does what (what is noted of an approach is ``sharing.policy.media_approaches``):
any staff member records an approach; every NSO is told at once, handles them and sees
every one; whoever was approached sees their own and that the NSO has taken it on.
``MediaContactsConfig.ready`` registers ``PAGE_RULES`` and the visibility rule below.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import Http404

from media_contacts.models import MediaApproach, MediaHandling
from ttw_safeguarding.records import roles
from ttw_safeguarding.records.access import (
    Predicate,
    can_handle_media,
    can_record_media_approach,
    decisions_visible_to,
    users_with_permission,
)


def media_approaches_visible_to(user: Any) -> QuerySet[MediaApproach]:
    """Media approaches a user may open (P6.12).

    The NSO, who handles them, sees every one; everyone else sees what the
    decision rule gives them: staff only the approaches they recorded.
    """
    if can_handle_media(user):
        return MediaApproach.objects.all()
    return decisions_visible_to(user, model=MediaApproach)


def media_approach_for_user(user: Any, code: Any) -> MediaApproach:
    """A media approach the user may open, or 404."""
    approaches = media_approaches_visible_to(user).select_related("recorded_by", "case")
    try:
        return approaches.get(code=code)
    except (MediaApproach.DoesNotExist, ValueError) as exc:
        raise Http404("No such record") from exc


def media_approaches_recorded_by(user: Any) -> QuerySet[MediaApproach]:
    """A user's own media records ("My media records"): never anyone else's."""
    return media_approaches_visible_to(user).filter(recorded_by=user)


def media_handlings_visible_to(user: Any) -> QuerySet[MediaHandling]:
    """How approaches were handled: the NSO and officers, not the person who was approached."""
    if can_handle_media(user):
        return MediaHandling.objects.all()
    return decisions_visible_to(user, model=MediaHandling)


def users_who_handle_media() -> QuerySet[User]:
    """Active NSOs, told at once of every media approach (P6.12).

    Only holders of the permission through a role or directly: a superuser account
    is for administration and is not sent media approaches.
    """
    return users_with_permission(roles.HANDLE_MEDIA).order_by("pk")


def acknowledgement_of_own_approach(user: Any) -> Q:
    # P6.12: whoever was approached may see that the NSO has taken the approach on.
    return Q(mediaacknowledgement__approach__recorded_by=user)


# Which approach: media_approach_for_user gives 404.
PAGE_RULES: dict[str, Predicate] = {
    "media_contacts:record": can_record_media_approach,
    "media_contacts:mine": can_record_media_approach,
    "media_contacts:detail": can_record_media_approach,
    "media_contacts:inbox": can_handle_media,
    "media_contacts:email_retry": can_handle_media,
    "media_contacts:acknowledge": can_handle_media,
    "media_contacts:handle": can_handle_media,
}

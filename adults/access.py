"""Who may see adults' records and use their pages, declared to the core's access mechanism.

An adult's page (details, roles, the one timeline across cases and clubs) is for officers
and the NSO. A club's or a region's welfare officer never sees it: the page answers 404 for
them, as for an adult who does not exist; what they see instead is a flag on their home
page for the people in their clubs with a restriction in place (``adults.selectors``).
Everyone else is refused the pages (403). ``AdultsConfig.ready`` registers ``PAGE_RULES``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from adults.models import Adult, DbsReferralPack
from ttw_safeguarding.records.access import (
    Predicate,
    by_code,
    can_manage_cases,
    can_see_club_records,
)


def may_ask_for_adult(user: Any) -> bool:
    """Officers and the NSO, and welfare officers (who are answered 404: no adult is theirs)."""
    if can_manage_cases(user):
        return True
    return can_see_club_records(user)


def adults_visible_to(user: Any) -> QuerySet[Adult]:
    """The adults whose records a user may open: officers and the NSO only."""
    if not can_manage_cases(user):
        return Adult.objects.none()
    return Adult.objects.all()


def adult_for_user(user: Any, code: Any) -> Adult:
    """An adult's record, or 404 for a user who may not see it."""
    return by_code(adults_visible_to(user), code)


def dbs_packs_visible_to(user: Any) -> QuerySet[DbsReferralPack]:
    """DBS referral packs (SVGA35): officers and the NSO, as the adults they are about."""
    return DbsReferralPack.objects.filter(adult__in=adults_visible_to(user))


def dbs_pack_for_user(user: Any, code: Any) -> DbsReferralPack:
    """A DBS referral pack, or 404 for a user who may not see it."""
    return by_code(dbs_packs_visible_to(user).select_related("adult", "duty"), code)


# Which adult: adult_for_user gives 404; which pack: dbs_pack_for_user.
PAGE_RULES: dict[str, Predicate] = {
    "adults:list": can_manage_cases,
    "adults:detail": may_ask_for_adult,
    "adults:edit": may_ask_for_adult,
    "adults:role_add": may_ask_for_adult,
    "adults:merge": may_ask_for_adult,
    # The DBS referral pack (SVGA35).
    "adults:dbs_pack_start": may_ask_for_adult,
    "adults:dbs_pack": may_ask_for_adult,
    "adults:dbs_pack_item": may_ask_for_adult,
    "adults:dbs_pack_evidence": may_ask_for_adult,
    "adults:dbs_pack_send": may_ask_for_adult,
    "adults:dbs_pack_outcome": may_ask_for_adult,
    # Which allegation line: cases.access.adult_for_user gives 404.
    "adults:designated_officer_new": may_ask_for_adult,
    "adults:strategy_discussion_new": may_ask_for_adult,
    "adults:allegation_outcome_new": may_ask_for_adult,
}

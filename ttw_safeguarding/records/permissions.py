"""Who someone is: the permissions their roles hold, as predicates of the user.

Only roles count: not ``has_perm``, which is true of every permission for a superuser, and
not permissions given to the account directly. The access mechanism (``access``) and the
second-factor hold (``security``) both decide from these; ``access`` re-exports them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ttw_safeguarding.records import roles

Predicate = Callable[[Any], bool]


def _has(user: Any, codename: str) -> bool:
    """Whether one of the user's roles holds ``codename``.

    Only roles count: not ``has_perm``, which is true of every permission for a
    superuser, and not permissions given to the account directly. Superuser status
    is for account administration (``can_manage_accounts``), never for records.
    """
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    return roles.perm(codename) in role_permissions(user)


def role_permissions(user: Any) -> frozenset[str]:
    """``app_label.codename`` of every permission the user's roles hold, cached on the user
    object for the request (a role changed in between applies from the next request)."""
    cached = getattr(user, "_ttw_role_permissions", None)
    if cached is None:
        from django.contrib.auth.models import Permission

        rows = Permission.objects.filter(group__user=user).values_list(
            "content_type__app_label", "codename"
        )
        cached = frozenset(f"{app_label}.{codename}" for app_label, codename in rows)
        user._ttw_role_permissions = cached
    return cached


def has_any_role(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    return bool(role_names(user))


def role_names(user: Any) -> list[str]:
    """The user's roles, cached on the user object for the request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_ttw_roles", None)
    if cached is None:
        cached = sorted(user.groups.values_list("name", flat=True))
        user._ttw_roles = cached
    return cached


def can_record_concern(user: Any) -> bool:
    return _has(user, roles.RECORD_CONCERN)


def can_record_media_approach(user: Any) -> bool:
    return _has(user, roles.RECORD_MEDIA_APPROACH)


def can_manage_cases(user: Any) -> bool:
    """Safeguarding officers and the NSO."""
    return _has(user, roles.MANAGE_CASES)


def can_review_decisions(user: Any) -> bool:
    """The NSO."""
    return _has(user, roles.REVIEW_DECISIONS)


def can_review_nso_decisions(user: Any) -> bool:
    """The board safeguarding lead: reviews the share decisions an NSO made."""
    return _has(user, roles.REVIEW_NSO_DECISIONS)


def can_use_review_queue(user: Any) -> bool:
    """Whoever reviews share decisions: an NSO, or the board safeguarding lead."""
    if can_review_decisions(user):
        return True
    return can_review_nso_decisions(user)


def can_handle_media(user: Any) -> bool:
    return _has(user, roles.HANDLE_MEDIA)


def can_view_restricted(user: Any) -> bool:
    return _has(user, roles.VIEW_RESTRICTED)


def can_view_audit_log(user: Any) -> bool:
    return _has(user, roles.VIEW_AUDIT_LOG)


def can_record_cmg_decision(user: Any) -> bool:
    return _has(user, roles.RECORD_CMG_DECISION)


def can_manage_accounts(user: Any) -> bool:
    """The system administrator's role, or superuser status: accounts, never records."""
    if _has(user, roles.MANAGE_ACCOUNTS):
        return True
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    return bool(user.is_superuser)


def is_club_welfare_officer(user: Any) -> bool:
    """Club welfare officers: the concerns of their clubs (the clubs app's memberships)."""
    return _has(user, roles.SEE_CLUB_RECORDS)


def is_regional_welfare_officer(user: Any) -> bool:
    """Regional welfare officers: the concerns of every club of their region."""
    return _has(user, roles.SEE_REGION_RECORDS)


def can_see_club_records(user: Any) -> bool:
    """A club's or a region's welfare officer: records scoped to the clubs they cover."""
    if is_club_welfare_officer(user):
        return True
    return is_regional_welfare_officer(user)


def can_manage_clubs(user: Any) -> bool:
    """The NSO keeps the clubs and their welfare officers (in the admin)."""
    return _has(user, roles.MANAGE_CLUBS)


def can_use_admin(user: Any) -> bool:
    """The Django admin, for whoever is also is_staff: the system administrator (accounts),
    and the NSO (the clubs; the admin shows each only the models their role holds)."""
    if not user.is_authenticated:
        return False
    if not user.is_staff:
        return False
    if can_manage_accounts(user):
        return True
    return can_manage_clubs(user)


def can_grant_roles(user: Any) -> bool:
    """National Safeguarding Officers: roles that see case content, role requests."""
    return _has(user, roles.GRANT_ROLES)


def signed_in(user: Any) -> bool:
    return bool(user.is_authenticated)


# The Django admin namespace is one rule, applied by security.SecondFactorMiddleware.
NAMESPACE_RULES: dict[str, Predicate] = {"admin": can_use_admin}

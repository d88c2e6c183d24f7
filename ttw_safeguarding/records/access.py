"""The access mechanism: roles, page rules, record visibility, logged reads.

Views never query records directly: they ask this module or their app's
``access`` module (which builds on this one), passing the user. Each app declares
its own rules here from its ``AppConfig.ready()``. Two kinds of rule:

* page rules (``PAGE_RULES``): for every URL name, who may use the page at
  all. ``@page("name")`` applies one to a view: anonymous users are sent to
  sign in; a signed-in user the rule refuses gets 403.
* record rules (``*_visible_to`` / ``*_for_user``): which records a user may
  see. A record the user may not see is a 404, the same answer as for a record
  that does not exist, in pages, lists, searches and counts alike.

Each predicate reads one condition per line so that tests reach every branch.
A URL without a page rule fails ``tests/ttw_safeguarding/test_access_matrix.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, TypeVar, overload

from auditlog.models import LogEntry
from django.contrib.auth import models as auth_models
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import (
    ImproperlyConfigured,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.cache import never_cache

from ttw_safeguarding.records import need_to_know, roles
from ttw_safeguarding.records.models import Decision
from ttw_safeguarding.records.permissions import (
    NAMESPACE_RULES as NAMESPACE_RULES,
)
from ttw_safeguarding.records.permissions import (
    Predicate as Predicate,
)
from ttw_safeguarding.records.permissions import (
    can_grant_roles as can_grant_roles,
)
from ttw_safeguarding.records.permissions import (
    can_handle_media as can_handle_media,
)
from ttw_safeguarding.records.permissions import (
    can_manage_accounts as can_manage_accounts,
)
from ttw_safeguarding.records.permissions import (
    can_manage_cases as can_manage_cases,
)
from ttw_safeguarding.records.permissions import (
    can_manage_clubs as can_manage_clubs,
)
from ttw_safeguarding.records.permissions import (
    can_record_cmg_decision as can_record_cmg_decision,
)
from ttw_safeguarding.records.permissions import (
    can_record_concern as can_record_concern,
)
from ttw_safeguarding.records.permissions import (
    can_record_media_approach as can_record_media_approach,
)
from ttw_safeguarding.records.permissions import (
    can_review_decisions as can_review_decisions,
)
from ttw_safeguarding.records.permissions import (
    can_review_nso_decisions as can_review_nso_decisions,
)
from ttw_safeguarding.records.permissions import (
    can_see_club_records as can_see_club_records,
)
from ttw_safeguarding.records.permissions import (
    can_use_admin as can_use_admin,
)
from ttw_safeguarding.records.permissions import (
    can_use_review_queue as can_use_review_queue,
)
from ttw_safeguarding.records.permissions import (
    can_view_audit_log as can_view_audit_log,
)
from ttw_safeguarding.records.permissions import (
    can_view_restricted as can_view_restricted,
)
from ttw_safeguarding.records.permissions import (
    has_any_role as has_any_role,
)
from ttw_safeguarding.records.permissions import (
    is_club_welfare_officer as is_club_welfare_officer,
)
from ttw_safeguarding.records.permissions import (
    is_regional_welfare_officer as is_regional_welfare_officer,
)
from ttw_safeguarding.records.permissions import (
    role_names as role_names,
)
from ttw_safeguarding.records.permissions import (
    role_permissions as role_permissions,
)
from ttw_safeguarding.records.permissions import (
    signed_in as signed_in,
)
from ttw_safeguarding.records.security import hold_at_second_factor

User = AbstractBaseUser | AnonymousUser
V = TypeVar("V", bound=Callable[..., HttpResponseBase])
D = TypeVar("D", bound=Decision)
M = TypeVar("M", bound=Model)


# --- decisions ------------------------------------------------------------------


@overload
def decisions_visible_to(user: Any) -> QuerySet[Decision]: ...


@overload
def decisions_visible_to(user: Any, model: type[D]) -> QuerySet[D]: ...


def decisions_visible_to(user: Any, model: type[Decision] = Decision) -> QuerySet[Any]:
    """Every decision the user may see (restricted ones only by NSO or need-to-know).

    ``model`` narrows it to one decision type, filtered on its own table rather than
    through a list of every visible decision's id.
    """
    qs: QuerySet[Any] = model.objects.all()
    if not has_any_role(user):
        return qs.none()
    if can_manage_cases(user):
        # P6.6: restricted records only for the NSO or the people named on them.
        return qs.filter(
            need_to_know.visible(user, sees_every_restricted_record=can_view_restricted(user))
        )
    # Staff, CMG members and administrators: only their own submissions, plus
    # restricted records naming them and whatever their role adds below.
    visible = Q(recorded_by=user) | need_to_know.named_on(user)
    for extra in EXTRA_DECISION_VISIBILITY:
        visible |= extra(user)
    if model is Decision:
        return qs.filter(visible)
    # The extra rules are written over Decision (they may follow its reverse relations).
    return qs.filter(pk__in=Decision.objects.filter(visible).values("pk"))


# What a role may see beyond its own submissions: a function of the user returning a
# condition over Decision (it may follow Decision's reverse relations). Each app adds
# its own from its AppConfig.ready() (register_decision_visibility), e.g. CMG members
# and the cases put to them.
VisibilityRule = Callable[[Any], Q]
EXTRA_DECISION_VISIBILITY: list[VisibilityRule] = []


def register_decision_visibility(rule: VisibilityRule) -> None:
    """Add ``rule`` to what users may see of decisions (once, however often called)."""
    if rule not in EXTRA_DECISION_VISIBILITY:
        EXTRA_DECISION_VISIBILITY.append(rule)


def decision_for_user(user: Any, code: Any) -> Decision:
    """The decision with ``code`` as its own type, or 404 if the user may not see it."""
    try:
        decision: Decision = decisions_visible_to(user).get(code=code)
    except (Decision.DoesNotExist, ValueError) as exc:
        raise Http404("No such record") from exc
    return decision.typed()


# --- records of any app ---------------------------------------------------------


def case_url_for(user: Any, case: Any) -> str:
    """Link to ``case`` for a user who may open it, else an empty string."""
    from django.urls import NoReverseMatch, reverse

    if not can_manage_cases(user):
        return ""
    try:
        return reverse("cases:detail", args=[case.code])
    except NoReverseMatch:
        return ""


def by_code(qs: QuerySet[M], code: Any) -> M:
    """The record of ``qs`` with ``code``; 404 when absent, not visible, or not a code."""
    try:
        return qs.get(code=code)
    except (ObjectDoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such record") from exc


def users_with_permission(codename: str) -> QuerySet[auth_models.User]:
    """Active users holding ``codename`` through a role, as ``_has`` decides (neither a
    superuser flag nor a permission given to the account directly counts)."""
    from django.contrib.auth import get_user_model

    by_group = Q(groups__permissions__codename=codename)
    return get_user_model().objects.filter(is_active=True).filter(by_group).distinct()


def users_who_manage_cases() -> QuerySet:
    """Active officers and NSOs: who is told of new concerns and may own a case."""
    return users_with_permission(roles.MANAGE_CASES).order_by("first_name", "last_name", "username")


# --- people a record goes to -----------------------------------------------------


def need_to_know_candidates() -> QuerySet:
    """People within TTW who may be named as needing to know a restricted record (P6.6)."""
    return need_to_know.candidates()


# --- audit of reads -------------------------------------------------------------


def log_access(user: Any, instance: Any, *, reason: str = "", what: str = "") -> None:
    """Write a read of ``instance`` to the audit log as an access, with the user."""
    data: dict[str, str] = {}
    if reason:
        data["reason"] = reason
    if what:
        data["what"] = what
    LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=user if user.is_authenticated else None,
        additional_data=data or None,
    )


# --- page rules -----------------------------------------------------------------

# Each app adds the rules of its own pages from its AppConfig.ready()
# (register_page_rules); these are the core's.
PAGE_RULES: dict[str, Predicate] = {
    "home": signed_in,
    "notifications": signed_in,
    # A person's own notifications only (alerts.notification_for_user: 404 otherwise).
    "alerts:open": signed_in,
    "alerts:read": signed_in,
    "alerts:read_all": signed_in,
    "alerts:settings": signed_in,
    # Whether a decision may be seen is decided per record (decision_for_user): 404.
    "decisions:detail": signed_in,
    "decisions:report": signed_in,
    "decisions:amend": can_manage_cases,
    "audit:log": can_view_audit_log,
    # Evidence files: officers and the NSO attach them to a record they may see; whether a
    # file may be read is decided per file and per record it is on (evidence module): 404.
    "evidence:add": can_manage_cases,
    "evidence:download": signed_in,
    "evidence:thumbnail": signed_in,
    # Every role holder searches; each source answers only with what they may open.
    "search:results": has_any_role,
    "accounts:roles": can_grant_roles,
    "accounts:role_request_decide": can_grant_roles,
    "accounts:second_factor_reset": can_grant_roles,
    # two-factor sign-in: reachable before the second factor (security.SECOND_FACTOR_PAGES)
    "two_factor:setup": signed_in,
    "two_factor:verify": signed_in,
    "two_factor:backup_codes": signed_in,
}


# URL names reachable without signing in.
PUBLIC_PAGES = {"login", "logout", "health"}


def register_page_rules(rules: Mapping[str, Predicate]) -> None:
    """Declare who may use an app's pages (called from the app's ``AppConfig.ready``).

    A URL name has one rule: declaring a different rule for a name already declared is
    a configuration error, not a silent override.
    """
    for url_name, rule in rules.items():
        known = PAGE_RULES.get(url_name)
        if known is not None and known is not rule:
            raise ImproperlyConfigured(f"Page rule for {url_name!r} declared twice.")
        PAGE_RULES[url_name] = rule


class AuthenticatedHttpRequest(HttpRequest):
    """The request a view behind ``page`` receives: ``login_required`` lets no anonymous
    user through, so its ``user`` is an account."""

    user: auth_models.User


def page(url_name: str) -> Callable[[V], V]:
    """Apply ``PAGE_RULES[url_name]`` to a view (and never cache what it returns).

    The rule is looked up on each request, so a view module may be imported before
    its app has declared its rules; a view without a rule refuses every request.
    """

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            rule = PAGE_RULES.get(url_name)
            if rule is None:
                raise ImproperlyConfigured(f"No page rule for {url_name!r}.")
            # No record before the second factor, for the roles that need one.
            held = hold_at_second_factor(request, url_name)
            if held is not None:
                return held
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.page_rule = url_name  # type: ignore[attr-defined]
        return never_cache(login_required(wrapped))  # type: ignore[return-value]

    return decorator

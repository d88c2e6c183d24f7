"""Security middleware and the second-factor rule (SECURITY.md).

* ``SecurityHeadersMiddleware`` adds the Permissions-Policy header to every
  response and ``Cache-Control: no-store`` to every response a signed-in user
  receives that does not set its own caching (records must not be kept by a
  browser or a proxy). Content-Security-Policy comes from django-csp, the other
  headers from Django's SecurityMiddleware and XFrameOptionsMiddleware.
* ``SecondFactorMiddleware`` holds a user whose role requires two-factor
  sign-in at the second-factor step on every view, the Django admin included,
  and applies the admin's own page rule (``access.can_use_admin``). The same
  hold is applied by ``access.page`` so a page is covered even without the
  middleware.

Who must use a second factor is decided here once: every role that can see
records other than their own submissions, or manage accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django_otp import user_has_device

from ttw_safeguarding.records import permissions

# Pages a signed-in user may reach before the second factor: signing in and out,
# and the second-factor pages themselves. Nothing here shows a record.
SECOND_FACTOR_PAGES = frozenset(
    {"login", "logout", "health", "two_factor:setup", "two_factor:verify"}
)


def is_privileged(user: Any) -> bool:
    """Roles that reach records beyond their own submissions, or accounts."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    if permissions.can_manage_cases(user):
        return True
    if permissions.can_record_cmg_decision(user):
        return True
    if permissions.can_review_nso_decisions(user):
        return True
    return permissions.can_manage_accounts(user)


def second_factor_required(user: Any) -> bool:
    """Officers, the NSO, CMG members and administrators, whenever TTW_REQUIRE_2FA is on."""
    if not settings.TTW_REQUIRE_2FA:
        return False
    return is_privileged(user)


def is_verified(user: Any) -> bool:
    """Whether this session passed the second factor (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def second_factor_pending(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    if not second_factor_required(user):
        return False
    return not is_verified(user)


def hold_at_second_factor(request: HttpRequest, view_name: str | None) -> HttpResponse | None:
    """A redirect to the second-factor step if ``request`` must pass it first, else None."""
    if view_name in SECOND_FACTOR_PAGES:
        return None
    if not second_factor_pending(request.user):
        return None
    # Enrol first if there is no confirmed device yet, otherwise verify.
    step = "two_factor:verify" if user_has_device(request.user) else "two_factor:setup"
    return redirect_to_login(request.get_full_path(), login_url=reverse(step))


def client_ip_address(request: HttpRequest) -> str:
    """The client's address for lock-out: behind TTW_PROXY_COUNT trusted proxies, the
    X-Forwarded-For entry the outermost of them appended; a client cannot forge it,
    because entries it sends itself sit further left."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TTW_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        view_name = match.view_name if match else None
        for namespace, rule in permissions.NAMESPACE_RULES.items():
            # The admin is its own page rule: the system administrator only (is_staff).
            if match is None or namespace not in match.namespaces:
                continue
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not rule(request.user):
                raise PermissionDenied
        return hold_at_second_factor(request, view_name)

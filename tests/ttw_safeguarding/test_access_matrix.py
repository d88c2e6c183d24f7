"""The access matrix: every URL of the URLconf, for anonymous and every persona.

Generated from the URLconf: a URL name without a page rule in ``access.PAGE_RULES``
(or ``PUBLIC_PAGES``, or a namespace rule) fails, and so does one without an entry
in ``tests/ttw_safeguarding/access_registry.py`` saying who gets what from it.
For each entry and persona the answer must be exactly the one registered: a
redirect to sign in for anonymous, 403 where the page rule refuses, 404 where the
record may not be seen (identical to a record that does not exist), and the page
(or the view's redirect) where allowed. Every answer to a signed-in user is
``Cache-Control: no-store``, and every answer carries the security headers and
no inline script or style (``test_security_headers.header_problems``).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, resolve, reverse

from media_contacts import access as media_access
from tests.ttw_safeguarding.access_registry import (
    LOGIN,
    NAMESPACE_REGISTRY,
    PERSONAS,
    REGISTRY,
    SIGNED_IN,
    UNKNOWN,
    Route,
    World,
)
from tests.ttw_safeguarding.test_security_headers import header_problems
from ttw_safeguarding.records import access
from ttw_safeguarding.records.models import Decision

pytestmark = pytest.mark.django_db

REGISTER_HINT = (
    "register it in REGISTRY in tests/ttw_safeguarding/access_registry.py (who gets what, "
    "and a World builder for any record it needs)"
)


def url_names() -> list[tuple[str, tuple[str, ...]]]:
    """Every named URL as (name with namespaces, namespaces)."""
    return [(name, namespaces) for name, namespaces, _ in _url_patterns()]


def _url_patterns() -> list[tuple[str, tuple[str, ...], dict[str, Any]]]:
    """Every named URL as (name, namespaces, sample kwargs for its converters)."""
    found: list[tuple[str, tuple[str, ...], dict[str, Any]]] = []

    def walk(patterns: Any, namespaces: tuple[str, ...], converters: dict[str, Any]) -> None:
        for p in patterns:
            here = {**converters, **getattr(p.pattern, "converters", {})}
            if hasattr(p, "url_patterns"):
                inner = (*namespaces, p.namespace) if p.namespace else namespaces
                walk(p.url_patterns, inner, here)
            elif p.name:
                found.append((":".join((*namespaces, p.name)), namespaces, here))

    walk(get_resolver().url_patterns, (), {})
    return found


def _sample_kwargs(converters: dict[str, Any]) -> dict[str, Any]:
    samples = {"UUIDConverter": UNKNOWN, "IntConverter": 1}
    return {key: samples.get(type(conv).__name__, "x") for key, conv in converters.items()}


def _namespace_rule(namespaces: tuple[str, ...]) -> str | None:
    for ns in namespaces:
        if ns in access.NAMESPACE_RULES:
            return ns
    return None


def test_every_url_has_a_rule_and_a_matrix_entry():
    problems = []
    for name, namespaces in url_names():
        ns = _namespace_rule(namespaces)
        if ns is not None:
            if ns not in NAMESPACE_REGISTRY:
                problems.append(f"namespace {ns}: add it to NAMESPACE_REGISTRY")
            continue
        if name not in access.PAGE_RULES and name not in access.PUBLIC_PAGES:
            problems.append(f"{name}: no rule in access.PAGE_RULES (or access.PUBLIC_PAGES)")
        if name not in REGISTRY:
            problems.append(f"{name}: not in the access matrix; {REGISTER_HINT}")
    assert not problems, "\n".join(problems)


def test_the_matrix_lists_no_url_that_does_not_exist():
    names = {name for name, _ in url_names()}
    stale = sorted(set(REGISTRY) - names)
    assert not stale, f"REGISTRY entries for URLs that no longer exist: {stale}"


def test_every_guarded_view_applies_its_own_page_rule():
    """``@access.page(name)`` on the view of ``name``: not a neighbour's rule, not none."""
    problems = []
    for name, namespaces, converters in _url_patterns():
        if name in access.PUBLIC_PAGES or _namespace_rule(namespaces):
            continue
        path = reverse(name, kwargs=_sample_kwargs(converters))
        rule = getattr(resolve(path).func, "page_rule", None)
        if rule != name:
            problems.append(f"{name}: view is guarded by {rule!r}; use @access.page({name!r})")
    assert not problems, "\n".join(problems)


# --- the matrix -----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    # Nine personas per URL: Argon2's deliberate slowness is tested elsewhere
    # (test_security_sign_in.py), not paid here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(request, django_capture_on_commit_callbacks) -> World:
    users = {p: request.getfixturevalue(p) for p in SIGNED_IN}
    return World(users=users, capture=django_capture_on_commit_callbacks)


def _clients(world: World) -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for persona in SIGNED_IN:
        c = Client()
        c.force_login(world[persona])
        clients[persona] = c
    return clients


def _unknown(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {k: (UNKNOWN if isinstance(v, uuid.UUID) else v) for k, v in kwargs.items()}


def _answer(response: Any) -> str:
    location = response.get("Location", "")
    return f"{response.status_code}{' -> ' + location if location else ''}"


def _check(
    problems: list[str], where: str, persona: str, response: Any, expected: int, public: bool
) -> None:
    if response.status_code != expected:
        problems.append(f"{where} as {persona}: expected {expected}, got {_answer(response)}")
        return
    if persona == "anonymous" and expected == LOGIN and not public:
        if not response["Location"].startswith(reverse("login")):
            problems.append(f"{where} as anonymous: redirected to {response['Location']}")
    if persona != "anonymous" and "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"{where} as {persona}: no Cache-Control: no-store")
    problems.extend(f"{where} as {persona}: {p}" for p in header_problems(response))


def _refusal_or(expected: int, otherwise: int, persona: str, anonymous: int) -> int:
    """The same refusal (403/404) as the registered answer, else ``otherwise``."""
    if persona == "anonymous":
        return anonymous
    if expected in (403, 404):
        return expected
    return otherwise


def walk_route(name: str, entry: Route, world: World) -> list[str]:
    """Every persona against every scenario of ``name``; returns what went wrong."""
    problems: list[str] = []
    public = name in access.PUBLIC_PAGES
    clients = _clients(world)
    for scenario in entry.scenarios:
        kwargs = scenario.kwargs(world) if scenario.kwargs else None
        url = reverse(name, kwargs=kwargs)
        where = f"{name} [{scenario.label}] GET {url}"
        expect = {"anonymous": scenario.anonymous, **scenario.expect}
        missing = set(PERSONAS) - set(expect)
        assert not missing, f"{name}: no expectation for {sorted(missing)}"
        for persona in PERSONAS:
            response = clients[persona].get(url)
            _check(problems, where, persona, response, expect[persona], public)
        if kwargs and any(isinstance(v, uuid.UUID) for v in kwargs.values()):
            # A record the user may not see answers exactly like one that does not exist.
            unknown_url = reverse(name, kwargs=_unknown(kwargs))
            for persona in PERSONAS:
                wanted = _refusal_or(expect[persona], 404, persona, scenario.anonymous)
                response = clients[persona].get(unknown_url)
                _check(problems, f"{name} unknown code", persona, response, wanted, public)
        if entry.mutating:
            for persona in PERSONAS:
                before = Decision.objects.count()
                response = clients[persona].post(url, {})
                wanted = _refusal_or(expect[persona], entry.post_ok, persona, scenario.anonymous)
                _check(
                    problems, f"{name} [{scenario.label}] POST", persona, response, wanted, public
                )
                if Decision.objects.count() != before:
                    problems.append(f"{name} POST as {persona}: an empty form recorded something")
    return problems


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_access_matrix(name, world):
    problems = walk_route(name, REGISTRY[name], world)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("namespace", sorted(NAMESPACE_REGISTRY))
def test_access_matrix_namespace(namespace, world):
    """The admin: the system administrator only (is_staff); anyone else signed in, 403."""
    name, entry = NAMESPACE_REGISTRY[namespace]
    problems = walk_route(name, entry, world)
    assert not problems, "\n".join(problems)


def test_admin_refuses_an_account_manager_who_is_not_is_staff(client_for, make_user):
    from ttw_safeguarding.records import roles

    not_staff = make_user("ivan", roles.SYSADMIN)
    assert client_for(not_staff).get(reverse("admin:index")).status_code == 403


def test_a_changed_role_refuses_at_the_next_request(world, client_for):
    """Olivia, an officer made Staff: what she opened a moment ago is refused on her next
    request (roles are read per request, never kept from sign-in)."""
    from django.contrib.auth.models import Group

    from ttw_safeguarding.records import roles

    olivia = world["officer"]
    c = client_for(olivia)
    case_url = reverse("cases:detail", kwargs={"code": world.case.code})
    triage_url = reverse("cases:triage", kwargs={"code": world.concern.code})
    assert c.get(case_url).status_code == 200
    assert c.get(triage_url).status_code == 200

    olivia.groups.set([Group.objects.get(name=roles.STAFF)])

    assert c.get(case_url).status_code == 403
    assert c.get(triage_url).status_code == 403
    assert c.get(reverse("cases:concern_new")).status_code == 200

    # Nadia, an NSO made an officer: the audit log and the review queue are closed to her.
    nadia = world["nso"]
    n = client_for(nadia)
    assert n.get(reverse("audit:log")).status_code == 200
    nadia.groups.set([Group.objects.get(name=roles.OFFICER)])
    assert n.get(reverse("audit:log")).status_code == 403
    assert n.get(reverse("sharing:review_queue")).status_code == 403
    assert n.get(case_url).status_code == 200


def test_a_superuser_flag_alone_reaches_no_record(world):
    """Uma, superuser with no role: every predicate of the access module says no."""
    uma = world["superuser"]
    for predicate in (
        access.can_manage_cases,
        access.can_review_decisions,
        access.can_handle_media,
        access.can_view_restricted,
        access.can_view_audit_log,
        access.can_record_cmg_decision,
        access.can_record_concern,
    ):
        assert not predicate(uma), predicate.__name__
    assert access.can_use_admin(uma)
    assert world.referral not in access.decisions_visible_to(uma)
    assert uma not in access.users_who_manage_cases()
    assert uma not in media_access.users_who_handle_media()

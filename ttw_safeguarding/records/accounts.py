"""Accounts and roles: who may grant a role, the audit of every change, and accounts
that are deactivated, never deleted (SECURITY.md, "Accounts and roles").

* A role whose permissions see case content (``roles.sees_case_content``) is granted
  only by a National Safeguarding Officer (``roles.GRANT_ROLES``), directly or by
  confirming a system administrator's ``RoleRequest``; nobody grants themselves any role.
* Every change to an account's roles, permissions, active, staff or superuser status,
  by any path (admin, application, shell, management command), is caught at the model
  level (``pre_save``/``post_save`` and ``m2m_changed`` receivers below) and written to
  the audit log with the actor and the before and after; every NSO is told in-app and
  by an e-mail that carries only a link.
* An account that appears in any record or audit entry cannot be deleted
  (``pre_delete``): it is deactivated instead.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from auditlog.context import auditlog_disabled
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils import timezone

from ttw_safeguarding.records import access, roles
from ttw_safeguarding.records.models import Decision, EnrolmentCode, RoleRequest
from ttw_safeguarding.records.notifications import notify
from ttw_safeguarding.records.security import is_privileged

User = get_user_model()

NOT_YOURSELF = "Nobody can change their own roles or second factor: ask another person to."
NSO_ONLY = (
    "This role sees case content: only a National Safeguarding Officer grants it, "
    "or confirms a request for it."
)
NOT_ALLOWED = "You may not change roles."
ALREADY_HELD = "This person already has that role."
ALREADY_REQUESTED = "This role is already requested for this person and waits for an NSO."
REQUEST_ONLY_CONTENT = "This role sees no case content: give it in the account's page instead."
REQUEST_DECIDED = "This request was already decided."
NSO_RESETS = (
    "This person's role sees case content: only a National Safeguarding Officer resets "
    "their second factor."
)
ACCOUNT_IN_USE = (
    "This account appears in records or in the audit log, so it cannot be deleted: "
    "deactivate it instead (untick Active)."
)

# Set while a service of this module grants a role that sees case content, so that the
# model-level guard below lets exactly that grant through.
_granting: ContextVar[bool] = ContextVar("ttw_granting_role", default=False)


# --- which roles ----------------------------------------------------------------


def case_content_roles() -> QuerySet[Group]:
    """Roles holding any permission beyond own submissions and accounts."""
    safe = Q()
    for full in roles.NO_CASE_CONTENT_PERMISSIONS:
        app_label, codename = full.split(".")
        safe |= Q(content_type__app_label=app_label, codename=codename)
    seeing = Permission.objects.exclude(safe)
    return Group.objects.filter(permissions__in=seeing).distinct()


def role_sees_case_content(role: Group) -> bool:
    return case_content_roles().filter(pk=role.pk).exists()


def roles_without_case_content() -> QuerySet[Group]:
    return Group.objects.exclude(pk__in=case_content_roles().values("pk")).order_by("name")


can_grant_roles = access.can_grant_roles


def nsos() -> QuerySet:
    return access.users_with_permission(roles.GRANT_ROLES).order_by("pk")


# --- the actor ------------------------------------------------------------------


# Who is acting: set for each request by ``ActorMiddleware`` and by the services below;
# unset in a shell or management command. (django-auditlog's own context variable is
# not reset after a request, so it cannot say who acts now.)
_actor: ContextVar[Any] = ContextVar("ttw_actor", default=None)


def current_actor() -> Any:
    """The signed-in user of the request, or the actor of the running service; None in a
    shell or management command (audited as "system")."""
    actor = _actor.get()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    actor = getattr(actor, "_wrapped", actor)  # the user behind request.user's lazy object
    if isinstance(actor, User) and actor.pk is not None:
        return actor
    return None


class ActorMiddleware:
    """Makes the signed-in user the actor of every account change the request makes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # request.user as it is (lazy): nothing is looked up unless an account changes.
        token = _actor.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)


@contextlib.contextmanager
def _as_actor(actor: Any) -> Iterator[None]:
    granting = _granting.set(True)
    acting = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(acting)
        _granting.reset(granting)


# --- services -------------------------------------------------------------------


def _refuse_self(*, user: Any, actor: Any) -> None:
    if actor.pk == user.pk:
        raise ValidationError(NOT_YOURSELF)


@transaction.atomic
def role_grant(*, user: Any, role: Group, actor: Any) -> str | None:
    """Give ``user`` the ``role``. A role that sees case content only by an NSO.

    Returns a new second-factor enrolment code when the role needs one and the person has
    no second factor yet (to show once to ``actor``), else None.
    """
    _refuse_self(user=user, actor=actor)
    if role_sees_case_content(role):
        if not can_grant_roles(actor):
            raise ValidationError(NSO_ONLY)
    elif not (can_grant_roles(actor) or access.can_manage_accounts(actor)):
        raise ValidationError(NOT_ALLOWED)
    if user.groups.filter(pk=role.pk).exists():
        raise ValidationError(ALREADY_HELD)
    with _as_actor(actor):
        user.groups.add(role)
    return enrolment_code_if_needed(user=user, actor=actor)


@transaction.atomic
def role_remove(*, user: Any, role: Group, actor: Any) -> None:
    """Take ``role`` from ``user``: an NSO, or the administrator for a role without case
    content."""
    _refuse_self(user=user, actor=actor)
    if not can_grant_roles(actor):
        if role_sees_case_content(role) or not access.can_manage_accounts(actor):
            raise ValidationError(NSO_ONLY)
    with _as_actor(actor):
        user.groups.remove(role)


@transaction.atomic
def role_request_create(*, user: Any, role: Group, actor: Any) -> RoleRequest:
    """The system administrator asks that ``user`` be given ``role``; every NSO is told."""
    _refuse_self(user=user, actor=actor)
    if not access.can_manage_accounts(actor):
        raise ValidationError(NOT_ALLOWED)
    if not role_sees_case_content(role):
        raise ValidationError(REQUEST_ONLY_CONTENT)
    if user.groups.filter(pk=role.pk).exists():
        raise ValidationError(ALREADY_HELD)
    pending = RoleRequest.objects.filter(user=user, role=role, state=RoleRequest.State.PENDING)
    if pending.exists():
        raise ValidationError(ALREADY_REQUESTED)
    request = RoleRequest(user=user, role=role, requested_by=actor)
    request.full_clean()
    request.save()
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        actor=actor,
        changes={"role requested": ["", role.name]},
        additional_data={"what": "role requested", "role": role.name},
    )
    notify(
        nsos(),
        message="A role that sees case content is requested for an account.",
        path=reverse("accounts:roles"),
        email_subject="A role request waits for you",
        topic=f"ttw_safeguarding.RoleRequest:{request.code}",
    )
    return request


def _pending_request_locked(role_request: RoleRequest) -> RoleRequest:
    # Two NSOs deciding at once: the row lock makes the second one see the first's decision.
    locked = RoleRequest.objects.select_for_update().get(pk=role_request.pk)
    if locked.state != RoleRequest.State.PENDING:
        raise ValidationError(REQUEST_DECIDED)
    return locked


@transaction.atomic
def role_request_confirm(*, role_request: RoleRequest, actor: Any) -> str | None:
    """An NSO confirms a request: the role is granted (returns an enrolment code, as
    ``role_grant``)."""
    locked = _pending_request_locked(role_request)
    if not can_grant_roles(actor):
        raise ValidationError(NSO_ONLY)
    _refuse_self(user=locked.user, actor=actor)
    if locked.requested_by_id == actor.pk:
        raise ValidationError(NOT_YOURSELF)
    code = role_grant(user=locked.user, role=locked.role, actor=actor)
    RoleRequest.objects.filter(pk=locked.pk).update(
        state=RoleRequest.State.CONFIRMED, decided_by=actor, decided_at=timezone.now()
    )
    return code


@transaction.atomic
def role_request_decline(*, role_request: RoleRequest, actor: Any) -> None:
    locked = _pending_request_locked(role_request)
    if not can_grant_roles(actor):
        raise ValidationError(NSO_ONLY)
    RoleRequest.objects.filter(pk=locked.pk).update(
        state=RoleRequest.State.DECLINED, decided_by=actor, decided_at=timezone.now()
    )
    LogEntry.objects.log_create(
        locked.user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        actor=actor,
        changes={"role request declined": [locked.role.name, ""]},
        additional_data={"what": "role request declined", "role": locked.role.name},
    )


def pending_role_requests() -> QuerySet[RoleRequest]:
    return RoleRequest.objects.filter(state=RoleRequest.State.PENDING).select_related(
        "user", "role", "requested_by"
    )


# --- second-factor enrolment codes ------------------------------------------------

ENROLMENT_CODE_WRONG = "That enrolment code is not right, has been used, or has expired."


def _new_code() -> str:
    # 20 characters of base32 (100 bits), in groups of four to read out over the phone.
    raw = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(20))
    return "-".join(raw[i : i + 4] for i in range(0, 20, 4))


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


@transaction.atomic
def enrolment_code_issue(*, user: Any, actor: Any) -> str:
    """A fresh one-time enrolment code for ``user`` (returned once, stored hashed); any
    earlier unused code stops working."""
    now = timezone.now()
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    code = _new_code()
    EnrolmentCode.objects.create(
        user=user,
        code_hash=make_password(_normalised(code)),
        issued_by=actor,
        issued_at=now,
        expires_at=now + timedelta(hours=settings.TTW_ENROLMENT_CODE_HOURS),
    )
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        actor=actor,
        changes={"second-factor enrolment code": ["", "issued"]},
        additional_data={"what": "second-factor enrolment code issued"},
    )
    return code


@transaction.atomic
def enrolment_code_redeem(*, user: Any, code: str) -> bool:
    """Use ``code`` for ``user``'s enrolment: True once, for a code that is theirs, unused
    and unexpired; never again."""
    candidates = EnrolmentCode.objects.select_for_update().filter(
        user=user, used_at__isnull=True, expires_at__gt=timezone.now()
    )
    for candidate in candidates:
        if check_password(_normalised(code), candidate.code_hash):
            EnrolmentCode.objects.filter(pk=candidate.pk).update(used_at=timezone.now())
            return True
    return False


def holds_case_content_role(user: Any) -> bool:
    return user.groups.filter(pk__in=case_content_roles().values("pk")).exists()


def _may_issue_codes_for(user: Any, actor: Any) -> bool:
    """An NSO for anyone; the administrator only for accounts without a role that sees case
    content (else resetting a password and a second factor would open the records)."""
    if can_grant_roles(actor):
        return True
    if not access.can_manage_accounts(actor):
        return False
    return not holds_case_content_role(user)


def enrolment_code_if_needed(*, user: Any, actor: Any) -> str | None:
    from django_otp import user_has_device

    if not is_privileged(user):
        return None
    if not _may_issue_codes_for(user, actor):
        return None  # the NSO who granted the role was shown the code
    if user_has_device(user, confirmed=True):
        return None
    return enrolment_code_issue(user=user, actor=actor)


@transaction.atomic
def second_factor_reset(*, user: Any, actor: Any) -> str:
    """Lost phone: remove ``user``'s authenticator and backup codes and issue a fresh
    enrolment code (shown once to ``actor``). An NSO or the system administrator."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _refuse_self(user=user, actor=actor)
    if not _may_issue_codes_for(user, actor):
        raise ValidationError(NSO_RESETS)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        actor=actor,
        changes={"second factor": ["enrolled", "reset"]},
        additional_data={"what": "second factor reset"},
    )
    _tell_nsos()
    return enrolment_code_issue(user=user, actor=actor)


# --- model-level audit of every account change ----------------------------------

_STATUS_FIELDS = ("is_active", "is_staff", "is_superuser")


def _tell_nsos() -> None:
    # No detail: what happened is in the audit log, which only NSOs read.
    notify(
        nsos(),
        message="An account's roles, permissions or status changed.",
        path=reverse("audit:log"),
        email_subject="An account changed in Safeguarding Records",
    )


def _log_account_change(user: Any, field: str, before: Any, after: Any) -> None:
    actor = current_actor()
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        actor=actor,
        changes={field: [str(before), str(after)]},
        additional_data={"what": f"{field} changed", "before": before, "after": after},
    )


def _not_audited(**kwargs: Any) -> bool:
    # Fixture loading, and django-auditlog's own switch (``disable_auditlog``), which
    # silences every audit entry, decisions' included: the same switch, not a new one.
    return bool(kwargs.get("raw")) or auditlog_disabled.get()


def _status_before(sender: Any, instance: Any, **kwargs: Any) -> None:
    if _not_audited(**kwargs):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not set(update_fields) & set(_STATUS_FIELDS):
        instance._ttw_status_before = {f: getattr(instance, f) for f in _STATUS_FIELDS}
        return  # e.g. last_login at sign-in: no status can change
    before = None
    if instance.pk is not None:
        before = sender.objects.filter(pk=instance.pk).values(*_STATUS_FIELDS).first()
    instance._ttw_status_before = before


def _status_after(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if _not_audited(**kwargs):
        return
    before = getattr(instance, "_ttw_status_before", None)
    if before is None:
        # A new account: its status is a change only when it is more than a plain account.
        before = {"is_active": True, "is_staff": False, "is_superuser": False}
    changed = False
    for field in _STATUS_FIELDS:
        now = bool(getattr(instance, field))
        if bool(before[field]) != now:
            _log_account_change(instance, field, bool(before[field]), now)
            changed = True
    instance._ttw_status_before = {f: getattr(instance, f) for f in _STATUS_FIELDS}
    if changed:
        _tell_nsos()


_M2M_ACTIONS = frozenset(
    {"pre_add", "post_add", "pre_remove", "post_remove", "pre_clear", "post_clear"}
)


def _names(qs: QuerySet, attribute: str) -> list[str]:
    return sorted(qs.values_list(attribute, flat=True))


def _user_roles_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    _m2m_changed(instance, action, reverse, pk_set, field="roles", related=Group, label="name")


def _user_permissions_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    _m2m_changed(
        instance, action, reverse, pk_set, field="permissions", related=Permission, label="codename"
    )


def _m2m_changed(
    instance: Any, action: str, reverse: bool, pk_set: Any, *, field: str, related: Any, label: str
) -> None:
    if action not in (
        "pre_add",
        "post_add",
        "pre_remove",
        "post_remove",
        "pre_clear",
        "post_clear",
    ):
        return
    # From the other side (group.user_set.add(user)) the instance is the role and pk_set
    # the accounts; otherwise the instance is the account.
    if reverse:
        users = list(User.objects.filter(pk__in=pk_set or ()))
        if action.endswith("clear"):
            users = list(User.objects.filter(**{f"{_m2m_name(field)}": instance}))
    else:
        users = [instance]
    for user in users:
        manager = getattr(user, _m2m_name(field))
        if action.startswith("pre_"):
            if action == "pre_add":
                _guard_grant(user, instance if reverse else None, pk_set, field)
            if auditlog_disabled.get():
                continue
            # Kept on the instance from the pre_ signal to the post_ one.
            user._ttw_m2m_before = {  # type: ignore[attr-defined]
                **getattr(user, "_ttw_m2m_before", {}),
                field: _names(manager.all(), label),
            }
            continue
        if auditlog_disabled.get():
            continue
        before = getattr(user, "_ttw_m2m_before", {}).pop(field, None)
        after = _names(manager.all(), label)
        if before is None or before == after:
            continue
        _log_account_change(user, field, ", ".join(before), ", ".join(after))
        # A changed role applies from the next request: drop what this object cached.
        for cached in ("_ttw_roles", "_ttw_role_permissions", "_perm_cache", "_group_perm_cache"):
            user.__dict__.pop(cached, None)
        _tell_nsos()


def _m2m_name(field: str) -> str:
    return "groups" if field == "roles" else "user_permissions"


def _guard_grant(user: Any, role: Any, pk_set: Any, field: str) -> None:
    """Refuse, for any path with a signed-in actor, a grant to oneself, and a role that
    sees case content given outside this module's services (which check for an NSO)."""
    actor = current_actor()
    if actor is None:
        return  # a shell or management command: audited as "system"
    if actor.pk == user.pk:
        raise ValidationError(NOT_YOURSELF)
    if field != "roles":
        raise ValidationError(NOT_ALLOWED)  # raw permissions: roles only
    added = [role] if role is not None else list(Group.objects.filter(pk__in=pk_set or ()))
    if _granting.get():
        return
    if any(role_sees_case_content(group) for group in added):
        raise ValidationError(NSO_ONLY)


# --- accounts are deactivated, never deleted (point of record) ------------------


def account_in_use(user: Any) -> bool:
    """Whether the account appears in any record or audit entry (records point at accounts
    with PROTECT, so the database refuses those deletions too)."""
    if LogEntry.objects.filter(actor=user).exists():
        return True
    about_accounts = LogEntry.objects.filter(
        content_type__app_label=user._meta.app_label, content_type__model=user._meta.model_name
    )
    if about_accounts.filter(object_pk=str(user.pk)).exists():
        return True
    return Decision.objects.filter(recorded_by=user).exists()


def _refuse_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    if account_in_use(instance):
        raise ProtectedError(ACCOUNT_IN_USE, {instance})


# --- who acted, kept on every audit entry ---------------------------------------


def actor_snapshot(actor: Any) -> dict[str, str]:
    name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return {"username": actor.get_username(), "name": name or actor.get_username()}


def _keep_who_acted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Store the actor's username and name (and, as django-auditlog does, e-mail) on a new
    audit entry when it is created, so it says who acted whatever later happens to the
    account. Set once, at creation: an entry is never updated."""
    if instance.pk is not None:
        return
    actor = instance.actor if instance.actor_id else current_actor()
    if actor is None:
        return
    if not instance.actor_email:
        instance.actor_email = actor.email or None
    data = dict(instance.additional_data or {})
    data.setdefault("actor", actor_snapshot(actor))
    instance.additional_data = data


def connect() -> None:
    """Connect the receivers (``RecordsConfig.ready``)."""
    pre_save.connect(_status_before, sender=User, dispatch_uid="ttw_account_status_before")
    post_save.connect(_status_after, sender=User, dispatch_uid="ttw_account_status_after")
    m2m_changed.connect(
        _user_roles_changed, sender=User.groups.through, dispatch_uid="ttw_account_roles"
    )
    m2m_changed.connect(
        _user_permissions_changed,
        sender=User.user_permissions.through,
        dispatch_uid="ttw_account_permissions",
    )
    pre_delete.connect(_refuse_delete, sender=User, dispatch_uid="ttw_account_never_deleted")
    pre_save.connect(_keep_who_acted, sender=LogEntry, dispatch_uid="ttw_audit_who_acted")

"""Every access rule of the application, in one place.

Views never query records directly: they ask this module, passing the user.
Two kinds of rule live here:

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

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from ttw_safeguarding.records import roles
from ttw_safeguarding.records.models import Decision, NeedToKnow

User = AbstractBaseUser | AnonymousUser
Predicate = Callable[[Any], bool]
V = TypeVar("V", bound=Callable[..., HttpResponse])
D = TypeVar("D", bound=Decision)


# --- who someone is -------------------------------------------------------------


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


def can_use_admin(user: Any) -> bool:
    """The Django admin: the system administrator, who must also be is_staff."""
    if not can_manage_accounts(user):
        return False
    return bool(user.is_staff)


def can_grant_roles(user: Any) -> bool:
    """National Safeguarding Officers: roles that see case content, role requests."""
    return _has(user, roles.GRANT_ROLES)


def signed_in(user: Any) -> bool:
    return bool(user.is_authenticated)


# --- decisions ------------------------------------------------------------------


def decisions_visible_to(user: Any, model: type[D] = Decision) -> QuerySet[D]:
    """Every decision the user may see (restricted ones only by NSO or need-to-know).

    ``model`` narrows it to one decision type, filtered on its own table rather than
    through a list of every visible decision's id.
    """
    qs = model.objects.all()
    if not has_any_role(user):
        return qs.none()
    if can_manage_cases(user):
        if can_view_restricted(user):
            return qs
        return qs.filter(Q(is_restricted=False) | _named_on(user))
    # Staff, CMG members and administrators: only their own submissions, plus
    # restricted records naming them and whatever their role adds below.
    visible = Q(recorded_by=user) | _named_on(user)
    for extra in EXTRA_DECISION_VISIBILITY:
        visible |= extra(user)
    if model is Decision:
        return qs.filter(visible)
    # The extra rules are written over Decision (they may follow its reverse relations).
    return qs.filter(pk__in=Decision.objects.filter(visible).values("pk"))


def _named_on(user: Any) -> Q:
    return Q(Exists(NeedToKnow.objects.filter(decision=OuterRef("pk"), user=user)))


# Apps add functions here (user -> Q over Decision) for what a role may see
# beyond its own submissions, e.g. CMG members and the cases put to them.
EXTRA_DECISION_VISIBILITY: list[Callable[[Any], Q]] = []


def decision_for_user(user: Any, code: Any) -> Decision:
    """The decision with ``code`` as its own type, or 404 if the user may not see it."""
    try:
        decision = decisions_visible_to(user).get(code=code)
    except (Decision.DoesNotExist, ValueError) as exc:
        raise Http404("No such record") from exc
    return decision.typed()


# --- cases ----------------------------------------------------------------------


def case_url_for(user: Any, case: Any) -> str:
    """Link to ``case`` for a user who may open it, else an empty string."""
    from django.urls import NoReverseMatch, reverse

    if not can_manage_cases(user):
        return ""
    try:
        return reverse("cases:detail", args=[case.code])
    except NoReverseMatch:
        return ""


def _by_code(qs: QuerySet, code: Any) -> Any:
    """The record of ``qs`` with ``code``; 404 when absent, not visible, or not a code."""
    from django.core.exceptions import ValidationError

    try:
        return qs.get(code=code)
    except (qs.model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such record") from exc


def cases_visible_to(user: Any) -> QuerySet:
    """Cases a user may open: officers and the NSO see every case; nobody else any."""
    from cases.models import Case

    if not can_manage_cases(user):
        return Case.objects.none()
    return Case.objects.all()


def case_for_user(user: Any, code: Any) -> Any:
    return _by_code(cases_visible_to(user).select_related("child", "owner"), code)


def children_visible_to(user: Any) -> QuerySet:
    """Children whose records a user may open: officers and the NSO only."""
    from cases.models import Child

    if not can_manage_cases(user):
        return Child.objects.none()
    return Child.objects.all()


def child_for_user(user: Any, code: Any) -> Any:
    return _by_code(children_visible_to(user), code)


def children_findable_by(user: Any, term: str) -> QuerySet:
    """Children an officer or the NSO may name in a concern they record, found by ``term``.

    Nobody else searches: a person who may only record concerns types the child's details,
    and an officer matches them to a known child at triage, so nothing they do tells them
    whether TTW already holds a record on a child.
    """
    from cases.models import Child

    term = term.strip()
    if not term:
        return Child.objects.none()
    if not can_manage_cases(user):
        return Child.objects.none()
    return Child.objects.filter(Q(name__icontains=term) | Q(reference__icontains=term))


def child_for_concern(user: Any, code: Any) -> Any:
    """The known child an officer or the NSO chose for a concern they record, or 404."""
    return _by_code(children_visible_to(user), code)


def concerns_submitted_by(user: Any) -> QuerySet:
    """A reporter's own concerns: all that "My submissions" shows, nothing officers add."""
    from cases.models import Concern

    if not user.is_authenticated:
        return Concern.objects.none()
    return Concern.objects.filter(recorded_by=user)


def submission_for_user(user: Any, code: Any) -> Any:
    return _by_code(concerns_submitted_by(user).select_related("child"), code)


def concerns_visible_to(user: Any) -> QuerySet:
    """Concerns an officer or the NSO may triage (through the decision visibility rule)."""
    from cases.models import Concern

    if not can_manage_cases(user):
        return Concern.objects.none()
    return decisions_visible_to(user, model=Concern)


def concern_for_user(user: Any, code: Any) -> Any:
    return _by_code(concerns_visible_to(user).select_related("child", "recorded_by"), code)


def adult_for_user(user: Any, code: Any) -> Any:
    """An adult subject to an allegation, through the case it belongs to."""
    from cases.models import AdultSubjectToAllegation

    adults = AdultSubjectToAllegation.objects.filter(case__in=cases_visible_to(user))
    return _by_code(adults.select_related("case"), code)


def users_with_permission(codename: str) -> QuerySet:
    """Active users holding ``codename`` through a role, as ``_has`` decides (neither a
    superuser flag nor a permission given to the account directly counts)."""
    from django.contrib.auth import get_user_model

    by_group = Q(groups__permissions__codename=codename)
    return get_user_model().objects.filter(is_active=True).filter(by_group).distinct()


def users_who_manage_cases() -> QuerySet:
    """Active officers and NSOs: who is told of new concerns and may own a case."""
    return users_with_permission(roles.MANAGE_CASES).order_by("first_name", "last_name", "username")


# --- sharing: consent, share decisions, NSO review --------------------------------


def share_decisions_visible_to(user: Any) -> QuerySet:
    """Share and no-share decisions the user may see (the decision rule, nothing more)."""
    from sharing.models import ShareDecision

    return decisions_visible_to(user, model=ShareDecision)


def share_decision_for_user(user: Any, code: Any) -> Any:
    """A share or no-share decision the user may see, or 404."""
    from sharing.models import ShareDecision

    try:
        return share_decisions_visible_to(user).select_related("case", "recorded_by").get(code=code)
    except (ShareDecision.DoesNotExist, ValueError) as exc:
        raise Http404("No such record") from exc


def consent_records_for_case(user: Any, case: Any) -> QuerySet:
    """Consent records of ``case`` the user may see: those a share decision may rely on."""
    from sharing.models import ConsentRecord

    visible = decisions_visible_to(user).values("pk")
    return ConsentRecord.objects.filter(case=case, pk__in=visible)


def citable_decisions_for_case(user: Any, case: Any, kinds: Any = None) -> QuerySet:
    """Records of ``case`` the user may see that a share may cite (P6.3 to P6.7)."""
    from sharing.policy import Basis

    wanted = list(kinds) if kinds is not None else list(Basis.CITES.values())
    return decisions_visible_to(user).filter(case=case, kind__in=wanted)


def may_review_share_decision(user: Any, share_decision: Any) -> bool:
    """An NSO reviews share decisions; the board safeguarding lead those an NSO made; nobody
    reviews their own."""
    from sharing.policy import may_review, reviewer_problems

    if not can_use_review_queue(user):
        return False
    if reviewer_problems(
        reviewer_is_nso=can_review_decisions(user),
        reviewer_is_board_lead=can_review_nso_decisions(user),
        decided_by_nso=can_review_decisions(share_decision.recorded_by),
    ):
        return False
    return may_review(reviewer_id=user.pk, decided_by_id=share_decision.recorded_by_id)


# --- media_contacts -------------------------------------------------------------


def media_approaches_visible_to(user: Any) -> QuerySet:
    """Media approaches a user may open (P6.12).

    The NSO, who handles them, sees every one; everyone else sees what the
    decision rule gives them: staff only the approaches they recorded.
    """
    from media_contacts.models import MediaApproach

    if can_handle_media(user):
        return MediaApproach.objects.all()
    return decisions_visible_to(user, model=MediaApproach)


def media_approach_for_user(user: Any, code: Any) -> Any:
    """A media approach the user may open, or 404."""
    from media_contacts.models import MediaApproach

    approaches = media_approaches_visible_to(user).select_related("recorded_by", "case")
    try:
        return approaches.get(code=code)
    except (MediaApproach.DoesNotExist, ValueError) as exc:
        raise Http404("No such record") from exc


def media_approaches_recorded_by(user: Any) -> QuerySet:
    """A user's own media records ("My media records"): never anyone else's."""
    return media_approaches_visible_to(user).filter(recorded_by=user)


def media_handlings_visible_to(user: Any) -> QuerySet:
    """How approaches were handled: the NSO and officers, not the person who was approached."""
    from media_contacts.models import MediaHandling

    if can_handle_media(user):
        return MediaHandling.objects.all()
    return decisions_visible_to(user, model=MediaHandling)


def users_who_handle_media() -> QuerySet:
    """Active NSOs, told at once of every media approach (P6.12).

    Only holders of the permission through a role or directly: a superuser account
    is for administration and is not sent media approaches.
    """
    return users_with_permission(roles.HANDLE_MEDIA).order_by("pk")


def _acknowledgement_of_own_approach(user: Any) -> Q:
    # P6.12: whoever was approached may see that the NSO has taken the approach on.
    return Q(mediaacknowledgement__approach__recorded_by=user)


EXTRA_DECISION_VISIBILITY.append(_acknowledgement_of_own_approach)


def _nso_decisions_for_board_lead(user: Any) -> Q:
    # The board safeguarding lead sees what reviewing the NSO's own decisions needs: share
    # decisions an NSO made (and so their written reports), never a restricted record unless
    # named on it (that is _named_on's), and nothing of the case beyond its reference.
    if not can_review_nso_decisions(user):
        return Q(pk__in=[])
    nsos = users_with_permission(roles.REVIEW_DECISIONS).values("pk")
    return Q(kind="share_decision", is_restricted=False, recorded_by__in=nsos)


EXTRA_DECISION_VISIBILITY.append(_nso_decisions_for_board_lead)


# --- sharing: statutory records -------------------------------------------------

# P6.7: the DBS and CMG items a CMG member sees on the cases put to them.
CMG_ITEM_KINDS = ("dbs_disclosure", "cmg_decision", "dbs_referral_duty")


def _cases_put_to_cmg_member(user: Any) -> Q:
    # P6.7: CMG members see the DBS and CMG items of the cases put to them, nothing else.
    from sharing.models import CmgMemberAssignment

    if not can_record_cmg_decision(user):
        return Q(pk__in=[])
    cases = CmgMemberAssignment.objects.filter(member=user).values("disclosure__case")
    return Q(kind__in=CMG_ITEM_KINDS, is_restricted=False, case__in=cases)


EXTRA_DECISION_VISIBILITY.append(_cases_put_to_cmg_member)


def can_see_cmg_items(user: Any) -> bool:
    """The "cases put to the CMG" list: CMG members, officers and the NSO."""
    if can_record_cmg_decision(user):
        return True
    return can_manage_cases(user)


def statutory_record_for_user(user: Any, code: Any, model: type[Decision]) -> Any:
    """A statutory record of type ``model`` the user may see, or 404."""
    decision = decision_for_user(user, code)
    if not isinstance(decision, model):
        raise Http404("No such record")
    return decision


def cmg_members() -> QuerySet:
    """Active Case Management Group members, to whom a DBS disclosure may be put (P6.7)."""
    return users_with_permission(roles.RECORD_CMG_DECISION).order_by(
        "first_name", "last_name", "username"
    )


def need_to_know_candidates() -> QuerySet:
    """People within TTW who may be named as needing to know a restricted record (P6.6)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, groups__isnull=False)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


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

PAGE_RULES: dict[str, Predicate] = {
    # ttw_safeguarding
    "home": signed_in,
    "notifications": signed_in,
    # Whether a decision may be seen is decided per record (decision_for_user): 404.
    "decisions:detail": signed_in,
    "decisions:report": signed_in,
    "decisions:amend": can_manage_cases,
    "audit:log": can_view_audit_log,
    "accounts:roles": can_grant_roles,
    "accounts:role_request_decide": can_grant_roles,
    "accounts:second_factor_reset": can_grant_roles,
    # cases (which record: case_for_user, child_for_user, ... give 404)
    "cases:concern_new": can_record_concern,
    "cases:concern_submitted": can_record_concern,
    "cases:my_submissions": can_record_concern,
    "cases:submission_detail": can_record_concern,
    "cases:concerns": can_manage_cases,
    "cases:triage": can_manage_cases,
    "cases:list": can_manage_cases,
    "cases:detail": can_manage_cases,
    "cases:update": can_manage_cases,
    "cases:note_add": can_manage_cases,
    "cases:referral_add": can_manage_cases,
    "cases:close": can_manage_cases,
    "cases:adult_add": can_manage_cases,
    "cases:adult_edit": can_manage_cases,
    "cases:chronology": can_manage_cases,
    "cases:chronology_pdf": can_manage_cases,
    "cases:children": can_manage_cases,
    "cases:child_detail": can_manage_cases,
    "cases:child_chronology": can_manage_cases,
    "cases:child_chronology_pdf": can_manage_cases,
    # sharing (which record: share_decision_for_user, case_for_user: 404)
    "sharing:consent_new": can_manage_cases,
    "sharing:share_new": can_manage_cases,
    "sharing:written_report_sent": can_manage_cases,
    "sharing:review_queue": can_use_review_queue,
    "sharing:review_new": can_use_review_queue,
    # sharing: statutory records (which record: adult_for_user, statutory_record_for_user: 404)
    "sharing:statutory_list": can_manage_cases,
    "sharing:adult_statutory": can_manage_cases,
    "sharing:advice_new": can_manage_cases,
    "sharing:advice_confirm": can_manage_cases,
    "sharing:planning_register": can_manage_cases,
    "sharing:planning_new": can_manage_cases,
    "sharing:planning_contribute": can_manage_cases,
    "sharing:court_direction_new": can_manage_cases,
    "sharing:disciplinary_new": can_view_restricted,
    "sharing:dbs_disclosure_new": can_manage_cases,
    "sharing:cmg_list": can_see_cmg_items,
    "sharing:cmg_decision_new": can_record_cmg_decision,
    "sharing:dbs_referral_new": can_manage_cases,
    # media_contacts (which approach: media_approach_for_user gives 404)
    "media_contacts:record": can_record_media_approach,
    "media_contacts:mine": can_record_media_approach,
    "media_contacts:detail": can_record_media_approach,
    "media_contacts:inbox": can_handle_media,
    "media_contacts:email_retry": can_handle_media,
    "media_contacts:acknowledge": can_handle_media,
    "media_contacts:handle": can_handle_media,
    # two-factor sign-in: reachable before the second factor (security.SECOND_FACTOR_PAGES)
    "two_factor:setup": signed_in,
    "two_factor:verify": signed_in,
    "two_factor:backup_codes": signed_in,
}

# The Django admin namespace is one rule, applied by security.SecondFactorMiddleware.
NAMESPACE_RULES: dict[str, Predicate] = {"admin": can_use_admin}

# URL names reachable without signing in.
PUBLIC_PAGES = {"login", "logout", "health"}


def page(url_name: str) -> Callable[[V], V]:
    """Apply ``PAGE_RULES[url_name]`` to a view (and never cache what it returns)."""
    rule = PAGE_RULES[url_name]

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            from ttw_safeguarding.records.security import hold_at_second_factor

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

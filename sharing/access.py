"""Who may see this app's records and use its pages, declared to the core's access mechanism.

Views, forms and services obtain share decisions, consent records and statutory records
only through these functions, which take the user; a record the user may not see is a
404. ``SharingConfig.ready`` registers ``PAGE_RULES`` and the visibility rules below.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import Http404

from cases.models import Case
from sharing.models import (
    AlertRecipient,
    ClubAlert,
    CmgMemberAssignment,
    ConsentRecord,
    ShareDecision,
)
from sharing.policy import Basis, may_review, reviewer_problems
from ttw_safeguarding.records import roles
from ttw_safeguarding.records.access import (
    Predicate,
    by_code,
    can_manage_cases,
    can_record_cmg_decision,
    can_review_decisions,
    can_review_nso_decisions,
    can_see_club_records,
    can_use_review_queue,
    can_view_restricted,
    decision_for_user,
    decisions_visible_to,
    users_with_permission,
)
from ttw_safeguarding.records.models import Decision

D = TypeVar("D", bound=Decision)

# --- consent, share decisions, NSO review ------------------------------------------


def share_decisions_visible_to(user: Any) -> QuerySet[ShareDecision]:
    """Share and no-share decisions the user may see (the decision rule, nothing more)."""
    return decisions_visible_to(user, model=ShareDecision)


def share_decision_for_user(user: Any, code: Any) -> ShareDecision:
    """A share or no-share decision the user may see, or 404."""
    try:
        return share_decisions_visible_to(user).select_related("case", "recorded_by").get(code=code)
    except (ShareDecision.DoesNotExist, ValueError) as exc:
        raise Http404("No such record") from exc


def consent_records_for_case(user: Any, case: Case) -> QuerySet[ConsentRecord]:
    """Consent records of ``case`` the user may see: those a share decision may rely on."""
    return ConsentRecord.objects.filter(case=case, pk__in=decisions_visible_to(user).values("pk"))


def citable_decisions_for_case(
    user: Any, case: Case, kinds: Iterable[str] | None = None
) -> QuerySet[Decision]:
    """Records of ``case`` the user may see that a share may cite (P6.3 to P6.7)."""
    wanted = list(kinds) if kinds is not None else list(Basis.citable_kinds())
    return decisions_visible_to(user).filter(case=case, kind__in=wanted)


def may_review_share_decision(user: Any, share_decision: ShareDecision) -> bool:
    """An NSO reviews share decisions; the board safeguarding lead those an NSO made; nobody
    reviews their own."""
    if not can_use_review_queue(user):
        return False
    if reviewer_problems(
        reviewer_is_nso=can_review_decisions(user),
        reviewer_is_board_lead=can_review_nso_decisions(user),
        decided_by_nso=can_review_decisions(share_decision.recorded_by),
    ):
        return False
    return may_review(reviewer_id=user.pk, decided_by_id=share_decision.recorded_by_id)


def nso_decisions_for_board_lead(user: Any) -> Q:
    # The board safeguarding lead sees what reviewing the NSO's own decisions needs: share
    # decisions an NSO made (and so their written reports), never a restricted record unless
    # named on it (the core's need-to-know rule), and nothing of the case beyond its reference.
    if not can_review_nso_decisions(user):
        return Q(pk__in=[])
    nsos = users_with_permission(roles.REVIEW_DECISIONS).values("pk")
    return Q(kind=ShareDecision.KIND, is_restricted=False, recorded_by__in=nsos)


# --- statutory records -------------------------------------------------------------

# P6.7: the DBS and CMG items a CMG member sees on the cases put to them.
CMG_ITEM_KINDS = ("dbs_disclosure", "cmg_decision", "dbs_referral_duty")


def cases_put_to_cmg_member(user: Any) -> Q:
    # P6.7: CMG members see the DBS and CMG items of the cases put to them, nothing else.
    if not can_record_cmg_decision(user):
        return Q(pk__in=[])
    cases = CmgMemberAssignment.objects.filter(member=user).values("disclosure__case")
    return Q(kind__in=CMG_ITEM_KINDS, is_restricted=False, case__in=cases)


def can_see_cmg_items(user: Any) -> bool:
    """The "cases put to the CMG" list: CMG members, officers and the NSO."""
    if can_record_cmg_decision(user):
        return True
    return can_manage_cases(user)


def statutory_record_for_user(user: Any, code: Any, model: type[D]) -> D:
    """A statutory record of type ``model`` the user may see, or 404."""
    decision = decision_for_user(user, code)
    if not isinstance(decision, model):
        raise Http404("No such record")
    return decision


def cmg_members() -> QuerySet[User]:
    """Active Case Management Group members, to whom a DBS disclosure may be put (P6.7)."""
    return users_with_permission(roles.RECORD_CMG_DECISION).order_by(
        "first_name", "last_name", "username"
    )


PAGE_RULES: dict[str, Predicate] = {
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
}


# --- the NSO's alerts to clubs ------------------------------------------------------


def can_send_club_alerts(user: Any) -> bool:
    """The NSO sends alerts to clubs (P6.1)."""
    return can_review_decisions(user)


def can_see_sent_club_alerts(user: Any) -> bool:
    """Officers and the NSO: an alert is a decision, which every case manager already sees
    on its decision page and in the audit log, so the sent list hides nothing from them."""
    return can_manage_cases(user)


def can_receive_club_alerts(user: Any) -> bool:
    """Club and regional welfare officers receive alerts."""
    return can_see_club_records(user)


def sent_club_alerts_visible_to(user: Any) -> QuerySet[ClubAlert]:
    """Alerts the user may see as sent (the decision rule: never a restricted record)."""
    if not can_see_sent_club_alerts(user):
        return ClubAlert.objects.none()
    return decisions_visible_to(user, model=ClubAlert)


def sent_club_alert_for_user(user: Any, code: Any) -> ClubAlert:
    """A sent alert the user may see, or 404."""
    return by_code(sent_club_alerts_visible_to(user).select_related("recorded_by"), code)


def club_alerts_received_by(user: Any) -> QuerySet[ClubAlert]:
    """Alerts sent to the user (as resolved when each was sent), while they hold a welfare
    role: a role taken away takes the alerts with it, as it does the clubs."""
    if not can_receive_club_alerts(user):
        return ClubAlert.objects.none()
    return ClubAlert.objects.filter(pk__in=AlertRecipient.objects.filter(user=user).values("alert"))


def received_club_alert_for_user(user: Any, code: Any) -> ClubAlert:
    """An alert sent to the user, or 404 (an alert to another club does not exist for them)."""
    return by_code(club_alerts_received_by(user).select_related("recorded_by"), code)


PAGE_RULES.update(
    {
        # The NSO's alerts to clubs: the NSO sends; officers and the NSO see what was sent;
        # welfare officers see those sent to them (received_club_alert_for_user: 404).
        "sharing:alert_new": can_send_club_alerts,
        "sharing:alert_sent_list": can_see_sent_club_alerts,
        "sharing:alert_sent_detail": can_see_sent_club_alerts,
        "sharing:alerts": can_receive_club_alerts,
        "sharing:alert_detail": can_receive_club_alerts,
    }
)


# --- the NSO's statistics and the trustees' report -------------------------------------


def can_see_statistics(user: Any) -> bool:
    """The NSO: the figures of every case, and the report to the trustees made from them."""
    return can_review_decisions(user)


PAGE_RULES.update(
    {
        "sharing:statistics": can_see_statistics,
        "sharing:trustees_report": can_see_statistics,
    }
)

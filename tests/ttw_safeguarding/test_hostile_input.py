"""Hostile input on every form (property-based, hypothesis).

Each form in ``TARGETS`` is posted a valid body with one field replaced by
something hostile: HTML and script, 100,000 characters, NUL and other control
characters (PostgreSQL refuses NUL in text), odd Unicode, dates out of range,
forged choices, and codes of records the poster may not see. The answer must be
a clear message on the form (200 with the error summary), a 404, or the recorded
result (a redirect); never a 500, never a partial record (decisions and the
target's own rows are counted before and after), never the markup unescaped in
the page, nor, for a recorded decision, in its page and its PDF.

Adding a form: one line in ``TARGETS``. Every mutating URL of the access matrix
must have one (``test_every_form_is_attacked``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PASSWORD, pdf_text
from tests.ttw_safeguarding.access_registry import REGISTRY, SIGNED_IN, UNKNOWN, World
from ttw_safeguarding.records.models import Decision, WrittenReport

pytestmark = pytest.mark.django_db

MARKER = "TTWHOSTILE"
# Markup that must never come back unescaped; the marker text shows where it landed.
MARKUP = [
    f"<script>alert('{MARKER}')</script>",
    f'"><img src=x onerror=alert(1)>{MARKER}',
    f"<b>{MARKER}</b>",
    f"</textarea><svg onload=alert(1)>{MARKER}",
    f"{{{{ 7|add:7 }}}}{{% debug %}}{MARKER}",
]
RAW_MARKUP = ["<script>alert(", "<img src=x onerror", f"<b>{MARKER}", "<svg onload"]

ODD_TEXT = [
    "x" * 100_000,
    "\x00",
    f"before\x00after{MARKER}",
    "\x1b[2J\x07\x08",
    "\x7f\x85",
    "\u202eevil\u202c",
    "\ufeff\u200b\u2028\u2029",
    "e\u0301 \U0001d54f \U0001f600 \u4e2d\u6587",
    "'; DROP TABLE cases_case; --",
    "   ",
    "",
]
DATES = [
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2999-06-01T10:00",
    "1899-12-31T00:00",
    "2026-02-30",
    "2026-13-01T25:61",
    "yesterday",
    "-1",
    "1e400",
]
FORGED_CHOICES = ["not-a-choice", "<script>", "999999999999999999999", "", "\x00", "1 OR 1=1"]
FORGED_CODES = [str(UNKNOWN), "not-a-uuid", "1", "../../etc/passwd"]


def no_body(world: World) -> dict[str, Any]:
    """No valid body known: the hostile field is posted alone."""
    return {}


@dataclass(frozen=True)
class Target:
    """A form: where it is, who posts it, a valid body, and the fields to attack."""

    url: Callable[[World], str]
    persona: str
    valid: Callable[[World], dict[str, Any]] = no_body
    text: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    # Fields that name a record: forged with unknown codes and codes of records the
    # poster may not see (World attributes listed in ``hidden``).
    codes: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ("restricted_referral",)
    method: str = "post"
    # Rows that must not be left half-written, besides decisions.
    rows: Callable[[], int] = lambda: 0
    # Answers allowed besides 200 (form with its message), 302 (done) and 404.
    also: tuple[int, ...] = ()


def at(name: str, attribute: str | None = None) -> Callable[[World], str]:
    if attribute is None:
        return lambda world: reverse(name)
    return lambda world: reverse(name, args=[getattr(world, attribute).code])


def _now() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _an_authority() -> str:
    from cases.models import LocalAuthority

    authority = LocalAuthority.objects.order_by("pk").first()
    return str(authority.pk) if authority is not None else ""


def _case_rows() -> int:
    from cases.models import Case, CaseNote, Concern

    return Case.objects.count() + CaseNote.objects.count() + Concern.objects.count()


def _alert_rows() -> int:
    from sharing.models import AlertRecipient
    from ttw_safeguarding.records.models import Notification, OutboundEmail

    return (
        AlertRecipient.objects.count()
        + Notification.objects.count()
        + OutboundEmail.objects.count()
    )


def _club_task_rows() -> int:
    from cases.models import ClubTaskDone

    return ClubTaskDone.objects.count()


def _media_rows() -> int:
    from ttw_safeguarding.records.models import Notification, OutboundEmail

    return Notification.objects.count() + OutboundEmail.objects.count()


def _low_level_rows() -> int:
    from adults.models import LowLevelPatternAlert
    from ttw_safeguarding.records.models import Notification, OutboundEmail

    return (
        LowLevelPatternAlert.objects.count()
        + Notification.objects.count()
        + OutboundEmail.objects.count()
    )


def _role_pk(name: str) -> int:
    from django.contrib.auth.models import Group

    return Group.objects.get(name=name).pk


def _account_rows() -> int:
    from ttw_safeguarding.records.models import EnrolmentCode, RoleRequest

    return EnrolmentCode.objects.count() + RoleRequest.objects.exclude(state="pending").count()


def _dbs_pack_rows() -> int:
    from adults.models import DbsPackEvidence, DbsPackItem, DbsReferralPack

    return (
        DbsReferralPack.objects.count()
        + DbsPackItem.objects.count()
        + DbsPackEvidence.objects.count()
    )


def _action_rows() -> int:
    from cases.models import Action, ActionDone

    return Action.objects.count() + ActionDone.objects.count()


# --- the forms ------------------------------------------------------------------


def _evidence_upload() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("notes.txt", b"Notes of the call.\n", content_type="text/plain")


def _evidence_stored() -> int:
    """Evidence files in storage: a refused upload leaves none behind."""
    from django.conf import settings

    root = settings.TTW_EVIDENCE_ROOT
    return sum(1 for path in root.rglob("*") if path.is_file()) if root.exists() else 0


# The text every decision form has (P6.10, P6.11).
RECORD_TEXT = ("facts", "professional_opinion", "reason")

TARGETS: dict[str, Target] = {
    "login": Target(
        at("login"),
        "anonymous",
        valid=lambda w: {"username": "sam", "password": PASSWORD},
        text=("username", "password"),
        also=(429,),  # repeated failures lock the account (django-axes)
    ),
    "audit:log": Target(
        at("audit:log"),
        "nso",
        text=("record",),
        dates=("date_from", "date_to"),
        choices=("user", "action"),
        method="get",
    ),
    "accounts:roles": Target(
        at("accounts:roles"),
        "nso",
        valid=lambda w: {"user": w["staff2"].pk, "role": _role_pk("Staff"), "change": "remove"},
        choices=("user", "role", "change"),
        rows=lambda: _account_rows(),
    ),
    "accounts:role_request_decide": Target(
        at("accounts:role_request_decide", "role_request"),
        "nso",
        valid=lambda w: {"decision": "decline"},
        choices=("decision",),
        rows=lambda: _account_rows(),
    ),
    "accounts:second_factor_reset": Target(
        at("accounts:second_factor_reset"),
        "nso",
        valid=lambda w: {"user": w["officer"].pk},
        choices=("user",),
        rows=lambda: _account_rows(),
    ),
    "decisions:amend": Target(
        at("decisions:amend", "referral"),
        "officer",
        valid=lambda w: {"correction": "The agency was the police.", "reason": "Typed wrongly."},
        text=("correction", "reason"),
    ),
    "two_factor:setup": Target(at("two_factor:setup"), "officer", text=("token", "enrolment_code")),
    "two_factor:verify": Target(at("two_factor:verify"), "officer", text=("token", "next")),
    "two_factor:backup_codes": Target(at("two_factor:backup_codes"), "officer"),
    "cases:concern_new": Target(
        at("cases:concern_new"),
        "staff",
        # Staff type the child's details (no known child is offered to them).
        valid=lambda w: {
            "child": "new",
            "child-name": "Alex Example",
            "child-approximate_age": "9",
            "in_immediate_danger": "no",
            "occurred_at": _now(),
            "facts": "The child had a bruise on the arm.",
            "categories": ["physical"],
            "local_authority": "cardiff",
            "marks-TOTAL_FORMS": "0",
            "marks-INITIAL_FORMS": "0",
        },
        text=("facts", "childs_words", "professional_opinion", "activity", "venue", "town"),
        dates=("occurred_at",),
        choices=("in_immediate_danger", "categories", "local_authority"),
        codes=("child",),
        rows=_case_rows,
    ),
    "cases:triage": Target(
        at("cases:triage", "concern"),
        "officer",
        text=("reason", "professional_opinion"),
        choices=("case_choice", "risk_level", "status", "owner"),
        codes=("case",),
        rows=_case_rows,
    ),
    "cases:update": Target(
        at("cases:update", "case"),
        "officer",
        text=("why",),
        choices=("risk_level", "status", "owner"),
        rows=_case_rows,
    ),
    "cases:note_add": Target(
        at("cases:note_add", "case"),
        "officer",
        valid=lambda w: {"text": "Spoke to the school."},
        text=("text",),
        rows=_case_rows,
    ),
    "cases:referral_add": Target(
        at("cases:referral_add", "case"),
        "officer",
        valid=lambda w: {
            "agency": "social_care",
            "agency_contact": "Duty social worker",
            "referred_at": _now(),
            "method": "phone",
            "information_shared": "The concern as recorded.",
            "facts": "The child said an adult hit them.",
            "reason": "Meets the threshold.",
        },
        text=("agency_contact", "information_shared", "facts", "professional_opinion", "reason"),
        dates=("referred_at",),
        choices=("agency", "method"),
        rows=_case_rows,
    ),
    "cases:close": Target(
        at("cases:close", "case"), "officer", text=("reason", "facts"), rows=_case_rows
    ),
    "cases:share_back_add": Target(
        at("cases:share_back_add", "club_case"),
        "officer",
        valid=lambda w: {
            "share_kind": "task",
            "text": "Remind the juniors of the club's rules.",
            "due_on": timezone.localdate().isoformat(),
            "reason": "The club sets its rules.",
        },
        text=("text", "reason"),
        dates=("due_on",),
        choices=("share_kind",),
        rows=_case_rows,
    ),
    "cases:task_done": Target(
        at("cases:task_done", "club_task"),
        "cwo",
        valid=lambda w: {"outcome": "Told the juniors at Tuesday's session."},
        text=("outcome",),
        rows=_club_task_rows,
    ),
    "cases:adult_add": Target(
        at("cases:adult_add", "case"),
        "officer",
        valid=lambda w: {"name": "An Adult", "role_in_ttw": "volunteer"},
        text=("name", "other_organisations"),
        choices=("role_in_ttw",),
        rows=_case_rows,
    ),
    "cases:adult_edit": Target(
        at("cases:adult_edit", "adult"),
        "officer",
        valid=lambda w: {"name": "An Adult", "role_in_ttw": "volunteer"},
        text=("name", "other_organisations"),
        choices=("role_in_ttw",),
        rows=_case_rows,
    ),
    # adults (the person's details, roles, a merge)
    "adults:edit": Target(
        at("adults:edit", "person"),
        "officer",
        valid=lambda w: {"name": "An Adult", "date_of_birth": "1980-02-03"},
        text=("name", "other_roles_with_children"),
        dates=("date_of_birth",),
    ),
    "adults:role_add": Target(
        at("adults:role_add", "person"),
        "officer",
        valid=lambda w: {"club": "", "role": "coach", "started_on": "2020-01-01"},
        dates=("started_on", "ended_on"),
        choices=("club", "role"),
    ),
    "adults:merge": Target(
        at("adults:merge", "person"),
        "officer",
        valid=lambda w: {"keep": str(w.club_person.code), "reason": "The same coach."},
        text=("reason", "facts"),
        choices=("keep",),
    ),
    # adults: low-level concerns (a welfare officer's form, and the officer's link)
    "adults:low_level_new": Target(
        at("adults:low_level_new"),
        "cwo",
        valid=lambda w: {
            "adult_name": "A Coach",
            "club": str(w["cwo"].welfare_clubs.get().club.pk),
            "occurred_on": timezone.localdate().isoformat(),
            "category": "private_contact",
            "facts": "Private messages to a junior.",
        },
        text=("adult_name", "facts", "professional_opinion"),
        dates=("occurred_on", "adult_date_of_birth"),
        choices=("club", "category", "adult_role"),
        rows=lambda: _low_level_rows(),
    ),
    "adults:low_level_link": Target(
        at("adults:low_level_link", "club_low_level"),
        "officer",
        valid=lambda w: {"person": str(w.person.code)},
        text=("reason",),
        choices=("person",),
        rows=lambda: _low_level_rows(),
    ),
    # adults: the DBS referral pack (SVGA35)
    "adults:dbs_pack_start": Target(
        at("adults:dbs_pack_start", "person"),
        "officer",
        valid=lambda w: {"duty": "none"},
        choices=("duty",),
        rows=lambda: _dbs_pack_rows(),
    ),
    "adults:dbs_pack_item": Target(
        at("adults:dbs_pack_item", "dbs_pack"),
        "officer",
        valid=lambda w: {
            "item": "training",
            "state": "not_available",
            "not_available_because": "No training record was kept.",
        },
        text=("where", "not_available_because"),
        choices=("item", "state"),
        rows=lambda: _dbs_pack_rows(),
    ),
    "adults:dbs_pack_evidence": Target(
        at("adults:dbs_pack_evidence", "dbs_pack"),
        "officer",
        valid=lambda w: {
            "what": "Statement of the head coach",
            "dated": "2026-01-05",
            "held_at": "Case file",
        },
        text=("what", "held_at"),
        dates=("dated",),
        rows=lambda: _dbs_pack_rows(),
    ),
    "adults:dbs_pack_send": Target(
        at("adults:dbs_pack_send", "complete_dbs_pack"),
        "officer",
        valid=lambda w: {"referred_on": timezone.localdate().isoformat()},
        text=("facts",),
        dates=("referred_on",),
    ),
    "adults:dbs_pack_outcome": Target(
        at("adults:dbs_pack_outcome", "sent_dbs_pack"),
        "officer",
        valid=lambda w: {
            "dbs_reference": "DBS-REF-0001",
            "outcome_on": timezone.localdate().isoformat(),
            "dbs_outcome": "Included in the children's barred list.",
        },
        text=("dbs_reference", "dbs_outcome", "facts"),
        dates=("outcome_on",),
    ),
    # adults: the Wales procedure on an allegation line (WSP5)
    "adults:designated_officer_new": Target(
        at("adults:designated_officer_new", "adult"),
        "officer",
        valid=lambda w: {
            "told_at": _now(),
            "local_authority": _an_authority(),
            "officer_name": "A Designated Officer",
            "officer_contact": "01234 567890",
            "method": "phone",
            "risk_assessment": "Coaches under-16s weekly.",
            "immediate_safeguards": "Stood down from coaching.",
        },
        text=(
            "officer_name",
            "officer_contact",
            "risk_assessment",
            "immediate_safeguards",
            "lateness_reason",
            "facts",
            "professional_opinion",
        ),
        dates=("told_at",),
        choices=("local_authority", "method"),
    ),
    "adults:strategy_discussion_new": Target(
        at("adults:strategy_discussion_new", "adult"),
        "officer",
        valid=lambda w: {
            "held_on": timezone.localdate().isoformat(),
            "threshold": "met",
            "threshold_reason": "A criminal offence may have been committed.",
            "outside_activities_elsewhere": "no",
            "interim_safeguards": "Stood down.",
            "share_with_adult": "Nothing yet.",
            "share_with_child": "That it is being looked into.",
            "share_with_parents": "That the police are told.",
            "who_tells_whom": "The NSO tells the club.",
        },
        text=(
            "participants",
            "threshold_reason",
            "outside_activities",
            "interim_safeguards",
            "share_with_adult",
            "who_tells_whom",
            "facts",
        ),
        dates=("held_on",),
        choices=("threshold", "outside_activities_elsewhere"),
    ),
    "adults:allegation_outcome_new": Target(
        at("adults:allegation_outcome_new", "adult"),
        "officer",
        valid=lambda w: {
            "allegation_outcome": "unfounded",
            "decided_on": timezone.localdate().isoformat(),
            "reason": "No evidence supports it.",
        },
        text=("reason", "evidence_of_deceit", "facts", "professional_opinion"),
        dates=("decided_on",),
        choices=("allegation_outcome",),
    ),
    # adults: the Case Management Group
    "adults:cmg_convene": Target(
        at("adults:cmg_convene", "adult"),
        "nso",
        valid=lambda w: {
            "members": w.cmg_voters(),
            "independent": [str(w.cmg_others[0].pk)],
            "reason": "The group decides the route.",
        },
        text=("reason",),
        choices=("members", "independent"),
    ),
    "adults:cmg_declare": Target(
        at("adults:cmg_declare", "cmg_group_undeclared"),
        "cmg",
        valid=lambda w: {"declaration": "conflict", "conflict": "A friend of the family."},
        text=("conflict",),
        choices=("declaration",),
    ),
    "adults:cmg_route": Target(
        at("adults:cmg_route", "cmg_group"),
        "cmg",
        valid=lambda w: {
            "route": "statutory_agencies",
            "voters": w.cmg_voters(),
            "reason": "The threshold is met.",
        },
        text=("reason", "facts"),
        choices=("route", "voters"),
    ),
    "adults:cmg_suspend": Target(
        at("adults:cmg_suspend", "cmg_group"),
        "cmg",
        valid=lambda w: {
            "from_what": "Coaching juniors",
            "starts_on": timezone.localdate().isoformat(),
            "review_on": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
            "voters": w.cmg_voters(),
            "reason": "A neutral act.",
        },
        text=("from_what", "reason", "facts"),
        dates=("starts_on", "review_on"),
        choices=("voters",),
    ),
    "adults:cmg_review": Target(
        at("adults:cmg_review", "cmg_suspension"),
        "cmg",
        valid=lambda w: {
            "reviewed_on": timezone.localdate().isoformat(),
            "review_decision": "vary",
            "varied_from_what": "Coaching juniors only",
            "next_review_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
            "voters": w.cmg_voters(),
            "reason": "The investigation continues.",
        },
        text=("varied_from_what", "reason", "facts"),
        dates=("reviewed_on", "next_review_on"),
        choices=("review_decision", "voters"),
    ),
    "adults:cmg_final": Target(
        at("adults:cmg_final", "cmg_group"),
        "cmg",
        valid=lambda w: {
            "cmg_outcome": "restrictions",
            "restrictions": "No coaching of juniors.",
            "voters": w.cmg_voters(),
            "reason": "The group's decision.",
        },
        text=("restrictions", "reason", "facts"),
        choices=("cmg_outcome", "voters"),
    ),
    "adults:cmg_appeal": Target(
        at("adults:cmg_appeal", "cmg_final"),
        "nso",
        valid=lambda w: {
            "lodged_on": timezone.localdate().isoformat(),
            "grounds": "The references were not weighed.",
            "panel": [str(w["nso2"].pk), str(w["officer2"].pk)],
            "appeal_outcome": "dismissed",
            "reason": "The decision stands.",
        },
        text=("grounds", "variation", "reason"),
        dates=("lodged_on",),
        choices=("panel", "appeal_outcome"),
    ),
    # sharing: consent, share decisions, review (P6.8 to P6.11)
    "sharing:consent_new": Target(
        at("sharing:consent_new", "case"),
        "officer",
        text=(*RECORD_TEXT, "person_name", "not_sought_explanation"),
        dates=("occurred_on",),
        choices=("whose", "was_sought", "answer", "not_sought_because"),
    ),
    "sharing:share_new": Target(
        at("sharing:share_new", "case"),
        "officer",
        text=("purpose", "information"),
        also=(400,),  # a step posted without the wizard's own fields is a bad request
    ),
    "sharing:review_new": Target(
        at("sharing:review_new", "share_decision"),
        "nso",
        text=("comments", "action_required", "reason"),
        choices=("verdict",),
    ),
    "sharing:written_report_sent": Target(
        at("sharing:written_report_sent", "share_decision"),
        "officer",
        text=("facts", "reason"),
        dates=("sent_on",),
        choices=("sent_by",),
    ),
    # sharing: statutory records (P6.3 to P6.7)
    "sharing:advice_new": Target(
        at("sharing:advice_new", "adult"),
        "officer",
        text=(*RECORD_TEXT, "adviser", "question", "advice", "organisation_0"),
        dates=("advised_on",),
        choices=("agency", "told_by_0"),
    ),
    "sharing:advice_confirm": Target(
        at("sharing:advice_confirm", "statutory_advice"),
        "officer",
        text=RECORD_TEXT,
        dates=("told_on",),
        choices=("organisation",),
    ),
    "sharing:planning_new": Target(
        at("sharing:planning_new", "adult"),
        "officer",
        text=(*RECORD_TEXT, "request"),
        dates=("received_on", "due_on"),
        choices=("agency", "request_kind"),
    ),
    "sharing:planning_contribute": Target(
        at("sharing:planning_contribute", "planning_request"),
        "officer",
        text=(*RECORD_TEXT, "contribution"),
        dates=("provided_on",),
    ),
    "sharing:court_direction_new": Target(
        at("sharing:court_direction_new", "adult"),
        "officer",
        text=(*RECORD_TEXT, "court", "order_reference", "information", "recipients"),
        dates=("order_date", "comply_by"),
        choices=("effect",),
    ),
    "sharing:disciplinary_new": Target(
        at("sharing:disciplinary_new", "adult"),
        "nso",
        text=(*RECORD_TEXT, "findings"),
        dates=("concluded_on",),
        choices=("sanction",),
        codes=("need_to_know",),
    ),
    "sharing:dbs_disclosure_new": Target(
        at("sharing:dbs_disclosure_new", "adult"),
        "officer",
        text=(*RECORD_TEXT, "concern"),
        dates=("certificate_issued_on",),
        codes=("members",),
    ),
    "sharing:cmg_decision_new": Target(
        at("sharing:cmg_decision_new", "dbs_disclosure"),
        "cmg",
        text=(*RECORD_TEXT, "restrictions", "member_0", "member_role_0"),
        dates=("meeting_on",),
        choices=("cmg_outcome",),
    ),
    "sharing:dbs_referral_new": Target(
        at("sharing:dbs_referral_new", "removal_because_of_harm"),
        "nso",
        text=("reason", "dbs_reference"),
        dates=("referred_on",),
        choices=("referral_made",),
    ),
    # sharing: the NSO's alert to clubs (P6.1)
    "sharing:alert_new": Target(
        at("sharing:alert_new"),
        "nso",
        valid=lambda w: {
            "regions": [str(w["rwo"].welfare_region.region.code)],
            "warning": "A man offering lifts to juniors after sessions.",
            "action": "Tell the NSO if he is seen.",
            "reason": "P6.1",
        },
        text=("warning", "action", "reason"),
        codes=("clubs", "regions"),
        rows=_alert_rows,
    ),
    # media_contacts (P6.12)
    "media_contacts:record": Target(
        at("media_contacts:record"),
        "officer",
        valid=lambda w: {
            "approached_at": _now(),
            "journalist_name": "Jo",
            "phone": "01234 567890",
            "contact_method": "phone",
            "information_wanted": "A comment",
            "anything_said": "no",
            "case": str(w.case.code),
        },
        text=(
            "journalist_name",
            "outlet",
            "phone",
            "email",
            "other_contact",
            "information_wanted",
            "what_was_said",
            "notes",
        ),
        dates=("approached_at", "deadline"),
        choices=("contact_method", "anything_said"),
        codes=("case",),
        rows=_media_rows,
    ),
    "media_contacts:acknowledge": Target(
        at("media_contacts:acknowledge", "media_approach"),
        "nso",
        valid=lambda w: {"confirm": "on", "note": "Will call back."},
        text=("note",),
        choices=("confirm",),
    ),
    "media_contacts:handle": Target(
        at("media_contacts:handle", "acknowledged_media_approach"),
        "nso",
        valid=lambda w: {"handling": "declined", "handled_at": _now(), "reason": "No comment."},
        text=("response", "press_office", "reason", "professional_opinion"),
        dates=("handled_at",),
        choices=("handling",),
    ),
    "media_contacts:email_retry": Target(at("media_contacts:email_retry"), "nso"),
    # alerts (issue 17)
    "alerts:read": Target(at("alerts:read", "notice"), "staff", rows=_alert_rows),
    "alerts:read_all": Target(at("alerts:read_all"), "staff", rows=_alert_rows),
    "alerts:settings": Target(
        at("alerts:settings"),
        "staff",
        valid=lambda w: {"daily_digest": "true"},
        choices=("daily_digest",),
    ),
    # Actions: adding one to Bangor's case for the club, and Ceri completing one.
    "cases:action_add": Target(
        lambda w: reverse("cases:action_add", args=["case", w.club_case.code]),
        "officer",
        valid=lambda w: {
            "what": "Ring the parents.",
            # Bangor, Ceri's club, read without building the case inside the strategy.
            "assignee_club": str(w["cwo"].welfare_clubs.get().club_id),
            "due_on": timezone.localdate().isoformat(),
        },
        text=("what",),
        dates=("due_on",),
        choices=("assignee", "assignee_club"),
        rows=_action_rows,
    ),
    "cases:action_done": Target(
        at("cases:action_done", "club_action"),
        "cwo",
        valid=lambda w: {"outcome": "Rang them; they will come on Saturday."},
        text=("outcome",),
        rows=_action_rows,
    ),
    # evidence files: the file itself is attacked in tests/ttw_safeguarding/test_evidence_files.py
    "evidence:add": Target(
        lambda w: reverse("evidence:add", args=["case", w.club_case.code]),
        "officer",
        valid=lambda w: {
            "upload": _evidence_upload(),
            "description": "The welfare officer's notes of the call, typed.",
            "reason": "Kept with the case (P6.11).",
        },
        text=("description", "reason"),
        choices=("replaces",),
        rows=lambda: _evidence_stored(),
    ),
    # search across the records (a GET form: words, a phrase, a reference)
    "search:results": Target(
        at("search:results"),
        "officer",
        valid=lambda w: {"q": "bruise"},
        text=("q",),
        method="get",
    ),
    "cases:child_merge": Target(
        at("cases:child_merge", "duplicate_child"),
        "officer",
        valid=lambda w: {"keep": str(w.duplicate_child_twin.code), "reason": "The same child."},
        text=("reason", "facts"),
        choices=("keep",),
    ),
    # statistics (a GET form: the period; the trustees' report of the same period is
    # attacked in tests/sharing/test_statistics.py, since it answers with a PDF)
    "sharing:statistics": Target(
        at("sharing:statistics"),
        "nso",
        valid=lambda w: {"start": "2026-01-01", "end": "2026-01-31"},
        dates=("start", "end"),
        method="get",
    ),
}


# --- the harness ----------------------------------------------------------------


@st.composite
def hostile_post(draw: Any, target: Target, world: World) -> tuple[str, dict[str, Any]]:
    """A valid body with one field replaced by something hostile; returns (field, body)."""
    kinds = []
    if target.text:
        kinds += ["markup", "odd"]
    if target.dates:
        kinds.append("date")
    if target.choices:
        kinds.append("choice")
    if target.codes:
        kinds.append("code")
    body = dict(target.valid(world))
    if not kinds:
        return "", body
    kind = draw(st.sampled_from(kinds))
    if kind == "markup":
        name, value = draw(st.sampled_from(target.text)), draw(st.sampled_from(MARKUP))
    elif kind == "odd":
        name = draw(st.sampled_from(target.text))
        value = draw(
            st.one_of(
                st.sampled_from(ODD_TEXT),
                st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
            )
        )
    elif kind == "date":
        name, value = draw(st.sampled_from(target.dates)), draw(st.sampled_from(DATES))
    elif kind == "choice":
        name, value = draw(st.sampled_from(target.choices)), draw(st.sampled_from(FORGED_CHOICES))
    else:
        name = draw(st.sampled_from(target.codes))
        hidden = [str(getattr(world, a).code) for a in target.hidden]
        value = draw(st.sampled_from(FORGED_CODES + hidden))
    body[name] = value
    return name, body


def _client(world: World, persona: str) -> Client:
    c = Client()
    if persona != "anonymous":
        c.force_login(world[persona])
    return c


def _assert_escaped(html: str, where: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html, f"{where}: {raw!r} came back unescaped"


def attack(target: Target, world: World, posted: str, body: dict[str, Any]) -> None:
    c = _client(world, target.persona)
    url = target.url(world)
    decisions_before = Decision.objects.count()
    rows_before = target.rows()
    send = c.get if target.method == "get" else c.post
    response = send(url, body)
    where = f"{url} field {posted!r}"
    allowed = (200, 302, 404, *target.also)
    assert response.status_code in allowed, f"{where}: {response.status_code}"
    if response.status_code != 302:
        assert Decision.objects.count() == decisions_before, f"{where}: recorded though refused"
        assert target.rows() == rows_before, f"{where}: left rows behind though refused"
    if response.status_code == 200:
        html = response.content.decode()
        _assert_escaped(html, where)
        if target.method == "post":
            # Refused: the form says what is wrong, in the error summary.
            assert "There is a problem" in html, f"{where}: refused without a message"
    if response.status_code == 302:
        new = Decision.objects.count() - decisions_before
        assert new in (0, 1), f"{where}: {new} decisions from one form"
        if new:
            _assert_decision_escaped(c, where)


def _assert_decision_escaped(c: Client, where: str) -> None:
    decision = Decision.objects.order_by("-sequence").first()
    assert decision is not None
    page = c.get(reverse("decisions:detail", args=[decision.code]))
    assert page.status_code == 200
    _assert_escaped(page.content.decode(), f"{where} (decision page)")
    report = WrittenReport.objects.get(decision=decision)
    if report.state == WrittenReport.State.READY:
        with report.pdf.open("rb") as fh:
            text = pdf_text(fh.read())
        # HTML that reached WeasyPrint unescaped would be drawn, not shown as text.
        if MARKER in text and f"<b>{MARKER}" not in text:
            assert "<" in text, f"{where} (PDF): markup was interpreted"


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(request, django_capture_on_commit_callbacks) -> World:
    users = {p: request.getfixturevalue(p) for p in SIGNED_IN}
    return World(users=users, capture=django_capture_on_commit_callbacks)


def test_every_form_is_attacked():
    mutating = {name for name, entry in REGISTRY.items() if entry.mutating}
    missing = sorted(mutating - set(TARGETS))
    assert not missing, (
        f"forms without a hostile-input target: {missing}; add one line each to TARGETS "
        "in tests/ttw_safeguarding/test_hostile_input.py"
    )


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_hostile_input(name, world, django_capture_on_commit_callbacks):
    target = TARGETS[name]

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(data=st.data())
    def run(data: Any) -> None:
        posted, body = data.draw(hostile_post(target, world))
        with django_capture_on_commit_callbacks(execute=True):
            attack(target, world, posted, body)

    run()


@pytest.mark.parametrize(
    "name", sorted(n for n, t in TARGETS.items() if t.valid is not no_body and t.method == "post")
)
def test_the_valid_body_is_accepted(name, world, django_capture_on_commit_callbacks):
    """So that a refusal in the attack is the hostile field's doing, not the baseline's."""
    target = TARGETS[name]
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(world, target.persona).post(target.url(world), target.valid(world))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_harness_sees_unescaped_output():
    with pytest.raises(AssertionError):
        _assert_escaped(f"<p><b>{MARKER}</b></p>", "a page")
    _assert_escaped(f"<p>&lt;b&gt;{MARKER}&lt;/b&gt;</p>", "a page")

"""The timescales each app declares: every open item is yielded, with its owners, until done.

Records are built by the access matrix's ``World`` (real services). Personas: Olivia
(officer) owns the matrix case and records its decisions; Nadia and Neil (NSOs) review
and are told of everything overdue; Carol (cmg) sits on the matrix adult's group.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.ttw_safeguarding.access_registry import SIGNED_IN, World
from ttw_safeguarding.records.models import OutboundEmail
from ttw_safeguarding.records.timescales import Timed, due_on_day, timescale_sources

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(request, django_capture_on_commit_callbacks) -> World:
    users = {p: request.getfixturevalue(p) for p in SIGNED_IN}
    return World(users=users, capture=django_capture_on_commit_callbacks)


def items_of(source: str, now: dt.datetime | None = None) -> dict[str, Timed]:
    items = timescale_sources()[source](now or timezone.now())
    return {item.key: item for item in items}


def ids(*users: Any) -> tuple[int, ...]:
    return tuple(sorted(user.pk for user in users))


def test_every_timescale_the_application_knows_is_declared() -> None:
    assert {
        "triage",
        "referral",
        "written_report",
        "review",
        "planning_request",
        "designated_officer",
        "suspension_review",
        "media_acknowledgement",
        "actions",
    } <= set(timescale_sources())


def test_a_concern_is_due_for_triage_until_triaged(world) -> None:
    from cases import services
    from cases.models import Case
    from sharing import policy

    concern = world.concern
    item = items_of("triage")[f"triage:{concern.code}"]
    due_on = policy.triage_due_on(timezone.localdate(concern.recorded_at))
    assert (item.falls_due_at, item.overdue_at) == due_on_day(due_on)
    # Whoever triages: the officers and the NSOs.
    assert set(item.owners) == set(
        ids(world["officer"], world["officer2"], world["nso"], world["nso2"])
    )
    assert item.path.endswith(f"/concerns/{concern.code}/triage/")

    with world.capture(execute=True):
        services.concern_triage(
            actor=world["officer"],
            concern=concern,
            case=None,
            owner=world["officer"],
            risk_level=Case.Risk.HIGH,
            status=Case.Status.OPEN,
            meets_referral_threshold=False,
            threshold_rationale="",
            reason="Triaged.",
        )
    assert f"triage:{concern.code}" not in items_of("triage")


def test_an_overdue_concern_reaches_officers_and_nsos_with_no_case_detail(world) -> None:
    concern = world.concern
    item = items_of("triage")[f"triage:{concern.code}"]
    call_command("send_due_alerts", "--now", item.overdue_at.isoformat(), stdout=_Quiet())
    call_command("send_due_alerts", "--now", item.overdue_at.isoformat(), stdout=_Quiet())
    emails = list(OutboundEmail.objects.filter(topic="alert"))
    assert sorted(e.to for e in emails) == sorted(
        world[p].email for p in ("officer", "officer2", "nso", "nso2")
    )
    for email in emails:
        assert "Alex" not in email.body and concern.facts not in email.body
        assert world.child.name not in email.body


def test_a_threshold_case_wants_a_referral_until_one_is_recorded(world) -> None:
    case = world.case
    case.meets_referral_threshold = True
    case.threshold_rationale = "Injury with a disclosure of harm at home."
    case.save(update_fields=["meets_referral_threshold", "threshold_rationale"])
    item = items_of("referral")[f"referral:{case.code}"]
    assert item.owners == (world["officer"].pk,)
    # P6.2 has no clock: overdue as soon as it is at the threshold with no referral.
    assert item.falls_due_at == item.overdue_at == case.opened_at

    world.referral  # noqa: B018 - recorded by Olivia through the decision path
    assert f"referral:{case.code}" not in items_of("referral")


def test_a_verbal_share_wants_its_written_report_until_confirmed(world) -> None:
    from sharing import policy, services

    share = world.share_decision  # by phone, by Olivia
    item = items_of("written_report")[f"written_report:{share.code}"]
    due_on = policy.written_report_due_on(timezone.localdate(share.recorded_at))
    assert (item.falls_due_at, item.overdue_at) == due_on_day(due_on)
    assert item.owners == (world["officer"].pk,)

    with world.capture(execute=True):
        services.written_report_sent_record(
            share_decision=share,
            actor=world["officer"],
            sent_on=timezone.localdate(),
            sent_by="secure_email",
            facts="Sent the written report.",
        )
    assert f"written_report:{share.code}" not in items_of("written_report")


def test_a_share_decision_is_due_for_review_until_reviewed(world) -> None:
    from sharing import policy, services

    share = world.share_decision
    item = items_of("review")[f"review:{share.code}"]
    due_on = policy.review_due_on(timezone.localdate(share.recorded_at))
    assert (item.falls_due_at, item.overdue_at) == due_on_day(due_on)
    # An officer's decision: the NSOs review it, not the board leads.
    assert item.owners == ids(world["nso"], world["nso2"])

    with world.capture(execute=True):
        services.nso_review_record(
            share_decision=share,
            actor=world["nso"],
            verdict=policy.REVIEW_ENDORSE,
            comments="",
            action_required="",
            reason="Proportionate.",
        )
    assert f"review:{share.code}" not in items_of("review")


def test_an_nsos_own_decision_is_for_the_other_nsos_and_the_board_leads(world) -> None:
    share = world.nso_share_decision  # by Nina, an NSO
    item = items_of("review")[f"review:{share.code}"]
    assert share.recorded_by_id not in item.owners
    assert set(ids(world["nso"], world["nso2"], world["board"], world["board2"])) <= set(
        item.owners
    )


def test_a_planning_request_is_due_until_ttw_contributes(world) -> None:
    from sharing.statutory import services

    request = world.planning_request
    item = items_of("planning_request")[f"planning_request:{request.code}"]
    assert (item.falls_due_at, item.overdue_at) == due_on_day(request.due_on)
    assert item.owners == (world["officer"].pk,)

    with world.capture(execute=True):
        services.planning_contribution_record(
            request=request,
            actor=world["officer"],
            contribution="Attended the meeting.",
            provided_on=timezone.localdate(),
            reason="P6.4",
        )
    assert f"planning_request:{request.code}" not in items_of("planning_request")


def test_the_designated_officer_clock_runs_until_they_are_told(world) -> None:
    from adults import wales_selectors, wales_services
    from cases.models import LocalAuthority
    from sharing import policy

    line = world.adult
    item = items_of("designated_officer")[f"designated_officer:{line.code}"]
    due = policy.designated_officer_due_at(wales_services.allegation_learnt_at(line))
    assert item.overdue_at == due
    assert item.falls_due_at == due - wales_selectors.DUE_SOON
    assert item.owners == (world["officer"].pk,)

    with world.capture(execute=True):
        wales_services.designated_officer_notice_record(
            allegation=line,
            actor=world["officer"],
            told_at=timezone.now(),
            local_authority=LocalAuthority.objects.order_by("pk").first(),
            officer_name="Dee Officer",
            officer_contact="0100 000 0001",
            method="phone",
            risk_assessment="Low while suspended.",
            immediate_safeguards="Not coaching.",
        )
    assert f"designated_officer:{line.code}" not in items_of("designated_officer")


def test_a_suspension_is_due_for_review_until_lifted(world) -> None:
    from adults import cmg_services
    from sharing import policy

    suspension = world.cmg_suspension
    items = {k: v for k, v in items_of("suspension_review").items() if str(suspension.code) in k}
    (item,) = items.values()
    assert (item.falls_due_at, item.overdue_at) == due_on_day(suspension.review_on)
    assert {world["cmg"].pk, world["nso"].pk, world["nso2"].pk} <= set(item.owners)

    with world.capture(execute=True):
        cmg_services.cmg_suspension_review_record(
            actor=world["nso"],
            suspension=suspension,
            voters=[world["cmg"], *world.cmg_others[:2]],
            reviewed_on=timezone.localdate(),
            review_decision=policy.SuspensionReviewDecision.LIFT,
            next_review_on=None,
            varied_from_what="",
            reason="No longer needed.",
            is_nso=True,
        )
    assert not [k for k in items_of("suspension_review") if str(suspension.code) in k]


def test_a_media_approach_waits_for_the_nsos_acknowledgement_until_it_has_it(world) -> None:
    from media_contacts.services import media_acknowledgement_record
    from sharing import policy

    approach = world.media_approach
    key = f"media_acknowledgement:{approach.code}"
    item = items_of("media_acknowledgement")[key]
    due_on = policy.media_acknowledgement_due_on(timezone.localdate(approach.recorded_at))
    assert item.falls_due_at == approach.recorded_at
    assert item.overdue_at == due_on_day(due_on)[1]
    # Those who handle media approaches: the NSOs.
    assert set(item.owners) == set(ids(world["nso"], world["nso2"]))
    with world.capture(execute=True):
        media_acknowledgement_record(approach=approach, actor=world["nso"])
    assert key not in items_of("media_acknowledgement")


class _Quiet:
    def write(self, text: str) -> None:
        pass

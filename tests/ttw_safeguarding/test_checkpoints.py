"""Signed checkpoints: taken after each decision commits, never inside it; the daily digest."""

from __future__ import annotations

import base64

import pytest
from django.core import mail
from django.core.management import call_command

from ttw_safeguarding.records import signing
from ttw_safeguarding.records.checkpoints import (
    checkpoint_log_path,
    checkpoint_take,
    checkpoints_read,
)
from ttw_safeguarding.records.models import Decision, OutboundEmail

pytestmark = pytest.mark.django_db


def _referral(case, **extra):
    from django.utils import timezone

    from cases.models import Referral

    return Referral(
        case=case,
        outcome="Referred to the police",
        facts="The child named the coach.",
        reason="Threshold met",
        agency="police",
        agency_contact="Desk",
        referred_at=timezone.now(),
        method="phone",
        information_shared="Concern",
        **extra,
    )


def test_the_checkpoint_is_taken_after_commit_not_inside_the_recording(
    case, officer, django_capture_on_commit_callbacks
):
    from ttw_safeguarding.records.decisions import decision_record

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decision = decision_record(_referral(case), actor=officer)
    # Recorded and committed, nothing signed yet: signing waits for the background task.
    assert checkpoints_read() == []
    for callback in callbacks:
        callback()
    (checkpoint, *_rest) = checkpoints_read()[-1:]
    assert checkpoint.decision_sequence == decision.sequence
    assert checkpoint.decision_hash == decision.content_hash
    signature = base64.b64decode(checkpoint.signature)
    assert signing.checkpoint_signature_valid(checkpoint.signed_bytes(), signature)


def test_a_checkpoint_is_not_repeated_when_nothing_changed(case, officer, record_referral):
    record_referral(case, officer)
    lines = checkpoint_log_path().read_text().splitlines()
    assert checkpoint_take() is None
    assert checkpoint_log_path().read_text().splitlines() == lines


def test_the_log_only_grows(case, officer, record_referral):
    record_referral(case, officer)
    before = checkpoint_log_path().read_text()
    record_referral(case, officer)
    after = checkpoint_log_path().read_text()
    assert after.startswith(before) and len(after) > len(before)


def test_the_daily_digest_goes_to_every_nso_with_no_case_detail(
    case, officer, nso, nso2, record_referral, django_capture_on_commit_callbacks, capsys
):
    decision = record_referral(case, officer)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_checkpoint_digest")
    assert "2 National Safeguarding Officer(s)" in capsys.readouterr().out
    emails = OutboundEmail.objects.filter(topic="checkpoint")
    assert sorted(emails.values_list("to", flat=True)) == sorted([nso.email, nso2.email])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([nso.email, nso2.email])
    body = mail.outbox[0].body
    head = Decision.objects.order_by("-sequence").first()
    assert head is not None
    assert head.content_hash in body and signing.checkpoint_key_id() in body
    for detail in (
        case.reference,
        case.child.name,
        decision.outcome,
        decision.facts,
        str(decision.code),
        officer.username,
        "police",
    ):
        assert detail not in body


def test_the_digest_dry_run_sends_nothing(case, officer, nso, record_referral, capsys):
    record_referral(case, officer)
    call_command("send_checkpoint_digest", "--dry-run")
    assert '"signature"' in capsys.readouterr().out
    assert not OutboundEmail.objects.filter(topic="checkpoint").exists()

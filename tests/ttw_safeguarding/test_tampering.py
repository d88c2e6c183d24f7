"""Tampering done behind the application's back, on this test database, and found.

Each test records real decisions through the services (their reports, seals and
checkpoints made as in production), then changes the database by SQL with the
triggers off (as a database superuser could) or changes a file, and shows that
``manage.py verify_records`` fails naming the record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from cases.models import Referral
from ttw_safeguarding.records.checkpoints import (
    audit_entry_hash,
    checkpoint_log_path,
    checkpoints_read,
    seal_hash,
)
from ttw_safeguarding.records.decisions import compute_hash
from ttw_safeguarding.records.models import Decision, Seal, WrittenReport

pytestmark = pytest.mark.django_db


def _sql(sql: str, params: list | tuple = ()) -> None:
    """Run SQL with the append-only triggers off, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
            try:
                cursor.execute(sql, params)
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
        else:
            # SQLite cannot switch triggers off: drop them (the test's transaction restores them).
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')
            cursor.execute(sql, params)


def _broken() -> str:
    with pytest.raises(CommandError) as exc:
        call_command("verify_records")
    return str(exc.value)


@pytest.fixture
def three(case, officer, record_referral, capsys) -> list[Referral]:
    """Three referrals, each with its sealed audit entry, its ready report and a checkpoint."""
    made = [record_referral(case, officer, outcome=f"Referral {i}") for i in range(3)]
    call_command("verify_records")
    assert "OK: 3" in capsys.readouterr().out
    return made


def _delete_decision(decision: Decision) -> None:
    report = WrittenReport.objects.get(decision=decision)
    for sql, param in [
        ("DELETE FROM ttw_safeguarding_seal WHERE decision_id = %s", decision.pk),
        ("DELETE FROM ttw_safeguarding_writtenreport WHERE id = %s", report.pk),
        ("DELETE FROM auditlog_logentry WHERE object_pk = %s", str(decision.pk)),
        ("DELETE FROM cases_referral WHERE decision_ptr_id = %s", decision.pk),
        ("DELETE FROM ttw_safeguarding_decision WHERE id = %s", decision.pk),
    ]:
        _sql(sql, [param])


def _reseal_from(first: int) -> None:
    """Recompute every seal from ``first`` to the head, as a careful forger would."""
    previous = Seal.objects.get(sequence=first - 1).seal_hash if first > 1 else "0" * 64
    for seal in Seal.objects.filter(sequence__gte=first).order_by("sequence"):
        seal.previous_hash = previous
        seal.seal_hash = seal_hash(seal)
        _sql(
            "UPDATE ttw_safeguarding_seal SET previous_hash = %s, seal_hash = %s WHERE id = %s",
            [seal.previous_hash, seal.seal_hash, seal.pk],
        )
        previous = seal.seal_hash


def _forge_after(head: Decision, officer) -> Referral:
    """A referral no one recorded, hashed and chained correctly, inserted behind the services."""
    forged = Referral(
        case=head.case,
        kind=Referral.KIND,
        recorded_by=officer,
        recorded_at=timezone.now() - dt.timedelta(hours=2),
        outcome="A referral nobody made",
        reason="Forged",
        clauses=["P6.2"],
        agency="police",
        agency_contact="Desk",
        referred_at=timezone.now(),
        method="phone",
        information_shared="Nothing",
        sequence=head.sequence + 1,
        previous_hash=head.content_hash,
    )
    forged.content_hash = compute_hash(forged)
    forged.save(force_insert=True)  # INSERTs only: the triggers allow them
    return forged


# --- the chain of decisions ---------------------------------------------------------------


def test_deleting_the_newest_records_is_found(three):
    _delete_decision(three[2])
    assert f"record {three[2].sequence} is missing" in _broken()


def test_a_forged_record_with_a_correct_hash_is_found(three, officer):
    forged = _forge_after(three[2], officer)
    found = _broken()
    assert f"record {forged.sequence} (referral, {forged.code})" in found
    assert "not sealed" in found


def test_a_forged_record_with_a_forged_audit_entry_and_seal_is_found(three, officer):
    forged = _forge_after(three[2], officer)
    entry = LogEntry.objects.get(object_pk=str(forged.pk), action=LogEntry.Action.CREATE)
    last = Seal.objects.order_by("-sequence").first()
    assert last is not None
    seal = Seal(
        sequence=last.sequence + 1,
        previous_hash=last.seal_hash,
        kind=Seal.Kind.AUDIT_ENTRY,
        decision_id=forged.pk,
        subject_id=entry.pk,
        subject_hash=audit_entry_hash(entry),
        sealed_at=timezone.now() - dt.timedelta(hours=2),
    )
    seal.seal_hash = seal_hash(seal)
    seal.save(force_insert=True)
    found = _broken()
    assert f"record {forged.sequence} (referral, {forged.code}): no checkpoint covers it" in found


def test_rewriting_the_chain_from_a_record_to_the_head_is_found(three):
    # Change the second record and recompute every hash after it: the chain is whole again.
    previous = three[0].content_hash
    for decision in Referral.objects.filter(sequence__gte=three[1].sequence).order_by("sequence"):
        if decision.pk == three[1].pk:
            decision.reason = "A different reason"
        decision.previous_hash = previous
        decision.content_hash = compute_hash(decision)
        _sql(
            "UPDATE ttw_safeguarding_decision SET reason = %s, previous_hash = %s, "
            "content_hash = %s WHERE id = %s",
            [decision.reason, decision.previous_hash, decision.content_hash, decision.pk],
        )
        previous = decision.content_hash
    from ttw_safeguarding.records.decisions import verify_chain

    with pytest.raises(Exception) as chain:
        verify_chain()
    found = str(chain.value)
    assert f"record {three[1].sequence}: not the record the checkpoint" in found
    assert "rewritten" in found


# --- audit entries ------------------------------------------------------------------------


def _entry(decision: Decision) -> LogEntry:
    return LogEntry.objects.get(object_pk=str(decision.pk), action=LogEntry.Action.CREATE)


def test_an_edited_audit_entry_is_found(three, officer2):
    entry = _entry(three[1])
    _sql("UPDATE auditlog_logentry SET actor_id = %s WHERE id = %s", [officer2.pk, entry.pk])
    found = _broken()
    assert f"record {three[1].sequence} (referral, {three[1].code})" in found
    assert f"audit entry {entry.pk} was changed" in found


def test_a_deleted_audit_entry_is_found(three):
    entry = _entry(three[0])
    _sql("DELETE FROM auditlog_logentry WHERE id = %s", [entry.pk])
    found = _broken()
    assert f"record {three[0].sequence} (referral, {three[0].code})" in found
    assert f"audit entry {entry.pk} is missing" in found


def test_a_changed_seal_is_found(three):
    seal = Seal.objects.get(decision=three[1], kind=Seal.Kind.AUDIT_ENTRY)
    _sql("UPDATE ttw_safeguarding_seal SET subject_hash = %s WHERE id = %s", ["0" * 64, seal.pk])
    assert f"seal {seal.sequence} of record {three[1].sequence}" in _broken()


# --- written reports ----------------------------------------------------------------------


def _report(decision: Decision) -> WrittenReport:
    return WrittenReport.objects.get(decision=decision)


def test_swapping_file_and_hash_between_two_reports_is_found(three):
    a, b = _report(three[0]), _report(three[1])
    _sql(
        "UPDATE ttw_safeguarding_writtenreport SET pdf = %s, sha256 = %s WHERE id = %s",
        [b.pdf.name, b.sha256, a.pk],
    )
    _sql(
        "UPDATE ttw_safeguarding_writtenreport SET pdf = %s, sha256 = %s WHERE id = %s",
        [a.pdf.name, a.sha256, b.pk],
    )
    found = _broken()
    assert f"written report of record {three[0].sequence} ({three[0].code})" in found
    assert "not the one sealed" in found


def test_replacing_a_file_together_with_its_hash_is_found(three):
    report = _report(three[1])
    forged = b"%PDF-1.7\n% a different report\n%%EOF\n"
    with open(report.pdf.path, "wb") as fh:  # by file
        fh.write(forged)
    _sql(
        "UPDATE ttw_safeguarding_writtenreport SET sha256 = %s WHERE id = %s",
        [hashlib.sha256(forged).hexdigest(), report.pk],
    )
    found = _broken()
    assert f"written report of record {three[1].sequence} ({three[1].code})" in found


def test_replacing_a_file_its_hash_and_its_seal_is_found(three):
    # A genuine, signed report of another record, put in place with its hash, and every
    # seal from there recomputed: only the checkpoint outside the database still differs.
    report, other = _report(three[1]), _report(three[0])
    genuine = other.pdf.open("rb").read()
    with open(report.pdf.path, "wb") as fh:
        fh.write(genuine)
    _sql(
        "UPDATE ttw_safeguarding_writtenreport SET sha256 = %s WHERE id = %s",
        [other.sha256, report.pk],
    )
    seal = Seal.objects.get(decision=three[1], kind=Seal.Kind.WRITTEN_REPORT)
    _sql(
        "UPDATE ttw_safeguarding_seal SET subject_hash = %s WHERE id = %s",
        [other.sha256, seal.pk],
    )
    _reseal_from(seal.sequence)
    assert f"seal {seal.sequence}: not the seal the checkpoint" in _broken()


def test_an_unsigned_file_with_its_hash_and_seal_is_found_by_its_signature(three):
    from ttw_safeguarding.records.reports import render_pdf

    report = _report(three[2])
    unsigned = render_pdf("reports/base.html", {}, title="T", subject="S", author="A")
    with open(report.pdf.path, "wb") as fh:
        fh.write(unsigned)
    digest = hashlib.sha256(unsigned).hexdigest()
    _sql("UPDATE ttw_safeguarding_writtenreport SET sha256 = %s WHERE id = %s", [digest, report.pk])
    seal = Seal.objects.get(decision=three[2], kind=Seal.Kind.WRITTEN_REPORT)
    _sql("UPDATE ttw_safeguarding_seal SET subject_hash = %s WHERE id = %s", [digest, seal.pk])
    _reseal_from(seal.sequence)
    found = _broken()
    assert f"written report of record {three[2].sequence} ({three[2].code})" in found
    assert "carries no signature" in found


def test_hiding_a_ready_report_is_found(three):
    report = _report(three[2])
    _sql("UPDATE ttw_safeguarding_writtenreport SET state = 'pending' WHERE id = %s", [report.pk])
    found = _broken()
    assert f"written report of record {three[2].sequence} ({three[2].code})" in found
    assert "now shown as pending" in found


def test_a_deleted_report_row_is_found(three):
    report = _report(three[0])
    _sql("DELETE FROM ttw_safeguarding_writtenreport WHERE id = %s", [report.pk])
    assert f"written report of record {three[0].sequence}" in _broken()


# --- the checkpoint log, on its own storage ----------------------------------------------


def test_every_checkpoint_is_signed_and_covers_the_head(three):
    checkpoints = checkpoints_read()
    assert checkpoints, "a checkpoint is taken after each decision commits"
    latest = checkpoints[-1]
    head = Decision.objects.order_by("-sequence").first()
    assert head is not None
    assert (latest.decision_sequence, latest.decision_hash) == (head.sequence, head.content_hash)
    seal = Seal.objects.order_by("-sequence").first()
    assert seal is not None
    assert (latest.seal_sequence, latest.seal_hash) == (seal.sequence, seal.seal_hash)


def test_a_checkpoint_forged_in_the_log_is_found(three):
    path = checkpoint_log_path()
    line = json.loads(path.read_text().splitlines()[-1])
    line["decisions"]["hash"] = "f" * 64
    with path.open("a") as fh:  # by file
        fh.write(json.dumps(line) + "\n")
    assert "the signature does not verify" in _broken()


def test_records_older_than_the_grace_with_no_checkpoint_are_found(three, settings):
    checkpoint_log_path().unlink()  # the log lost, or never written
    settings.TTW_CHECKPOINT_GRACE_MINUTES = 0
    assert f"record {three[0].sequence} (referral, {three[0].code}): no checkpoint" in _broken()

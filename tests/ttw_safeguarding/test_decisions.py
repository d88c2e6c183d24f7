"""Issue: the decision path. One decision, one audit entry, a chained hash, a report."""

from __future__ import annotations

import hashlib

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from cases.models import Referral
from tests.conftest import pdf_text
from ttw_safeguarding.records.decisions import amendment_record, compute_hash, decision_record
from ttw_safeguarding.records.models import (
    GENESIS_HASH,
    Decision,
    ImmutableRecordError,
    WrittenReport,
)

pytestmark = pytest.mark.django_db


def test_recording_writes_one_decision_one_audit_entry_and_a_chained_hash(
    case, officer, record_referral
):
    first = record_referral(case, officer)
    second = record_referral(case, officer, outcome="Second referral")

    assert Decision.objects.count() == 2
    entries = LogEntry.objects.filter(action=LogEntry.Action.CREATE, object_pk=str(first.pk))
    assert entries.count() == 1
    assert entries.get().actor == officer
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.content_hash
    assert second.sequence == first.sequence + 1
    assert compute_hash(Referral.objects.get(pk=second.pk)) == second.content_hash


def test_invalid_decision_leaves_nothing_behind(case, officer):
    with pytest.raises(ValidationError):
        decision_record(Referral(case=case, outcome="x", reason=""), actor=officer)
    assert Decision.objects.count() == 0
    assert WrittenReport.objects.count() == 0
    assert LogEntry.objects.filter(action=LogEntry.Action.CREATE).count() == 0


def test_report_pdf_has_sections_clause_and_hash(case, officer, record_referral):
    decision = record_referral(case, officer)
    report = WrittenReport.objects.get(decision=decision)
    assert report.state == WrittenReport.State.READY
    data = report.pdf.open("rb").read()
    assert hashlib.sha256(data).hexdigest() == report.sha256
    text = pdf_text(data)
    assert "FACTS" in text and "PROFESSIONAL OPINION" in text
    facts_at = text.index("FACTS")
    opinion_at = text.index("PROFESSIONAL OPINION")
    assert "an adult at home hit them" in text[facts_at:opinion_at]
    assert "appeared frightened" in text[opinion_at:]
    assert "P6.2" in text
    assert decision.content_hash[:32] in text.replace("\n", "")
    assert case.reference in text
    assert "Page 1 of" in text


def test_report_is_archival_with_metadata(case, officer, record_referral):
    from pypdf import PdfReader

    decision = record_referral(case, officer)
    reader = PdfReader(WrittenReport.objects.get(decision=decision).pdf.path)
    assert reader.metadata is not None and reader.xmp_metadata is not None
    assert decision.short_code in (reader.metadata.title or "")
    assert reader.metadata.author
    assert reader.metadata.subject
    assert reader.metadata.creation_date is not None
    assert b"pdfaid" in reader.xmp_metadata.stream.get_data()


def test_decisions_cannot_be_changed_through_the_orm(case, officer, record_referral):
    decision = record_referral(case, officer)
    decision.reason = "changed"
    with pytest.raises(ImmutableRecordError):
        decision.save()
    with pytest.raises(ImmutableRecordError):
        decision.delete()
    with pytest.raises(ImmutableRecordError):
        Decision.objects.filter(pk=decision.pk).update(reason="changed")
    with pytest.raises(ImmutableRecordError):
        Referral.objects.filter(pk=decision.pk).delete()


@pytest.mark.parametrize("table", ["ttw_safeguarding_decision", "cases_referral"])
def test_update_by_raw_sql_is_refused_by_the_database(case, officer, record_referral, table):
    decision = record_referral(case, officer)
    column = "reason" if table == "ttw_safeguarding_decision" else "agency_contact"
    key = "id" if table == "ttw_safeguarding_decision" else "decision_ptr_id"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = 'tampered' WHERE {key} = %s", [decision.pk])
    assert Referral.objects.get(pk=decision.pk).agency_contact == "Duty social worker"


def test_delete_by_raw_sql_is_refused_on_postgresql(case, officer, record_referral):
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite refuses deletes in the model and queryset only "
            "(see ttw_safeguarding.records.db)"
        )
    decision = record_referral(case, officer)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_referral WHERE decision_ptr_id = %s", [decision.pk])
    assert Referral.objects.filter(pk=decision.pk).exists()


def _tamper(sql: str, params: list) -> None:
    """Change a record behind the application's back, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # triggers off
            cursor.execute(sql, params)
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            cursor.execute("DROP TRIGGER cases_referral_append_only")
            cursor.execute(sql, params)


def test_verify_records_finds_tampering(case, officer, record_referral, capsys):
    record_referral(case, officer)
    tampered = record_referral(case, officer)
    record_referral(case, officer)
    call_command("verify_records")
    assert "OK: 3" in capsys.readouterr().out

    _tamper(
        "UPDATE cases_referral SET agency_contact = 'someone else' WHERE decision_ptr_id = %s",
        [tampered.pk],
    )
    with pytest.raises(CommandError) as exc:
        call_command("verify_records")
    assert f"record {tampered.sequence} " in str(exc.value)


def test_verify_records_finds_a_changed_report_file(case, officer, record_referral):
    decision = record_referral(case, officer)
    report = WrittenReport.objects.get(decision=decision)
    with open(report.pdf.path, "ab") as fh:
        fh.write(b"%tampered")
    with pytest.raises(CommandError, match="written report"):
        call_command("verify_records")


def test_report_failure_keeps_the_decision_and_regenerate_fixes_it(
    case, officer, record_referral, monkeypatch
):
    from ttw_safeguarding.records import reports

    def broken(decision):
        raise OSError("disk full")

    monkeypatch.setattr(reports, "decision_report_pdf", broken)
    decision = record_referral(case, officer)
    report = WrittenReport.objects.get(decision=decision)
    assert report.state == WrittenReport.State.FAILED
    assert "disk full" in report.last_error
    assert Decision.objects.filter(pk=decision.pk).exists()
    monkeypatch.undo()

    with pytest.raises(SystemExit):
        monkeypatch.setattr(reports, "decision_report_pdf", broken)
        call_command("regenerate_reports")
    monkeypatch.undo()
    call_command("regenerate_reports")
    report.refresh_from_db()
    assert report.state == WrittenReport.State.READY
    assert report.attempts == 3


def test_failed_report_shows_on_the_decision_page(
    case, officer, record_referral, monkeypatch, client_for
):
    from ttw_safeguarding.records import reports

    monkeypatch.setattr(reports, "decision_report_pdf", lambda d: 1 / 0)
    decision = record_referral(case, officer)
    page = client_for(officer).get(reverse("decisions:detail", args=[decision.code]))
    assert b"could not be made" in page.content


def test_amendment_points_at_the_original_and_shows_on_its_page(
    case, officer, record_referral, client_for, django_capture_on_commit_callbacks
):
    original = record_referral(case, officer)
    with django_capture_on_commit_callbacks(execute=True):
        amendment = amendment_record(
            original=original, actor=officer, correction="The contact was DC Jones.", reason="Typo"
        )
    assert amendment.original_id == original.pk
    page = client_for(officer).get(reverse("decisions:detail", args=[original.code]))
    assert b"has been amended" in page.content
    assert b"The contact was DC Jones." in page.content


def test_amend_view_records_an_amendment(case, officer, record_referral, client_for):
    original = record_referral(case, officer)
    c = client_for(officer)
    url = reverse("decisions:amend", args=[original.code])
    bad = c.post(url, {"correction": "", "reason": "x"})
    assert bad.status_code == 200 and b"There is a problem" in bad.content
    good = c.post(url, {"correction": "Date was the 3rd.", "reason": "Typo"})
    assert good.status_code == 302
    assert Decision.objects.filter(kind="amendment").count() == 1


def test_report_download_is_checked_logged_and_not_cached(
    case, officer, record_referral, client_for, staff
):
    decision = record_referral(case, officer)
    url = reverse("decisions:report", args=[decision.code])
    response = client_for(officer).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(decision.pk), actor=officer
    ).exists()
    # Staff did not submit it: it does not exist for them.
    assert client_for(staff).get(url).status_code == 404


def test_report_download_refuses_a_file_that_does_not_match_its_hash(
    case, officer, record_referral, client_for
):
    decision = record_referral(case, officer)
    report = WrittenReport.objects.get(decision=decision)
    with open(report.pdf.path, "ab") as fh:
        fh.write(b"%tampered")
    response = client_for(officer).get(reverse("decisions:report", args=[decision.code]))
    assert response.status_code == 302


def test_audit_log_page_filters_and_shows_reads(case, officer, nso, record_referral, client_for):
    decision = record_referral(case, officer)
    client_for(officer).get(reverse("decisions:detail", args=[decision.code]))
    c = client_for(nso)
    page = c.get(reverse("audit:log"), {"user": officer.pk, "action": LogEntry.Action.ACCESS})
    assert page.status_code == 200
    assert b"access" in page.content
    assert b"decision page" in page.content
    assert (
        c.get(
            reverse("audit:log"), {"date_from": "2026-02-02", "date_to": "2026-01-01"}
        ).status_code
        == 200
    )
    assert client_for(officer).get(reverse("audit:log")).status_code == 403


def test_amendment_of_a_restricted_record_is_restricted_too(
    case, officer, officer2, nso, client_for, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=True):
        original = decision_record(
            Referral(
                case=case,
                outcome="Referred",
                reason="Threshold met",
                agency="police",
                agency_contact="Desk",
                referred_at=timezone.now(),
                method="phone",
                information_shared="Concern",
            ),
            actor=nso,
            need_to_know=[nso, officer],
        )
        amendment = amendment_record(
            original=original, actor=officer, correction="Desk was CID.", reason="Wrong team"
        )
    assert amendment.is_restricted
    # Oscar is not named: neither record exists for him.
    assert (
        client_for(officer2).get(reverse("decisions:detail", args=[amendment.code])).status_code
        == 404
    )


def test_a_reporter_does_not_see_an_officers_amendment(
    case, officer, staff, client_for, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=True):
        # A record Sam made (the decision type does not matter to the rule).
        own = decision_record(
            Referral(
                case=case,
                outcome="Referred",
                reason="r",
                agency="police",
                agency_contact="Desk",
                referred_at=timezone.now(),
                method="phone",
                information_shared="Concern",
            ),
            actor=staff,
        )
        amendment_record(original=own, actor=officer, correction="Officer's note.", reason="r")
    page = client_for(staff).get(reverse("decisions:detail", args=[own.code]))
    assert page.status_code == 200
    assert b"Officer&#x27;s note." not in page.content and b"Officer's note." not in page.content


def test_a_field_added_later_is_hashed_only_when_it_holds_a_value(
    case, officer, record_referral, monkeypatch
):
    """Records made before a field existed keep their hash: None or "" is left out."""
    from ttw_safeguarding.records.decisions import canonical_content

    referral = record_referral(case, officer, agency_reference="")
    assert "agency_reference" in canonical_content(referral)
    monkeypatch.setattr(Referral, "HASHED_ONLY_WHEN_SET", ("agency_reference", "case"))
    assert "agency_reference" not in canonical_content(referral)
    assert canonical_content(referral)["case_id"] == case.pk  # it holds a value
    referral.agency_reference = "REF-1"
    assert canonical_content(referral)["agency_reference"] == "REF-1"

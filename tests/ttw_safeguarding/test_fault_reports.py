"""Every way a report job can end leaves the report ready, failed with its reason, or found
as stuck and made again; no partial or zero-byte file is ever visible (P6.9).

Each fault is the one seen in service: a full disk, a read-only report folder, a worker
killed after the job started, the database lost half-way through the job.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from tests.conftest import pdf_text
from ttw_safeguarding.records import reports
from ttw_safeguarding.records.models import Decision, WrittenReport
from ttw_safeguarding.records.storage import AtomicFileSystemStorage

pytestmark = pytest.mark.django_db


class FullDiskStorage(AtomicFileSystemStorage):
    """The disk fills up half-way through the file."""

    def _write_chunk(self, fh: Any, chunk: bytes) -> None:
        fh.write(chunk[: len(chunk) // 2])
        fh.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class ReadOnlyFolderStorage(AtomicFileSystemStorage):
    """The report folder is on a file system mounted read-only (root ignores chmod)."""

    def _write_temporary(self, directory: str, content: Any) -> str:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), directory)


def _storage(settings, backend: type) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{backend.__module__}.{backend.__qualname__}"},
    }


def _files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _verify_names(code: Any) -> str:
    with pytest.raises(CommandError) as failed:
        call_command("verify_records")
    return str(failed.value)


@pytest.mark.parametrize(
    ("storage", "reason"),
    [(FullDiskStorage, "No space left on device"), (ReadOnlyFolderStorage, "Read-only")],
    ids=["full disk", "read-only folder"],
)
def test_a_report_that_cannot_be_written_fails_with_its_reason_and_leaves_no_file(
    storage, reason, case, officer, nso, record_referral, settings, client_for, capsys
):
    _storage(settings, storage)
    decision = record_referral(case, officer)

    report = WrittenReport.objects.get(decision=decision)
    assert report.state == WrittenReport.State.FAILED
    assert reason in report.last_error
    assert not report.pdf and report.sha256 == ""
    # Nothing partial or empty under any name, not even the temporary one.
    assert _files(settings) == []
    # The decision is kept; the person and the NSO see that its report is not made.
    assert Decision.objects.filter(pk=decision.pk).exists()
    page = client_for(officer).get(reverse("decisions:detail", args=[decision.code]))
    assert "could not be made" in page.content.decode()
    home = client_for(nso).get(reverse("home")).content.decode()
    assert "Written reports not made" in home
    assert decision.short_code in home
    # The scheduled check names it and fails.
    assert "NOT MADE" in _verify_names(decision.code)
    assert str(decision.code) in capsys.readouterr().err

    # The disk is fixed: the scheduled command makes it, whole, and everything verifies.
    _storage(settings, AtomicFileSystemStorage)
    call_command("regenerate_reports")
    report.refresh_from_db()
    assert report.state == WrittenReport.State.READY and report.pdf.name
    assert [p.name for p in _files(settings)] == [Path(report.pdf.name).name]
    assert decision.outcome in pdf_text(Path(report.pdf.path).read_bytes())
    call_command("verify_records")
    assert "Written reports not made" not in client_for(nso).get(reverse("home")).content.decode()


def test_a_job_that_dies_after_it_starts_is_found_stuck_and_made_again(
    case, officer, nso, record_referral, settings, client_for, monkeypatch, capsys
):
    def killed(decision: Any) -> bytes:
        # What db_worker does to the job it is running when it is told to stop at once.
        raise SystemExit(1)

    monkeypatch.setattr(reports, "decision_report_pdf", killed)
    record_referral(case, officer)  # the task runner records the job as failed, not the report
    monkeypatch.undo()
    decision = Decision.objects.get()
    report = WrittenReport.objects.get(decision=decision)
    # No outcome was recorded: the report is pending, with the attempt counted.
    assert (report.state, report.attempts, report.last_error) == ("pending", 1, "")
    assert _files(settings) == []

    # Within the stuck time it is still being made: not shown as stuck, not retried.
    assert not report.is_stuck
    call_command("regenerate_reports")
    report.refresh_from_db()
    assert report.state == WrittenReport.State.PENDING

    WrittenReport.objects.filter(pk=report.pk).update(
        pending_since=timezone.now() - dt.timedelta(minutes=settings.TTW_REPORT_STUCK_MINUTES + 1)
    )
    page = client_for(officer).get(reverse("decisions:detail", args=[decision.code]))
    assert "the job making it stopped" in page.content.decode()
    home = client_for(nso).get(reverse("home")).content.decode()
    assert "Written reports not made" in home and "stuck, pending since" in home
    assert "NOT MADE" in _verify_names(decision.code)
    assert f"({decision.code}): stuck" in capsys.readouterr().err

    # The scheduled command, with no flag, makes it.
    call_command("regenerate_reports")
    report.refresh_from_db()
    assert report.state == WrittenReport.State.READY
    assert report.attempts == 2
    call_command("verify_records")


# Real commits: the failed query aborts its transaction, as it does on a worker.
@pytest.mark.django_db(transaction=True)
def test_the_database_lost_mid_job_leaves_no_unrecorded_file_and_the_report_is_made_again(
    roles_after_flush, case, officer, record_referral, settings
):
    def database_gone(execute, sql, params, many, context):
        if sql.startswith("UPDATE") and WrittenReport._meta.db_table in sql and "sha256" in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(database_gone):
        record_referral(case, officer)  # the task runner records the job as failed
    decision = Decision.objects.get()
    report = WrittenReport.objects.get(decision=decision)
    assert report.state == WrittenReport.State.PENDING
    # The file written before the database went is removed: nothing no row records.
    assert _files(settings) == []

    WrittenReport.objects.filter(pk=report.pk).update(
        pending_since=timezone.now() - dt.timedelta(minutes=settings.TTW_REPORT_STUCK_MINUTES + 1)
    )
    assert WrittenReport.objects.stuck().get() == report
    call_command("regenerate_reports")
    report.refresh_from_db()
    assert report.state == WrittenReport.State.READY
    assert len(_files(settings)) == 1
    call_command("verify_records")


def test_the_storage_never_overwrites_and_never_shows_a_partial_file(settings, tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path / "store")
    from django.core.files.base import ContentFile

    first = storage.save("reports/a.pdf", ContentFile(b"first"))
    second = storage.save("reports/a.pdf", ContentFile(b"second"))
    assert first != second
    assert storage.open(first).read() == b"first"
    assert storage.open(second).read() == b"second"
    with pytest.raises(OSError, match="No space"):
        FullDiskStorage(location=tmp_path / "store").save("reports/b.pdf", ContentFile(b"x" * 10))
    assert sorted(p.name for p in (tmp_path / "store" / "reports").iterdir()) == sorted(
        [Path(first).name, Path(second).name]
    )

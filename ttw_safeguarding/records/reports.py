"""PDF written reports (P6.9), rendered by WeasyPrint from templates/reports/.

WeasyPrint never fetches anything named by user content: ``StaticOnlyFetcher``
serves the application's own static files and refuses everything else
(``file://`` outside static, ``http(s)://``, ``data:`` and any other scheme).
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ttw_safeguarding.records import pages
from ttw_safeguarding.records.checkpoints import checkpoint_queue, written_report_seal
from ttw_safeguarding.records.models import Decision, WrittenReport
from ttw_safeguarding.records.names import display_name, name_and_role
from ttw_safeguarding.records.signing import pdf_sign

STATIC_SCHEME = "ttw-static"

logger = logging.getLogger(__name__)


class RefusedResource(ValueError):
    """A resource the report may not load."""


class StaticOnlyFetcher(URLFetcher):
    """Serves ``ttw-static:<path>`` from the application's static files; refuses the rest."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=[STATIC_SCHEME], allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme != STATIC_SCHEME:
            self.refused.append(url)
            raise RefusedResource(f"refused resource: {url[:100]}")
        relative = unquote(parsed.path).lstrip("/")
        found = finders.find(relative) if ".." not in Path(relative).parts else None
        if not found:
            self.refused.append(url)
            raise RefusedResource(f"no such static file: {relative[:100]}")
        mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(found).read_bytes(), headers={"Content-Type": mime}
        )


def render_pdf(
    template_name: str | Sequence[str],
    context: dict[str, Any],
    *,
    title: str,
    subject: str,
    author: str,
    archival: bool = True,
) -> bytes:
    """Render a report template to PDF bytes (PDF/A-3b when ``archival``)."""
    html = render_to_string(template_name, {**context, "organisation": settings.ORGANISATION_NAME})
    document = HTML(string=html, url_fetcher=StaticOnlyFetcher()).render()
    metadata = document.metadata
    metadata.title = title
    metadata.authors = [author]
    metadata.description = subject
    metadata.generator = f"{settings.ORGANISATION_NAME} Safeguarding Records"
    metadata.created = timezone.now().isoformat(timespec="seconds")
    options: dict[str, Any] = {}
    if archival:
        options["pdf_variant"] = "pdf/a-3b"
    return document.write_pdf(**options)


def decision_report_pdf(decision) -> bytes:
    """The written report of one decision."""
    typed = decision.typed()
    context = {
        "decision": typed,
        "details": typed.report_context(),
        "clauses": pages.clauses_described(typed.clauses),
        "generated_at": timezone.now(),
        # Every report of a decision about a case names the child and the club, so its
        # recipient can tie it to a person without this application.
        "about": pages.subject_described(typed),
        # "Decided by", or what the decision type calls its author ("Recorded by").
        "by_label": getattr(typed, "REPORT_BY_LABEL", "Decided by"),
        "by": name_and_role(typed.recorded_by),
    }
    template = [f"reports/{typed.KIND}.html", "reports/decision.html"]
    case_ref = typed.case.reference if typed.case_id else "no case"
    pdf = render_pdf(
        template,
        context,
        title=f"{typed.LABEL} {typed.short_code} ({case_ref})",
        subject=f"Written report: {typed.outcome}",
        author=display_name(typed.recorded_by),
    )
    # Signed by the organisation so a recipient can check it without this application (P6.9).
    return pdf_sign(pdf, reason=f"Written report of {typed.LABEL.lower()} {typed.short_code}")


def report_generate(report) -> None:
    """Make (or remake) a decision's written report, recording success or failure.

    Every way this can end leaves the report ready, or failed with the reason, or
    pending with ``pending_since`` set at the start of this attempt, so that a job
    killed mid-way or a database lost mid-way is found as stuck and made again by
    ``manage.py regenerate_reports``. A failure never touches the decision. The file
    is written whole or not at all (``AtomicFileSystemStorage``), and a file whose
    row could not be updated is removed.
    """
    ready = WrittenReport.State.READY
    unfinished = WrittenReport.objects.filter(pk=report.pk).exclude(state=ready)
    # A ready report is final (the database refuses to change it): nothing to make.
    if not unfinished.update(attempts=F("attempts") + 1, pending_since=timezone.now()):
        report.refresh_from_db()
        return
    previous_name = report.pdf.name if report.pdf else ""
    try:
        pdf = decision_report_pdf(report.decision)
        stored_name = report.pdf.storage.save(
            report.pdf.field.generate_filename(report, f"{report.decision.code}.pdf"),
            ContentFile(pdf),
        )
    except Exception as exc:  # noqa: BLE001 - any failure is recorded, never lost
        # Rendering, signing, or writing the file (a full disk, a read-only folder).
        logger.exception("written report %s could not be made", report.pk)
        report_failed(report, exc)
        return
    try:
        with transaction.atomic():
            made = unfinished.update(
                pdf=stored_name,
                sha256=hashlib.sha256(pdf).hexdigest(),
                state=ready,
                last_error="",
                generated_at=timezone.now(),
            )
            report.refresh_from_db()
            if made:
                # Ready is final: its SHA-256 is sealed with it, and checkpointed after commit.
                written_report_seal(report)
                transaction.on_commit(checkpoint_queue, robust=True)
    except BaseException:
        # The database went away: no file is left that no row records. The row is still
        # pending, so the report is found as stuck and made again.
        _delete_quietly(report.pdf.storage, stored_name)
        raise
    if not made:
        # Another job made it ready first; its file is the report, this one is not.
        _delete_quietly(report.pdf.storage, stored_name)
    elif previous_name and previous_name != stored_name:
        _delete_quietly(report.pdf.storage, previous_name)


def report_failed(report, exc: BaseException) -> None:
    """Mark ``report`` failed with the reason, so it is shown and retried (P6.9)."""
    # Never a ready report: another job may have made it meanwhile, and ready is final.
    WrittenReport.objects.filter(pk=report.pk).exclude(state=WrittenReport.State.READY).update(
        state=WrittenReport.State.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:2000]
    )
    report.refresh_from_db()


def _delete_quietly(storage: Any, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # noqa: BLE001 - clean-up only; the outcome is already recorded
        logger.exception("could not remove report file %s", name)


def report_problems() -> list[str]:
    """Written reports that need a person: failed, stuck pending, or missing (P6.9).

    One line each, naming the record; ``verify_records`` prints them and exits non-zero.
    """
    problems: list[str] = []
    for report in (
        WrittenReport.objects.needing_attention().select_related("decision").order_by("pk")
    ):
        label = f"written report of record {report.decision.sequence} ({report.decision.code})"
        if report.state == WrittenReport.State.FAILED:
            problems.append(
                f"{label}: failed after {report.attempts} attempt(s): {report.last_error[:300]}"
            )
        else:
            since = timezone.localtime(report.pending_since).isoformat(timespec="minutes")
            problems.append(f"{label}: stuck, pending since {since}")
    for decision in Decision.objects.filter(report__isnull=True).order_by("sequence"):
        problems.append(f"written report of record {decision.sequence} ({decision.code}): missing")
    return problems


@task()
def generate_written_report(report_id: int) -> str:
    report = WrittenReport.objects.select_related("decision").get(pk=report_id)
    if report.state == WrittenReport.State.READY:
        return report.state
    report_generate(report)
    return report.state

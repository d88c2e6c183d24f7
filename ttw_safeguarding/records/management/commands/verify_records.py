from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ttw_safeguarding.records.decisions import ChainBreak, verify_chain
from ttw_safeguarding.records.evidence import evidence_file_problems
from ttw_safeguarding.records.integrity import report_integrity_failure_record
from ttw_safeguarding.records.reports import report_problems


class Command(BaseCommand):
    help = (
        "Recompute the hash chain of every recorded decision and check every stored written "
        "report against its SHA-256 and signature, checks every evidence file's stored bytes "
        "against the SHA-256 in its record, checks the seals and the signed checkpoints, "
        "and lists every written report that failed, is stuck pending or is missing. Prints OK "
        "with the count, or what is wrong, naming the record, and exits non-zero. Changes no "
        "record; a written report that fails its check is recorded as an integrity failure "
        "and the NSOs are told (once per report)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = verify_chain()
        except ChainBreak as exc:
            if exc.report is not None:
                report_integrity_failure_record(report=exc.report, detected_by=None)
            raise CommandError(f"BROKEN: {exc}") from exc
        self._evidence_files_whole(evidence_file_problems())
        self._reports_made(report_problems())
        self.stdout.write(f"OK: {count} decision records verified")

    def _evidence_files_whole(self, problems: list[str]) -> None:
        """Every attached file is as it was attached: present, and matching its SHA-256."""
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"BROKEN: {len(problems)} evidence file(s) missing or altered: {problems[0]}"
            )

    def _reports_made(self, problems: list[str]) -> None:
        """Every written report is made (P6.9): a failed or stuck one needs a person."""
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"NOT MADE: {len(problems)} written report(s) failed, stuck or missing "
                "(manage.py regenerate_reports makes them)"
            )

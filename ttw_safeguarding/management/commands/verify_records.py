from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ttw_safeguarding.decisions import ChainBreak, verify_chain
from ttw_safeguarding.integrity import report_integrity_failure_record


class Command(BaseCommand):
    help = (
        "Recompute the hash chain of every recorded decision and check every stored written "
        "report against its SHA-256. Prints OK with the count, or the first broken record "
        "and exits non-zero. Changes no record; a written report that fails its check is "
        "recorded as an integrity failure and the NSOs are told (once per report)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = verify_chain()
        except ChainBreak as exc:
            if exc.report is not None:
                report_integrity_failure_record(report=exc.report, detected_by=None)
            raise CommandError(f"BROKEN: {exc}") from exc
        self.stdout.write(f"OK: {count} decision records verified")

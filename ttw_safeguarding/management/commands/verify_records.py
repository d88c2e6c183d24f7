from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ttw_safeguarding.decisions import ChainBreak, verify_chain
from ttw_safeguarding.reports import report_problems


class Command(BaseCommand):
    help = (
        "Recompute the hash chain of every recorded decision and check every stored written "
        "report against its SHA-256, and lists every written report that failed, is stuck "
        "pending or is missing. Prints OK with the count, or what is wrong, naming the "
        "record, and exits non-zero. Reads only; changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = verify_chain()
        except ChainBreak as exc:
            raise CommandError(f"BROKEN: {exc}") from exc
        self._reports_made(report_problems())
        self.stdout.write(f"OK: {count} decision records verified")

    def _reports_made(self, problems: list[str]) -> None:
        """Every written report is made (P6.9): a failed or stuck one needs a person."""
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"NOT MADE: {len(problems)} written report(s) failed, stuck or missing "
                "(manage.py regenerate_reports makes them)"
            )

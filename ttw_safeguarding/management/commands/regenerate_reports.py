from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ttw_safeguarding.models import Decision, WrittenReport
from ttw_safeguarding.reports import report_generate


class Command(BaseCommand):
    help = (
        "Make the written reports that failed or never got made (and, with --pending, those "
        "still pending). Decisions are never changed. Use --dry-run to list them only."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List, change nothing.")
        parser.add_argument(
            "--pending", action="store_true", help="Also retry reports still pending."
        )

    def handle(
        self, *args: Any, dry_run: bool = False, pending: bool = False, **options: Any
    ) -> None:
        # A decision whose report row is missing altogether gets one.
        missing = Decision.objects.filter(report__isnull=True)
        states = [WrittenReport.State.FAILED] + ([WrittenReport.State.PENDING] if pending else [])
        if dry_run:
            todo = WrittenReport.objects.filter(state__in=states).count() + missing.count()
            self.stdout.write(f"{todo} written report(s) would be made.")
            return
        for decision in missing.iterator():
            WrittenReport.objects.create(decision=decision)
            states = [*states, WrittenReport.State.PENDING]
        made = failed = 0
        for report in WrittenReport.objects.filter(state__in=states).select_related("decision"):
            report_generate(report)
            if report.state == WrittenReport.State.READY:
                made += 1
            else:
                failed += 1
                self.stderr.write(f"still failing: {report.decision.code}: {report.last_error}")
        self.stdout.write(f"{made} written report(s) made, {failed} still failing.")
        if failed:
            raise SystemExit(1)

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ttw_safeguarding.records.models import Decision, WrittenReport
from ttw_safeguarding.records.reports import report_generate


class Command(BaseCommand):
    help = (
        "Make the written reports that failed, are stuck (pending longer than "
        "TTW_REPORT_STUCK_MINUTES: their job died or never ran) or never got made, and with "
        "--pending every report still pending. Decisions are never changed. Use --dry-run "
        "to count them only."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List, change nothing.")
        parser.add_argument(
            "--pending",
            action="store_true",
            help="Also make reports pending for less than the stuck time.",
        )

    def handle(
        self, *args: Any, dry_run: bool = False, pending: bool = False, **options: Any
    ) -> None:
        # A decision whose report row is missing altogether gets one.
        missing = Decision.objects.filter(report__isnull=True)
        todo = WrittenReport.objects.needing_attention()
        if pending:
            todo = todo | WrittenReport.objects.filter(state=WrittenReport.State.PENDING)
        if dry_run:
            self.stdout.write(f"{todo.count() + missing.count()} written report(s) would be made.")
            return
        created = [WrittenReport.objects.create(decision=d).pk for d in missing.iterator()]
        todo = todo | WrittenReport.objects.filter(pk__in=created)
        made = failed = 0
        for report in todo.select_related("decision").order_by("pk"):
            report_generate(report)
            if report.state == WrittenReport.State.READY:
                made += 1
            else:
                failed += 1
                self.stderr.write(f"still failing: {report.decision.code}: {report.last_error}")
        self.stdout.write(f"{made} written report(s) made, {failed} still failing.")
        if failed:
            raise SystemExit(1)

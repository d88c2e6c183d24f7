from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ttw_safeguarding.records.alerts import alerts_send


class Command(BaseCommand):
    help = (
        "Tell the owners of every item that has fallen due (triage, referrals, written reports, "
        "reviews, the designated-officer clock, planning requests, suspension reviews, media "
        "approaches, actions) in-app and by e-mail, and the owners and every National "
        "Safeguarding Officer when it is overdue. Each person is told once per item and stage "
        "however often it runs, so schedule it every few minutes. People who chose a daily "
        "digest are told in-app and get one e-mail a day from TTW_ALERT_DIGEST_HOUR. E-mails "
        "carry a sentence and a link, no case detail. With --dry-run, count and send nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")
        parser.add_argument(
            "--now",
            help="Act as at this ISO date and time (e.g. 2026-03-02T09:00+00:00), for checks.",
        )

    def handle(
        self, *args: Any, dry_run: bool = False, now: str | None = None, **options: Any
    ) -> None:
        when = self._parse_now(now)
        run = alerts_send(now=when, dry_run=dry_run)
        prefix = "Would send " if dry_run else "Sent "
        self.stdout.write(prefix + run.as_line())

    @staticmethod
    def _parse_now(value: str | None) -> dt.datetime:
        if not value:
            return timezone.now()
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise CommandError(f"--now: {value!r} is not an ISO date and time.")
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

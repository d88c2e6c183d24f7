from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ttw_safeguarding.records.models import OutboundEmail
from ttw_safeguarding.records.notifications import email_retry_pending


class Command(BaseCommand):
    help = "Send every pending or failed e-mail again. Use --dry-run to count them only."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        if dry_run:
            count = OutboundEmail.objects.exclude(state=OutboundEmail.State.SENT).count()
            self.stdout.write(f"{count} e-mail(s) waiting to be sent.")
            return
        sent, failed = email_retry_pending()
        self.stdout.write(f"{sent} sent, {failed} still failing.")
        if failed:
            raise SystemExit(1)

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ttw_safeguarding.records.checkpoints import checkpoint_latest, digest_send


class Command(BaseCommand):
    help = (
        "Take a signed checkpoint of the records if the latest does not cover them, and e-mail "
        "the latest checkpoint to every National Safeguarding Officer, so that a copy is kept "
        "outside the organisation's servers. The e-mail holds counts and hashes only, no case "
        "detail. Schedule it daily. With --dry-run, print the checkpoint and send nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print, send nothing.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        if dry_run:
            latest = checkpoint_latest()
            self.stdout.write(latest.as_line() if latest else "No checkpoint yet.")
            return
        queued = digest_send()  # takes a checkpoint first when the latest is behind
        self.stdout.write(f"Checkpoint digest queued to {queued} National Safeguarding Officer(s).")

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ttw_safeguarding.decisions import ChainBreak, verify_chain


class Command(BaseCommand):
    help = (
        "Recompute the hash chain of every recorded decision and check every stored written "
        "report against its SHA-256. Prints OK with the count, or the first broken record "
        "and exits non-zero. Reads only; changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = verify_chain()
        except ChainBreak as exc:
            raise CommandError(f"BROKEN: {exc}") from exc
        self.stdout.write(f"OK: {count} decision records verified")

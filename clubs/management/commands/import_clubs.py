"""Load or update TTW's regions, leagues and clubs from a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from clubs import importing


class Command(BaseCommand):
    help = (
        "Load or update regions, leagues and clubs with their welfare officers' contacts from "
        f"a CSV file with the header {','.join(importing.COLUMNS)}. Rows are matched by kind "
        "and name: running it twice gives the same tree. A file with any bad line is refused "
        "whole, one message per line, and nothing is written. --dry-run says what would "
        "change and writes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and count only.")

    def handle(self, *args: Any, file: Path, dry_run: bool = False, **options: Any) -> None:
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            result = importing.clubs_import(text=text, dry_run=dry_run)
        except importing.ClubFileRefused as exc:
            raise CommandError(
                f"{file} refused, nothing written:\n" + "\n".join(exc.problems)
            ) from exc
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(prefix + result.summary())

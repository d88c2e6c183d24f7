"""The clubs' CSV: regions, leagues and clubs with their contacts, loaded and updated.

One row per region, league or club, with the header::

    kind,name,region,league,welfare_officer_email,welfare_officer_phone

``kind`` is ``region``, ``league`` or ``club``; a league names its region (or none), a club
its league and region (either or none), each by name, from the file or already known.
Rows are matched by kind and name, so loading the same file again changes nothing, and a
changed contact or parent is updated. The whole file is checked before anything is
written: a file with any bad line is refused, with one message per line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from clubs.models import Club, League, Region

COLUMNS = ("kind", "name", "region", "league", "welfare_officer_email", "welfare_officer_phone")
KINDS = ("region", "league", "club")
MODELS: dict[str, type[Region] | type[League] | type[Club]] = {
    "region": Region,
    "league": League,
    "club": Club,
}
MAX_NAME = 200
MAX_PHONE = 40


class ClubFileRefused(Exception):
    """The file has bad lines; nothing was written. ``problems`` has one message per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    line: int
    kind: str
    name: str
    region: str
    league: str
    email: str
    phone: str


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: int = 0

    def summary(self) -> str:
        parts = [f"{self.created[k]} {k}s created, {self.updated[k]} updated" for k in KINDS]
        return "; ".join(parts) + f"; {self.unchanged} unchanged."


def _rows(text: str) -> tuple[list[Row], list[str]]:
    reader = csv.reader(io.StringIO(text))
    problems: list[str] = []
    header = next(reader, None)
    if header is None or tuple(h.strip().lower() for h in header) != COLUMNS:
        return [], [f"line 1: the header must be {','.join(COLUMNS)}"]
    rows: list[Row] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(COLUMNS):
            problems.append(f"line {line}: {len(values)} columns, expected {len(COLUMNS)}")
            continue
        kind, name, region, league, email, phone = (v.strip() for v in values)
        rows.append(Row(line, kind.lower(), name, region, league, email, phone))
    return rows, problems


def _row_problems(row: Row, names: dict[str, set[str]]) -> list[str]:
    at = f"line {row.line}"
    if row.kind not in KINDS:
        return [f"{at}: kind {row.kind!r} is not one of {', '.join(KINDS)}"]
    problems: list[str] = []
    if not row.name:
        problems.append(f"{at}: the name is empty")
    if len(row.name) > MAX_NAME:
        problems.append(f"{at}: the name is longer than {MAX_NAME} characters")
    if row.region and row.kind == "region":
        problems.append(f"{at}: a region belongs to no region")
    elif row.region and row.region not in names["region"]:
        problems.append(f"{at}: unknown region {row.region!r}")
    if row.league and row.kind != "club":
        problems.append(f"{at}: only a club belongs to a league")
    elif row.league and row.league not in names["league"]:
        problems.append(f"{at}: unknown league {row.league!r}")
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            problems.append(f"{at}: {row.email!r} is not an e-mail address")
    if len(row.phone) > MAX_PHONE:
        problems.append(f"{at}: the phone number is longer than {MAX_PHONE} characters")
    return problems


def check(text: str) -> list[Row]:
    """The file's rows, or ``ClubFileRefused`` with a message for every bad line."""
    rows, problems = _rows(text)
    names: dict[str, set[str]] = {
        "region": set(Region.objects.values_list("name", flat=True)),
        "league": set(League.objects.values_list("name", flat=True)),
    }
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.kind in names and row.name:
            names[row.kind].add(row.name)
    for row in rows:
        problems += _row_problems(row, names)
        first = seen.setdefault((row.kind, row.name), row.line)
        if first != row.line:
            problems.append(f"line {row.line}: {row.kind} {row.name!r} is already on line {first}")
    if problems:
        raise ClubFileRefused(sorted(problems, key=lambda p: int(p.split(":")[0].split()[1])))
    return rows


@transaction.atomic
def clubs_import(*, text: str, dry_run: bool = False) -> ImportResult:
    """Load ``text`` (the CSV): regions, then leagues, then clubs, each matched by name.

    Nothing is written when the file is refused or with ``dry_run`` (rolled back).
    """
    rows = check(text)
    result = ImportResult()
    for kind in KINDS:
        for row in (r for r in rows if r.kind == kind):
            wanted: dict[str, object] = {
                "welfare_officer_email": row.email,
                "welfare_officer_phone": row.phone,
            }
            if kind != "region":
                wanted["region"] = Region.objects.get(name=row.region) if row.region else None
            if kind == "club":
                wanted["league"] = League.objects.get(name=row.league) if row.league else None
            _save(MODELS[kind], row.name, wanted, kind, result)
    if dry_run:
        transaction.set_rollback(True)
    return result


def _save(
    model: type[Region] | type[League] | type[Club],
    name: str,
    wanted: dict[str, object],
    kind: str,
    result: ImportResult,
) -> None:
    existing = model.objects.filter(name=name).first()
    if existing is None:
        record = model(name=name, **wanted)
        record.full_clean()
        record.save()
        result.created[kind] += 1
        return
    changed = [k for k, v in wanted.items() if getattr(existing, k) != v]
    if not changed:
        result.unchanged += 1
        return
    for key in changed:
        setattr(existing, key, wanted[key])
    existing.full_clean()
    existing.save(update_fields=changed)
    result.updated[kind] += 1

"""The clubs' CSV: loaded twice gives the same tree; a bad file is refused whole, per line."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from clubs.importing import ClubFileRefused, clubs_import
from clubs.models import Club, League, Region

pytestmark = pytest.mark.django_db

GOOD = """kind,name,region,league,welfare_officer_email,welfare_officer_phone
club,Bangor TTC,North Wales TTA,Menai League,welfare@bangor.example,01248 000000
league,Menai League,North Wales TTA,,league@menai.example,
region,North Wales TTA,,,north@ttw.example,
region,South Wales TTA,,,south@ttw.example,
club,Cardiff TTC,South Wales TTA,,welfare@cardiff.example,
club,TTW Academy,,,,
"""


def tree() -> list[tuple[str, ...]]:
    return sorted(
        [("region", r.name, r.welfare_officer_email) for r in Region.objects.all()]
        + [
            ("league", x.name, x.region.name if x.region else "", x.welfare_officer_email)
            for x in League.objects.select_related("region")
        ]
        + [
            (
                "club",
                c.name,
                c.region.name if c.region else "",
                c.league.name if c.league else "",
                c.welfare_officer_email,
                c.welfare_officer_phone,
            )
            for c in Club.objects.select_related("region", "league")
        ]
    )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "clubs.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_loaded_twice_gives_the_same_tree(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    call_command("import_clubs", str(path))
    first = tree()
    call_command("import_clubs", str(path))
    assert tree() == first
    assert ("club", "Bangor TTC", "North Wales TTA", "Menai League", "welfare@bangor.example",
            "01248 000000") in first  # fmt: skip
    assert ("league", "Menai League", "North Wales TTA", "league@menai.example") in first
    assert ("club", "TTW Academy", "", "", "", "") in first
    out = capsys.readouterr().out
    assert "0 clubs created, 0 updated" in out.splitlines()[-1]
    assert "6 unchanged" in out.splitlines()[-1]


def test_a_changed_contact_or_parent_is_updated_in_place():
    clubs_import(text=GOOD)
    bangor = Club.objects.get(name="Bangor TTC")
    changed = GOOD.replace("welfare@bangor.example", "new@bangor.example").replace(
        "club,Cardiff TTC,South Wales TTA", "club,Cardiff TTC,North Wales TTA"
    )
    result = clubs_import(text=changed)
    assert result.updated["club"] == 2
    bangor.refresh_from_db()
    assert bangor.welfare_officer_email == "new@bangor.example"
    assert Club.objects.get(name="Cardiff TTC").region == Region.objects.get(name="North Wales TTA")
    assert Club.objects.count() == 3


def test_a_malformed_file_is_refused_whole_with_a_message_per_line(tmp_path):
    bad = (
        GOOD
        + "team,Bala TTC,,,,\n"  # line 8
        + "club,,North Wales TTA,,,\n"  # line 9
        + "club,Wrexham TTC,Mid Wales TTA,,,\n"  # line 10
        + "club,Rhyl TTC,,No Such League,not-an-email,\n"  # line 11
        + "club,Bangor TTC,,,,\n"  # line 12
        + "club,Short\n"  # line 13
    )
    path = write(tmp_path, bad)
    with pytest.raises(CommandError) as refused:
        call_command("import_clubs", str(path))
    message = str(refused.value)
    assert "nothing written" in message
    for expected in (
        "line 8: kind 'team' is not one of region, league, club",
        "line 9: the name is empty",
        "line 10: unknown region 'Mid Wales TTA'",
        "line 11: unknown league 'No Such League'",
        "line 11: 'not-an-email' is not an e-mail address",
        "line 12: club 'Bangor TTC' is already on line 2",
        "line 13: 2 columns, expected 6",
    ):
        assert expected in message
    assert not Region.objects.exists()
    assert not League.objects.exists()
    assert not Club.objects.exists()


def test_a_wrong_header_is_refused():
    with pytest.raises(ClubFileRefused) as refused:
        clubs_import(text="name,region\nBangor TTC,North\n")
    assert refused.value.problems == [
        "line 1: the header must be kind,name,region,league,"
        "welfare_officer_email,welfare_officer_phone"
    ]


def test_a_dry_run_counts_and_writes_nothing(tmp_path, capsys):
    call_command("import_clubs", str(write(tmp_path, GOOD)), "--dry-run")
    out = capsys.readouterr().out
    assert out.startswith("Dry run, nothing written: 2 regions created")
    assert "3 clubs created" in out
    assert not Club.objects.exists()

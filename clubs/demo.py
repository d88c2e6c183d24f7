"""Invented clubs in two regions, and the demo welfare officers' clubs and region."""

from __future__ import annotations

from typing import Any

from clubs.models import Club, ClubWelfareOfficer, League, Region, RegionalWelfareOfficer

REGIONS = ("North Wales (demo)", "South Wales (demo)")
LEAGUES = {"Menai League (demo)": REGIONS[0], "Taff League (demo)": REGIONS[1]}
CLUBS = {
    "Bangor Spinners TTC (demo)": ("Menai League (demo)", REGIONS[0]),
    "Caernarfon Loopers TTC (demo)": ("Menai League (demo)", REGIONS[0]),
    "Cardiff Topspin TTC (demo)": ("Taff League (demo)", REGIONS[1]),
    "Pontypridd Chop TTC (demo)": ("Taff League (demo)", REGIONS[1]),
}
# Demo user -> the club (or, for the regional officer, the region) they look after.
CLUB_WELFARE_OFFICERS = {"cwo": "Bangor Spinners TTC (demo)", "cwo2": "Cardiff Topspin TTC (demo)"}
REGIONAL_WELFARE_OFFICERS = {"rwo": REGIONS[0]}


def _contacts(name: str) -> dict[str, str]:
    slug = "".join(ch for ch in name.lower().split("(")[0] if ch.isalnum())
    return {"welfare_officer_email": f"welfare@{slug}.demo.example", "welfare_officer_phone": ""}


def seed_demo_clubs(users: dict[str, Any]) -> str:
    if Club.objects.filter(name__in=CLUBS).exists():
        return ""
    regions = {
        name: Region.objects.get_or_create(name=name, defaults=_contacts(name))[0]
        for name in REGIONS
    }
    leagues = {
        name: League.objects.get_or_create(
            name=name, defaults={"region": regions[region], **_contacts(name)}
        )[0]
        for name, region in LEAGUES.items()
    }
    clubs = {
        name: Club.objects.get_or_create(
            name=name,
            defaults={"league": leagues[league], "region": regions[region], **_contacts(name)},
        )[0]
        for name, (league, region) in CLUBS.items()
    }
    for username, club in CLUB_WELFARE_OFFICERS.items():
        if username in users:
            ClubWelfareOfficer.objects.get_or_create(user=users[username], club=clubs[club])
    for username, region in REGIONAL_WELFARE_OFFICERS.items():
        if username in users:
            RegionalWelfareOfficer.objects.get_or_create(
                user=users[username], defaults={"region": regions[region]}
            )
    return f"Demo clubs: {len(clubs)} in {len(regions)} regions."

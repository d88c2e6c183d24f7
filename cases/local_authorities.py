"""The 22 principal local authorities of Wales, and "Outside Wales": where a concern happened.

A referral goes to the local authority where the concern occurred, not where the child or the
reporter lives (Wales Safeguarding Procedures, section C2), so every concern records the area.
Each authority belongs to one regional safeguarding board. The rows are reference data, loaded
by a migration (``cases.migrations.0009_welsh_local_authorities``) through ``load``, which may
run again: it updates the rows it finds by code and adds the missing ones.
"""

from __future__ import annotations

from typing import Any, NamedTuple

OUTSIDE_WALES = "outside-wales"

# The regional safeguarding boards (Social Services and Well-being (Wales) Act 2014, Part 7).
NORTH_WALES = "north_wales"
MID_AND_WEST_WALES = "mid_and_west_wales"
WEST_GLAMORGAN = "west_glamorgan"
CWM_TAF_MORGANNWG = "cwm_taf_morgannwg"
CARDIFF_AND_VALE = "cardiff_and_vale"
GWENT = "gwent"


class Authority(NamedTuple):
    code: str
    name: str
    welsh_name: str
    region: str


AUTHORITIES = [
    Authority("isle-of-anglesey", "Isle of Anglesey", "Ynys Môn", NORTH_WALES),
    Authority("gwynedd", "Gwynedd", "Gwynedd", NORTH_WALES),
    Authority("conwy", "Conwy", "Conwy", NORTH_WALES),
    Authority("denbighshire", "Denbighshire", "Sir Ddinbych", NORTH_WALES),
    Authority("flintshire", "Flintshire", "Sir y Fflint", NORTH_WALES),
    Authority("wrexham", "Wrexham", "Wrecsam", NORTH_WALES),
    Authority("powys", "Powys", "Powys", MID_AND_WEST_WALES),
    Authority("ceredigion", "Ceredigion", "Ceredigion", MID_AND_WEST_WALES),
    Authority("pembrokeshire", "Pembrokeshire", "Sir Benfro", MID_AND_WEST_WALES),
    Authority("carmarthenshire", "Carmarthenshire", "Sir Gaerfyrddin", MID_AND_WEST_WALES),
    Authority("swansea", "Swansea", "Abertawe", WEST_GLAMORGAN),
    Authority("neath-port-talbot", "Neath Port Talbot", "Castell-nedd Port Talbot", WEST_GLAMORGAN),
    Authority("bridgend", "Bridgend", "Pen-y-bont ar Ogwr", CWM_TAF_MORGANNWG),
    Authority("rhondda-cynon-taf", "Rhondda Cynon Taf", "Rhondda Cynon Taf", CWM_TAF_MORGANNWG),
    Authority("merthyr-tydfil", "Merthyr Tydfil", "Merthyr Tudful", CWM_TAF_MORGANNWG),
    Authority("vale-of-glamorgan", "Vale of Glamorgan", "Bro Morgannwg", CARDIFF_AND_VALE),
    Authority("cardiff", "Cardiff", "Caerdydd", CARDIFF_AND_VALE),
    Authority("caerphilly", "Caerphilly", "Caerffili", GWENT),
    Authority("blaenau-gwent", "Blaenau Gwent", "Blaenau Gwent", GWENT),
    Authority("torfaen", "Torfaen", "Tor-faen", GWENT),
    Authority("monmouthshire", "Monmouthshire", "Sir Fynwy", GWENT),
    Authority("newport", "Newport", "Casnewydd", GWENT),
    # A concern at an away fixture in England, say: referred to the authority there.
    Authority(OUTSIDE_WALES, "Outside Wales", "Y tu allan i Gymru", ""),
]


def load(model: Any) -> None:
    """Make ``model``'s rows those above: the model class, or a migration's historical one."""
    for authority in AUTHORITIES:
        model.objects.update_or_create(
            code=authority.code,
            defaults={
                "name": authority.name,
                "welsh_name": authority.welsh_name,
                "region": authority.region,
                "in_wales": authority.code != OUTSIDE_WALES,
            },
        )

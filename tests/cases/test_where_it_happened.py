"""Where a concern happened: the area it records, and the referral that goes there.

Wales Safeguarding Procedures, section C2: a referral goes to the local authority where the
concern occurred, not where the child or the reporter lives. Sam (staff) records concerns;
Olivia (officer) triages them and records the referral.
"""

from __future__ import annotations

import html
import importlib
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from cases import local_authorities
from cases.models import Concern, LocalAuthority, Referral
from sharing import policy
from tests.cases.conftest import concern_fields
from tests.conftest import pdf_text
from ttw_safeguarding.records.models import WrittenReport

pytestmark = pytest.mark.django_db

WELSH = {
    "Isle of Anglesey",
    "Gwynedd",
    "Conwy",
    "Denbighshire",
    "Flintshire",
    "Wrexham",
    "Powys",
    "Ceredigion",
    "Pembrokeshire",
    "Carmarthenshire",
    "Swansea",
    "Neath Port Talbot",
    "Bridgend",
    "Vale of Glamorgan",
    "Cardiff",
    "Rhondda Cynon Taf",
    "Merthyr Tydfil",
    "Caerphilly",
    "Blaenau Gwent",
    "Torfaen",
    "Monmouthshire",
    "Newport",
}


def area(code: str) -> LocalAuthority:
    return LocalAuthority.objects.get(code=code)


def _rows() -> list[tuple]:
    return list(
        LocalAuthority.objects.order_by("code").values_list(
            "pk", "code", "name", "welsh_name", "region", "in_wales"
        )
    )


# --- the reference data -------------------------------------------------------------------


def test_the_22_welsh_authorities_and_outside_wales_are_loaded_once():
    authorities = LocalAuthority.objects.all()
    assert authorities.count() == 23
    assert {a.name for a in authorities if a.in_wales} == WELSH
    assert [a.name for a in authorities][-1] == "Outside Wales"
    assert all(a.region for a in authorities if a.in_wales)
    assert area(local_authorities.OUTSIDE_WALES).region == ""


def test_loading_again_changes_nothing():
    before = _rows()
    migration = importlib.import_module("cases.migrations.0009_welsh_local_authorities")
    migration.load(apps, None)
    local_authorities.load(LocalAuthority)
    assert _rows() == before


def test_loading_puts_back_a_changed_row_and_a_missing_one():
    before = _rows()
    LocalAuthority.objects.filter(code="powys").update(name="Powis", region="")
    LocalAuthority.objects.filter(code="newport").delete()
    local_authorities.load(LocalAuthority)
    after = _rows()
    assert len(after) == 23
    assert [row[1:] for row in after] == [row[1:] for row in before]


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("isle-of-anglesey", LocalAuthority.Region.NORTH_WALES),
        ("wrexham", LocalAuthority.Region.NORTH_WALES),
        ("powys", LocalAuthority.Region.MID_AND_WEST_WALES),
        ("pembrokeshire", LocalAuthority.Region.MID_AND_WEST_WALES),
        ("neath-port-talbot", LocalAuthority.Region.WEST_GLAMORGAN),
        ("bridgend", LocalAuthority.Region.CWM_TAF_MORGANNWG),
        ("vale-of-glamorgan", LocalAuthority.Region.CARDIFF_AND_VALE),
        ("caerphilly", LocalAuthority.Region.GWENT),
    ],
)
def test_each_authority_is_in_its_safeguarding_region(code, region):
    assert area(code).region == region


# --- the concern form ---------------------------------------------------------------------


def test_the_concern_form_requires_the_area_and_says_why(client_for, staff):
    sam = client_for(staff)
    response = sam.post(
        reverse("cases:concern_new"), concern_fields(child="new", local_authority="")
    )
    assert response.status_code == 200
    assert html.escape(policy.CONCERN_AREA_REQUIRED) in response.content.decode()
    assert not Concern.objects.exists()


def test_an_area_that_is_not_one_is_refused(client_for, staff):
    sam = client_for(staff)
    data = concern_fields(child="new", local_authority="atlantis")
    response = sam.post(reverse("cases:concern_new"), data)
    assert response.status_code == 200
    assert not Concern.objects.exists()


def _new_child() -> dict[str, str]:
    return {"child": "new", "child-name": "Alex Example", "child-approximate_age": "9"}


def test_the_concern_records_place_town_and_area(
    client_for, staff, django_capture_on_commit_callbacks
):
    sam = client_for(staff)
    data = concern_fields(
        venue="Leisure centre", town="Bala", local_authority="gwynedd", **_new_child()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = sam.post(reverse("cases:concern_new"), data)
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.venue, concern.town, concern.local_authority) == (
        "Leisure centre",
        "Bala",
        area("gwynedd"),
    )
    page = sam.get(reverse("cases:submission_detail", args=[concern.code])).content.decode()
    assert "Bala" in page and "Gwynedd" in page


# --- pages and the written report ---------------------------------------------------------


@pytest.fixture
def gwynedd_case(staff, officer, record_concern, triage_concern):
    concern = record_concern(
        staff, venue="Leisure centre", town="Bala & Llyn <3", local_authority=area("gwynedd")
    )
    return concern, triage_concern(officer, concern).case


def test_the_concern_and_case_pages_show_where_it_happened(client_for, officer, gwynedd_case):
    concern, case = gwynedd_case
    olivia = client_for(officer)
    triage = olivia.get(reverse("cases:triage", args=[concern.code])).content.decode()
    # User text escaped, as everywhere.
    assert "Bala &amp; Llyn &lt;3" in triage and "Gwynedd" in triage
    page = olivia.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert re.search(r'in <span class="concern-area">Gwynedd</span>', page)


def test_the_chronology_shows_where_it_happened(client_for, officer, gwynedd_case):
    _, case = gwynedd_case
    page = client_for(officer).get(reverse("cases:chronology", args=[case.code])).content
    text = page.decode()
    assert "Leisure centre, Bala &amp; Llyn &lt;3" in text and "Gwynedd" in text


def test_the_concerns_written_report_shows_place_and_area(gwynedd_case):
    concern, _ = gwynedd_case
    report = WrittenReport.objects.get(decision=concern)
    # A long label wraps in its table cell.
    text = " ".join(pdf_text(report.pdf.open("rb").read()).split())
    assert "Venue Leisure centre Town Bala & Llyn <3" in text
    assert "Local authority area where it happened Gwynedd" in text


# --- the referral form --------------------------------------------------------------------


def _options(page: str) -> list[tuple[str, bool]]:
    select = re.search(r'<select name="local_authority".*?</select>', page, re.S)
    assert select is not None
    return [
        (value, "selected" in attrs)
        for attrs, value in (
            (m.group(0), m.group(1))
            for m in re.finditer(r'<option value="([^"]*)"[^>]*>', select.group(0))
        )
        if value
    ]


def test_the_referral_form_offers_the_authority_where_it_happened_first(
    client_for, officer, gwynedd_case
):
    _, case = gwynedd_case
    page = client_for(officer).get(reverse("cases:referral_add", args=[case.code]))
    text = page.content.decode()
    options = _options(text)
    assert options[0] == ("gwynedd", True)
    assert [value for value, selected in options if selected] == ["gwynedd"]
    assert len(options) == 23
    assert "where it happened, as the Wales Safeguarding Procedures ask" in text


def test_the_latest_concerns_area_comes_first(
    client_for, staff, officer, gwynedd_case, record_concern, triage_concern
):
    concern, case = gwynedd_case
    later = record_concern(staff, child=concern.child, local_authority=area("cardiff"))
    triage_concern(officer, later, case=case)
    page = client_for(officer).get(reverse("cases:referral_add", args=[case.code]))
    assert [value for value, _ in _options(page.content.decode())][:2] == ["cardiff", "gwynedd"]


def test_a_case_whose_concerns_name_no_area_offers_none_first(
    client_for, staff, officer, record_concern, triage_concern
):
    case = triage_concern(officer, record_concern(staff)).case
    page = client_for(officer).get(reverse("cases:referral_add", args=[case.code]))
    options = _options(page.content.decode())
    assert not [value for value, selected in options if selected]
    assert options[0] == ("blaenau-gwent", False)
    assert options[-1] == ("outside-wales", False)


def test_another_authority_can_be_chosen(
    client_for, officer, gwynedd_case, django_capture_on_commit_callbacks
):
    _, case = gwynedd_case
    olivia = client_for(officer)
    url = reverse("cases:referral_add", args=[case.code])
    key = re.search(r'name="submission_key" value="([^"]+)"', olivia.get(url).content.decode())
    assert key is not None
    data = {
        "submission_key": key.group(1),
        "agency": "social_care",
        "agency_contact": "Duty desk",
        "referred_at": "2026-01-05T10:00",
        "method": "phone",
        "information_shared": "The concern.",
        "facts": "What the child said.",
        "reason": "It meets the threshold.",
        "local_authority": "conwy",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = olivia.post(url, data)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.local_authority == area("conwy")
    text = pdf_text(WrittenReport.objects.get(decision=referral).pdf.open("rb").read())
    assert "Conwy" in text


# --- the records stay intact --------------------------------------------------------------


def test_verify_records_passes_with_concerns_with_and_without_an_area(
    staff, officer, gwynedd_case, record_concern, capsys
):
    record_concern(staff)
    call_command("verify_records")
    assert "OK" in capsys.readouterr().out

"""An officer attaches a scanned photo to a case; a file renamed to look like a PDF is refused.

Olivia (officer) opens the case, tries to attach a web page renamed ``notes.pdf`` and is
told the type cannot be attached; she attaches a PNG photo instead, finds it listed on
the case, opens its page with its server-made preview and downloads it, byte for byte.
Sam (staff) asking for the same file is answered "not found". Every main page on the
way is checked with axe and at 320 px.
"""

from __future__ import annotations

import io

from django.urls import reverse
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.browser.ui import check_page, download
from tests.ttw_safeguarding.access_registry import World
from ttw_safeguarding.records.models import EvidenceFile


def field(page: Page, label: str) -> Locator:
    return page.get_by_label(label, exact=True).or_(page.get_by_label(f"{label}*", exact=True))


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 160, 90)).save(out, format="PNG")
    return out.getvalue()


def test_an_officer_attaches_a_photo_and_a_disguised_page_is_refused(
    browser_for, officer, staff, live_server
):
    problems: list[str] = []
    case = World(users={"officer": officer, "staff": staff}, capture=None).case  # type: ignore[arg-type]

    olivia = browser_for(officer)
    olivia.goto(reverse("cases:detail", args=[case.code]))
    olivia.get_by_role("link", name="Attach a file").click()
    expect(olivia.get_by_role("heading", level=1)).to_contain_text("Attach a file")
    check_page(olivia, problems)

    field(olivia, "File").set_input_files(
        {
            "name": "notes.pdf",
            "mimeType": "application/pdf",
            "buffer": b"<html><body>hi</body></html>",
        }
    )
    field(olivia, "Why it is kept on the record").fill("The parent's letter, scanned.")
    olivia.get_by_role("button", name="Attach the file").click()
    expect(olivia.get_by_text("There is a problem")).to_be_visible()
    expect(olivia.get_by_text("This type of file cannot be attached").first).to_be_visible()
    assert not EvidenceFile.objects.exists()

    photo = _photo()
    field(olivia, "File").set_input_files(
        {"name": "bruise-photo.png", "mimeType": "image/png", "buffer": photo}
    )
    field(olivia, "What the file is").fill("Photo of the bruise taken by the parent.")
    field(olivia, "Why it is kept on the record").fill("Shows the injury described.")
    olivia.get_by_role("button", name="Attach the file").click()
    expect(olivia.get_by_text("is attached and recorded")).to_be_visible()
    expect(olivia.get_by_role("link", name="bruise-photo.png")).to_be_visible()

    olivia.get_by_role("link", name="bruise-photo.png").click()
    expect(olivia.get_by_role("heading", level=1)).to_contain_text("Evidence file")
    preview = olivia.get_by_role("img", name="Preview of bruise-photo.png")
    expect(preview).to_be_visible()
    # Visible is not loaded: wait for the server-made preview to be fetched and decoded (a
    # preview that fails to load rejects here).
    assert preview.evaluate("img => img.decode().then(() => img.naturalWidth)") == 64
    check_page(olivia, problems)
    assert download(olivia, "Download the file") == photo

    item = EvidenceFile.objects.get()
    sam = browser_for(staff)
    answer = sam.goto(live_server.url + reverse("evidence:download", args=[item.code]))
    assert answer is not None and answer.status == 404
    assert not problems, "\n".join(problems)

"""What the browser tests do on a page: sign in, check accessibility and width, download."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, pdf_text

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Impacts that fail a page (axe reports minor and moderate ones too).
BLOCKING_IMPACTS = {"serious", "critical"}
NARROW_WIDTH = 320


def login(page: Page, user: Any, password: str = PASSWORD) -> None:
    """Sign in through the real login form and land on the home page."""
    page.goto("/accounts/login/")
    # Field names end in "username"/"password" on Django's form and on a wizard's step.
    page.locator("input[name$='username']").fill(user.get_username())
    page.locator("input[name$='password']").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")


@cache
def _axe_source() -> str:
    return AXE_SOURCE.read_text()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page as it is now.

    axe is injected with ``evaluate``: the Content Security Policy forbids the
    page's own inline scripts, but not code run by the browser's automation.
    """
    page.evaluate(_axe_source())
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
    return "\n".join(lines)


_WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const right = el.getBoundingClientRect().right;
    if (right > width + 1) {
      const cls = typeof el.className === "string" ? el.className.trim() : "";
      wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (cls ? "." + cls.split(/\\s+/).join(".") : "") + " (right edge " + Math.round(right) + ")");
    }
  }
  return wide.slice(0, 8);
}"""


def horizontal_overflow(page: Page, width: int = NARROW_WIDTH) -> tuple[int, list[str]]:
    """How many pixels the page scrolls sideways at ``width`` (0 when it fits),
    and the first elements that stick out."""
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": 800})
    try:
        overflow = page.evaluate(
            "() => Math.max(document.documentElement.scrollWidth,"
            " document.body.scrollWidth) - document.documentElement.clientWidth"
        )
        culprits = page.evaluate(_WIDER_THAN_VIEWPORT) if overflow > 0 else []
        return overflow, culprits
    finally:
        if original:
            page.set_viewport_size(original)


def check_page(page: Page, problems: list[str] | None = None) -> None:
    """The page has one h1, no serious or critical axe violation, and fits 320 px.

    With ``problems``, what is wrong is added to that list instead of failing at
    once, so that a journey walks on and reports every page it found wanting.
    """
    found: list[str] = []
    h1_count = page.locator("h1").count()
    if h1_count != 1:
        found.append(f"{page.url} has {h1_count} h1 headings, not one")
    violations = axe_violations(page)
    if violations:
        found.append(f"axe on {page.url}:\n{describe_violations(violations)}")
    overflow, culprits = horizontal_overflow(page)
    if overflow > 0:
        found.append(
            f"{page.url} scrolls {overflow}px sideways at {NARROW_WIDTH}px; wider than the "
            f"window: {', '.join(culprits)}"
        )
    if problems is None:
        assert not found, "\n".join(found)
    else:
        problems.extend(found)


def download(page: Page, link_name: str | re.Pattern[str]) -> bytes:
    """Click the link or button called ``link_name`` and return the downloaded file."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = info.value.path()
    return Path(path).read_bytes()


def flat(text: str) -> str:
    """The text with every run of whitespace folded to one space (PDF lines break anywhere)."""
    return " ".join(text.split())


def assert_written_report(
    pdf: bytes, *, decision: str, facts: str, opinion: str, clauses: tuple[str, ...]
) -> str:
    """The PDF is a written report of ``decision`` with its facts and opinion apart (P6.10).

    Returns the report's text, whitespace folded, for further checks.
    """
    text = flat(pdf_text(pdf))
    assert flat(decision) in text, f"decision {decision!r} not in the report"
    for clause in clauses:
        assert clause in text, f"clause {clause} not in the report"
    # Facts and opinion each stand under their own heading (set in capitals), in that order.
    facts_at = text.index("FACTS")
    opinion_at = text.index("PROFESSIONAL OPINION")
    assert facts_at < text.index(flat(facts)) < opinion_at < text.index(flat(opinion))
    return text

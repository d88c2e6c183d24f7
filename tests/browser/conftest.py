"""Browser tests: Debian's Chromium, driven by Playwright, against a live server.

Every test here signs in through the real login form, checks each main page it
passes with axe-core (no serious or critical violation) and at 320 px wide (no
horizontal scrolling), and keeps a screenshot of every open page when it fails
(``test-results/``).

Playwright's sync API runs an event loop in the test thread; Django refuses ORM
calls from a thread with a running loop unless told it is safe, which it is
here: the ORM calls in these tests are plain synchronous ones.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# pytest-django's live server listens here (read when the fixture starts).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

from playwright.sync_api import BrowserContext, Page  # noqa: E402

from tests.browser.ui import login  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"
CHROMIUM = "/usr/bin/chromium"


# --- collection -------------------------------------------------------------------


HERE = Path(__file__).parent


def _is_ours(item: pytest.Item) -> bool:
    return HERE in Path(str(item.fspath)).parents


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark every test here ``browser`` as it is collected.

    Marked this early, ``-m browser`` and ``-m "not browser"`` (make test) select
    them: pytest deselects by marker before the reordering below runs.
    """
    if _is_ours(item):
        item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the browser tests last.

    Live-server tests empty the database when they end; running them after every
    other test means no test ever starts on a database they emptied. Each one
    restores what the migrations created (roles) through ``serialized_rollback``.
    """
    ours = [item for item in items if _is_ours(item)]
    others = [item for item in items if item not in set(ours)]
    items[:] = others + ours


# --- the browser ------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, never a browser downloaded by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test-system-deps` (installs chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _serialized_rollback_under_the_event_loop(
    django_db_setup: None, playwright: Any, django_db_blocker: Any
) -> None:
    """Give the connections seen under Playwright's event loop the migrated rows to restore.

    Django keeps connections per thread, and per context while an event loop runs
    in the thread (asgiref's Local). Playwright's sync API runs a loop in the test
    thread, so browser tests get a connection of their own, made after the test
    databases were set up: without the contents serialized then, ``serialized_rollback``
    restores nothing, and every browser test after the first finds no roles. This
    happens whenever a database test ran before the first browser test.
    """
    from django.db import connections

    # The thread's own storage, as seen outside any event loop.
    plain = connections._connections._storage  # type: ignore[attr-defined]  # Django's own
    for alias in connections:
        serialized = getattr(getattr(plain, alias, None), "_test_serialized_contents", None)
        if serialized is None:
            continue
        with django_db_blocker.unblock():
            connection = connections[alias]
        if not hasattr(connection, "_test_serialized_contents"):
            connection._test_serialized_contents = serialized  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _browser_settings(settings: Any) -> None:
    # Sign-in in these tests is the password step only; the second factor has its own tests.
    settings.TTW_REQUIRE_2FA = False


@pytest.fixture
def app_url(live_server: Any) -> Callable[[str], str]:
    """Absolute URL on the live server for a path."""

    def _url(path: str) -> str:
        return f"{live_server.url}{path}"

    return _url


@pytest.fixture(autouse=True)
def _screenshot_on_failure(
    request: pytest.FixtureRequest, new_context: Callable[..., BrowserContext], browser: Any
) -> Iterator[None]:
    """Keep a full-page screenshot of every open page when the test fails.

    Depends on ``new_context`` so that it runs before the contexts are closed.
    """
    yield
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.failed:
        return
    folder = RESULTS / re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.nodeid)[-120:]
    folder.mkdir(parents=True, exist_ok=True)
    for c, context in enumerate(browser.contexts):
        for p, open_page in enumerate(context.pages):
            path = folder / f"context{c}-page{p}.png"
            try:
                open_page.screenshot(path=str(path), full_page=True)
            except Exception as exc:  # noqa: BLE001 - a failed screenshot must not hide the failure
                print(f"screenshot of {open_page.url} failed: {exc}")
            else:
                print(f"screenshot of {open_page.url}: {path}")


@pytest.fixture
def browser_for(
    new_context: Callable[..., BrowserContext], live_server: Any
) -> Callable[[Any], Page]:
    """A page in a fresh browser context (own cookies), signed in as ``user``."""

    def _open(user: Any) -> Page:
        context = new_context(base_url=live_server.url, accept_downloads=True)
        page = context.new_page()
        login(page, user)
        return page

    return _open

"""Browser fixtures: Playwright (Python) driving Debian's Chromium against ``live_server``.

pytest-playwright is not used: it cannot select ``/usr/bin/chromium`` by channel, and a
session-scoped browser with a fresh page per test is all these tests need.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, sync_playwright

from govit.testing.world import World, build_world

CHROMIUM = os.environ.get("GOVIT_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling Google's hosts, which a
# closed government network (and this CI) refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (see .ci/run)")
    # Django refuses ORM calls from a thread with a running event loop, and the sync Playwright
    # API runs one in the test thread (fixtures building data, the database flush).  Set here,
    # not at import, so that runs without a browser keep Django's check (`make test-e2e` sets
    # it too).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_world(transactional_db: None, django_db_serialized_rollback: None) -> World:
    """The personas, committed, so that the live server's thread sees them.

    Serialized rollback restores what the data migrations loaded (holidays, policy packs)
    after the flush that ends a transactional test, so later tests still find them.
    """
    return build_world()


@pytest.fixture
def screenshot_dir() -> Path:
    """``var/screenshots`` of the repository: kept after the run for people to look at."""
    folder = Path(settings.BASE_DIR) / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder

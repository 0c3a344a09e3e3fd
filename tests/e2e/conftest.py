"""Browser tests: Playwright's sync API driving the system Chromium against the live server.

One browser per test process (session scope), a fresh context (cookies, storage) per test. The
live server runs in a thread of the test process over the test database; `transactional_db`
(pulled in by pytest-django for every test using `live_server`) commits the demo data so the
server thread sees it, and empties the tables after each test. The demo is seeded once per test
process (and day) and copied back before each later test (tests/db_snapshot.py).
"""

from __future__ import annotations

import datetime
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from measurement.selectors_dashboard import recent_cards
from tests.db_snapshot import Snapshot, snapshot_restore, snapshot_take

from .axe import assert_no_browser_errors, watch_context

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
# Playwright's default wait of 30 s hides hangs; pages here answer in well under a second.
TIMEOUT_MS = 10_000

DEMO_PASSWORD = "Kalundborg-demo-2026"
DEMO_SLUG = "kalundborg"
DEMO_ROLES = ("secretariat", "steering", "coordinator", "member", "youth")


@dataclass(frozen=True)
class Demo:
    """The seeded demo alliance as the browser sees it."""

    base_url: str
    slug: str = DEMO_SLUG
    password: str = DEMO_PASSWORD

    @staticmethod
    def email(role: str) -> str:
        return f"{role}@example.org"

    @property
    def home_path(self) -> str:
        return f"/{self.slug}/"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome on the item, so fixtures can react to a failed test."""
    report = yield
    setattr(item, f"_e2e_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip(f"Browser tests need the system Chromium at {CHROMIUM}, which is missing.")
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture(scope="session")
def browser(playwright_driver) -> Iterator:
    """One headless Chromium per test process."""
    browser = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def demo_rows() -> dict[datetime.date, Snapshot]:
    """The seeded demo's rows, by the day they were seeded (filled by the first `demo`)."""
    return {}


@pytest.fixture
def demo(live_server, transactional_db, settings, demo_rows) -> Demo:
    """The demo alliance with its five demo logins, committed for the live server to serve.

    Seeding takes seconds, so the first test of the process seeds and snapshots the rows, and
    every later test gets them back by copy, with the same ids (seed_demo writes no files and
    nothing to the cache). The demo's dates count from the day it is seeded, so a test on a
    later day seeds afresh. The dashboard cards this process keeps in memory (by indicator id)
    are dropped, so every test starts without them, as after a fresh seed.

    The cache gets a key prefix of its own: login rate limits are counted per IP address in
    the cache, and every test client and browser here is 127.0.0.1, so a shared cache would let
    tests running in parallel (or earlier runs against the same Redis) lock each other out.
    """
    caches = {alias: dict(config) for alias, config in settings.CACHES.items()}
    for config in caches.values():
        config["KEY_PREFIX"] = f"e2e-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches
    today = timezone.localdate()
    if today in demo_rows:
        snapshot_restore(demo_rows[today])
    else:
        call_command("seed_demo", allow_demo_users=True, quiet=True)
        demo_rows.clear()
        demo_rows[today] = snapshot_take()
    recent_cards.clear()
    return Demo(base_url=live_server.url)


def _new_context(browser, base_url: str | None, viewport: dict):
    # A Danish browser: the platform is Danish first and picks the language from the request.
    context = browser.new_context(
        base_url=base_url,
        viewport=viewport,
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    watch_context(context)
    return context


def _open_page(request, browser, base_url: str | None, viewport: dict) -> Iterator:
    context = _new_context(browser, base_url, viewport)
    page = context.new_page()
    yield page
    try:
        report = getattr(request.node, "_e2e_report_call", None)
        if report is not None and report.failed:
            shots = Path(os.environ.get("E2E_FAILURE_DIR", "/tmp/e2e-failures"))
            shots.mkdir(parents=True, exist_ok=True)
            target = shots / f"{request.node.name}.png"
            page.screenshot(path=str(target), full_page=True)
            print(f"\nScreenshot of the failing page ({page.url}): {target}")
        else:
            # Anything the browser complained about after the last check still fails the test.
            assert_no_browser_errors(page)
    finally:
        context.close()


@pytest.fixture
def page(request, browser, demo) -> Iterator:
    """A desktop-sized page in a fresh browser context, watched for console and CSP errors."""
    yield from _open_page(request, browser, demo.base_url, DESKTOP)


@pytest.fixture
def phone_page(request, browser, demo) -> Iterator:
    """A phone-sized page (360x740) in a fresh browser context."""
    yield from _open_page(request, browser, demo.base_url, PHONE)


@pytest.fixture
def bare_page(request, browser) -> Iterator:
    """A watched desktop page with no server or database behind it."""
    yield from _open_page(request, browser, None, DESKTOP)

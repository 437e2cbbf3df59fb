"""Real-browser fixtures: one headless Chromium per run, a fresh context per test.

Chromium is Debian's package at /usr/bin/chromium, driven by Playwright's Python API through
`executable_path` (Playwright never downloads a browser here). Without it the browser tests
skip, unless IEP_REQUIRE_CHROMIUM=1 (as in CI), where a missing browser is a failure.

The app runs in pytest-django's live server thread, in this process, on the test
database: rows made by factories are committed (live_server implies transactional_db) and
mail lands in django.core.mail.outbox. The suite's frozen clock (tests/conftest.py) is
process-wide, so the server's "today" and the TOTP codes computed here agree.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from tests.browser.helpers import Steps

# Debian's chromium package; IEP_CHROMIUM points elsewhere (e.g. another distribution's path).
CHROMIUM = Path(os.environ.get("IEP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}


def _unavailable(reason: str) -> None:
    if os.environ.get("IEP_REQUIRE_CHROMIUM") == "1":
        pytest.fail(f"{reason} (IEP_REQUIRE_CHROMIUM=1, so this is a failure)", pytrace=False)
    pytest.skip(f"{reason}; install Debian's chromium package to run the browser tests")


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One Chromium for every browser test, closed when the browser tests are done."""
    if not CHROMIUM.exists():
        _unavailable(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    # Playwright's sync API keeps an asyncio loop on this thread, which makes Django refuse
    # ORM calls from test code ("async context"). Test code here is plain synchronous code,
    # so the guard is lifted while the browser is up, and put back afterwards.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def page(browser: Any, viewport: str, live_server: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) at the test's viewport."""
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        device_scale_factor=1,
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
        locale="en-US",
        timezone_id="America/Chicago",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def steps(page: Any, live_server: Any, viewport: str, request: pytest.FixtureRequest) -> Steps:
    """The journey recorder: screenshots and axe scans, named after the test."""
    return Steps(page=page, base_url=live_server.url, test_name=request.node.originalname,
                 viewport=viewport)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(transactional_db: None) -> None:
    # The clock restarts at the same instant in every test and allauth keeps its rate-limit
    # and used-code records in the (unflushed) database cache, so start each test clean.
    cache.clear()

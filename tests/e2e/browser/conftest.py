"""The SPA in a real browser: one headless Chromium per test session, a fresh browser context (no cookies, no
storage) per test, pointed at the session's embedded cloud, which serves web/dist at `/`. Each test leaves a
screenshot of where it ended under test-output/browser/. The members and organizations the tests take have
verified e-mail addresses: their journeys buy and publish (test_spa_accounts verifies one through the SPA)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_e2e import CHROMIUM, FLAGS, ROOT, SCREENSHOTS
from playwright.sync_api import Browser, Page, expect, sync_playwright
from support.platform import Platform
from support.verified_users import member, organization, other_member, other_organization

__all__ = ["member", "organization", "other_member", "other_organization"]  # verified (the docstring)

expect.set_options(timeout=20_000)  # a deadline for what eventually shows, not a speed requirement


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Per module, not per session: Playwright's sync API keeps an asyncio loop running in the thread while it
    lives, and the other tests that pytest-xdist gives the same worker run their own loops (asyncio.run)."""
    assert CHROMIUM.exists(), "Debian's chromium is missing: apt-get install -y chromium (make test does it)"
    assert (ROOT / "web" / "dist" / "index.html").exists(), "the SPA is not built: make web"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Browser, platform: Platform, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = chromium.new_context(base_url=platform.url, viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text)  # what the SPA's CSP blocks (review L9)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    finally:
        context.close()
    assert not errors, f"uncaught errors in the page: {errors}"

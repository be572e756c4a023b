"""The SPA in a real browser: one headless Chromium for each run of browser tests a pytest worker gets in a row, a
fresh browser context (no cookies, no storage) per test, pointed at the session's embedded cloud, which serves
web/dist at `/`. A failed test leaves a full-page screenshot of where it ended under test-output/browser/. The
members and organizations the tests take have verified e-mail addresses: their journeys buy and publish
(test_spa_accounts verifies one through the SPA)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_e2e import CHROMIUM, FLAGS, ROOT, SCREENSHOTS
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright
from support.platform import Platform
from support.verified_users import member, organization, other_member, other_organization

__all__ = ["member", "organization", "other_member", "other_organization"]  # verified (the docstring)

expect.set_options(timeout=20_000)  # a deadline for what eventually shows, not a speed requirement

_running: list[tuple[Playwright, Browser]] = []  # the browser of the run of browser tests going on, if one is
_CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def chromium() -> Browser:
    """Started for the first browser test of a run and closed after the run's last (pytest_runtest_teardown),
    not kept for the session: Playwright's sync API keeps an asyncio loop marked as running in the thread while it
    lives, and the other tests that pytest-xdist gives the same worker run their own loops (asyncio.run). A launch
    (Chromium and Playwright's node driver) costs ~1 CPU-s; the scheduler hands the browser modules out in a row."""
    if not _running:
        assert CHROMIUM.exists(), "Debian's chromium is missing: apt-get install -y chromium (make test does it)"
        assert (ROOT / "web" / "dist" / "index.html").exists(), "the SPA is not built: make web"
        playwright = sync_playwright().start()
        try:
            _running.append((playwright, playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)))
        except BaseException:
            playwright.stop()
            raise
    return _running[0][1]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After the fixtures' teardown (the page's context closed): the browser goes when the next test is not a
    browser test (or there is none)."""
    try:
        return (yield)
    finally:
        if _running and (nextitem is None or nextitem.path.parent != item.path.parent):
            playwright, browser = _running.pop()
            try:
                browser.close()
            finally:
                playwright.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


@pytest.fixture
def page(chromium: Browser, platform: Platform, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = chromium.new_context(base_url=platform.url, viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text)  # what the SPA's CSP blocks (review L9)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    yield page
    try:
        if request.node.stash.get(_CALL_FAILED, True):  # what a person looks at
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    finally:
        context.close()
    assert not errors, f"uncaught errors in the page: {errors}"

"""Helpers of the SPA's browser tests: Debian's Chromium driven by Playwright, axe-core checks, API set-up."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from support.platform import Platform, User
from support.polling import eventually

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google's hosts, which this network refuses.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-output" / "browser"


def accessibility_problems(page: Page) -> list[str]:
    """axe-core's serious and critical violations of WCAG 2.1 A/AA on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # evaluated, not a <script>: the SPA's CSP refuses inline scripts
    result = page.evaluate("""async () => {
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
        // resultTypes: the passed and inapplicable rules' nodes are not gathered nor given selectors (axe's
        // documented performance option); the violations come whole
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [json.dumps(v) for v in result]


def assert_accessible(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    problems = accessibility_problems(page)
    assert not problems, f"{page.url}: " + "\n".join(problems)


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/en/login")
    page.get_by_label("Username or e-mail").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def open_signed_in(page: Page, platform: Platform, user: User, path: str) -> None:
    """Opens `path` with `user` signed in, in one page load instead of the login page's and then path's: the tab is
    given the session the SPA keeps after a login (sessionStorage: the user's id and a refresh token of a login
    through the API; web/src/session.ts) and the SPA restores it as after a reload. For the tests whose subject is
    not signing in; signing in through the login page stays proved by test_spa_accounts (password, two-factor),
    test_spa_member (a guest sent to log in comes back) and the journeys that log in and go on from the home page."""
    login = platform.request("POST", "/users/login", {"username": user.username, "password": user.password})
    assert login.status == 200, login.raw
    page.goto("/config.json")  # a document of the SPA's origin that runs none of the SPA
    page.evaluate("s => sessionStorage.setItem('eventonight-session', s)",
                  json.dumps({"userId": user.id, "refreshToken": login.json["refreshToken"]}))
    page.goto(path)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def unique(word: str) -> str:
    return f"{word} {uuid.uuid4().hex[:8]}"


TONIGHT = 0.1  # days ahead: an event starting within hours, whose door is open today and tickets still on sale


def published_event(platform: Platform, organization: User, title: str, tags: list[str], days: float = 10,
                    city: str = "Bologna") -> dict[str, Any]:
    """A published event, created through the API (the page under test is elsewhere)."""
    start = (datetime.now() + timedelta(days=days)).replace(microsecond=0, second=0)
    body = {"status": "PUBLISHED", "title": title, "description": "A night to remember.", "tags": tags,
            "date": start.isoformat(), "timezone": "Europe/Rome",
            "location": {"name": "Aurora", "city": city, "country": "Italy", "countryCode": "IT",
                         "road": "Via Roma", "houseNumber": "1", "postcode": "40121", "lat": 44.49, "lon": 11.34}}
    response = platform.request("POST", "/events", body, user=organization)
    assert response.status == 201, response.raw
    event = response.json
    # Interactions hears of the event through the bus a moment later; the pages under test read its likes.
    eventually(lambda: platform.request("GET", f"/interactions/events/{event['eventId']}/likes").status == 200,
               timeout=60, what="interactions' copy of the new event")
    return event


def pay_at_stripe(page: Page, email: str, amount: str) -> None:
    """Fills in and submits Stripe Checkout's hosted page (the embedded cloud's emulation) with a test card."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiration date (MM / YY)").fill("12 / 34")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_label("Name on card").fill("Ada Lovelace")
    page.get_by_role("button", name=f"Pay {amount}").click()


def download_bytes(page: Page, button_name: str) -> bytes:
    """What the browser saves when the button is clicked (Playwright's download event)."""
    with page.expect_download() as info:
        page.get_by_role("button", name=button_name).click()
    return Path(info.value.path()).read_bytes()


def ticket_type(platform: Platform, organization: User, event_id: str, kind: str, amount: int,
                quantity: int) -> None:
    """A ticket type, created through the API once ticketing knows the event (its replica of event.published
    arrives asynchronously: a 404 until then)."""
    eventually(lambda: platform.request("POST", f"/ticketing/events/{event_id}/ticket-types",
                                        {"type": kind, "price": {"amount": amount, "currency": "EUR"},
                                         "quantity": quantity}, user=organization).status == 201,
               timeout=60, interval=0.5, what=f"the {kind} ticket type created")

"""A member buys tickets through the SPA and Stripe Checkout (the embedded cloud's hosted test page), finds them
on the event and in the profile, and the organization verifies one at the door (the QR code's target page)."""

from __future__ import annotations

import re

from browser_e2e import (
    SCREENSHOTS,
    TONIGHT,
    assert_accessible,
    download_bytes,
    open_signed_in,
    pay_at_stripe,
    published_event,
    ticket_type,
    unique,
)
from playwright.sync_api import Page, Route, expect
from support.platform import Platform, User
from support.polling import eventually


def test_a_member_buys_tickets_and_one_is_verified_at_the_door(
        page: Page, platform: Platform, organization: User, member: User) -> None:
    # tonight: a ticket passes the door only on its event's day
    event = published_event(platform, organization, unique("Tickets"), ["Concert"], days=TONIGHT)
    ticket_type(platform, organization, event["eventId"], "STANDARD", 1500, 50)  # once ticketing knows the event

    open_signed_in(page, platform, member, f"/en/events/{event['eventId']}")
    expect(page.get_by_test_id("tickets")).to_contain_text("50 left", timeout=60_000)  # ticketing may start cold
    page.get_by_role("link", name="Buy tickets").click()
    page.get_by_label("Quantity of STANDARD").fill("2")
    expect(page.get_by_test_id("total")).to_have_text("€30.00")
    assert_accessible(page)
    page.get_by_role("button", name="Go to payment").click()

    # Back from Stripe's page: the order still holds the tickets, with its countdown, and the payment resumes.
    expect(page.get_by_label("Card number")).to_be_visible()
    page.go_back()
    expect(page.get_by_test_id("hold")).to_contain_text(re.compile(r"Your tickets are held for \d+:\d\d"))
    expect(page.get_by_test_id("hold-announcement")).to_have_attribute("aria-live", "polite")
    expect(page.get_by_test_id("hold-announcement")).to_have_text(re.compile(r"\d+ minutes? left"))
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "purchase_page_hold.png"))
    page.get_by_role("link", name="Resume payment").click()
    pay_at_stripe(page, member.email, "€30.00")

    expect(page.get_by_role("heading", level=1, name=event["title"])).to_be_visible()  # back on the event
    # Stripe's webhook confirms the order; the page shows the tickets once that has happened.
    eventually(lambda: [x["status"] for x in platform.request(
        "GET", f"/ticketing/users/{member.id}/tickets", user=member).json["items"]] == ["ACTIVE", "ACTIVE"],
        timeout=90, what="the two tickets confirmed")
    page.reload()
    expect(page.get_by_test_id("my-tickets")).to_contain_text("My tickets: 2")
    expect(page.get_by_role("link", name="Buy more")).to_be_visible()
    pdf = download_bytes(page, "Download tickets (PDF)")
    assert pdf.startswith(b"%PDF"), pdf[:40]
    page.get_by_role("link", name="My profile").click()
    page.get_by_test_id("tab-tickets").click()
    expect(page.get_by_test_id("ticket-list").get_by_role("listitem")).to_have_count(2)
    assert_accessible(page)

    tickets = platform.request("GET", f"/ticketing/users/{member.id}/tickets", user=member).json["items"]
    ticket_id = tickets[0]["id"]
    page.get_by_role("button", name="Log out").click()
    open_signed_in(page, platform, organization, f"/en/door/{event['eventId']}")  # this phone scans for this event
    expect(page.get_by_test_id("door")).to_contain_text(f"Scanning for: {event['title']}")
    page.goto(f"/verify/{ticket_id}")  # the URL in the ticket's QR code has no locale
    expect(page.get_by_test_id("verify")).to_contain_text("Valid ticket")
    expect(page.get_by_test_id("verify-attendee")).to_have_text(tickets[0]["attendeeName"])
    assert_accessible(page)
    page.reload()
    expect(page.get_by_test_id("verify")).to_contain_text("already used")

    # A type with sold tickets stays: the event form says why, and its total cannot go below what is sold.
    page.goto(f"/en/edit-event/{event['eventId']}")
    types = page.get_by_test_id("ticket-types")
    expect(types.get_by_test_id("saved-ticket-type")).to_contain_text("2 sold")
    expect(types.get_by_label("Quantity of STANDARD")).to_have_attribute("min", "2")
    types.get_by_role("button", name="Delete STANDARD").click()
    expect(types.get_by_role("alert")).to_be_visible()
    expect(types.get_by_test_id("saved-ticket-type")).to_have_count(1)
    assert [x["type"] for x in platform.request(
        "GET", f"/ticketing/events/{event['eventId']}/ticket-types").json["items"]] == ["STANDARD"]


def test_a_purchase_sent_again_after_its_answer_was_lost_is_one_order(
        page: Page, platform: Platform, organization: User, member: User) -> None:
    """Review L10: the SPA sends one Idempotency-Key per purchase attempt, so submitting again is the same order."""
    event = published_event(platform, organization, unique("Twice"), ["Concert"])
    ticket_type(platform, organization, event["eventId"], "STANDARD", 1500, 50)
    keys: list[str | None] = []

    def lose_the_first_answer(route: Route) -> None:
        keys.append(route.request.headers.get("idempotency-key"))
        answer = route.fetch()  # the platform takes the order...
        if len(keys) == 1:
            route.abort()  # ...but its answer never reaches the browser
        else:
            route.fulfill(response=answer)

    page.route("**/ticketing/checkout-sessions", lose_the_first_answer)
    open_signed_in(page, platform, member, f"/en/events/{event['eventId']}/purchase")
    page.get_by_label("Quantity of STANDARD").fill("2")
    page.get_by_role("button", name="Go to payment").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_role("button", name="Go to payment").click()
    expect(page.get_by_label("Card number")).to_be_visible()  # on Stripe's page: the second answer came
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1], keys
    orders = platform.request("GET", f"/ticketing/users/{member.id}/orders", user=member).json["items"]
    assert len(orders) == 1, orders

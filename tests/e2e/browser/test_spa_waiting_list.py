"""A member joins the waiting list of a sold-out ticket type on the event's page, is told of the offer when a
ticket comes back (in-app), and pays the held ticket through Stripe Checkout (the organizer's promo codes:
test_spa_promo_codes.py)."""

from __future__ import annotations

from browser_e2e import assert_accessible, open_signed_in, pay_at_stripe, published_event, ticket_type, unique
from playwright.sync_api import Page, expect
from support.platform import Platform, User
from support.polling import eventually


def test_a_member_joins_a_waiting_list_and_pays_the_offer(page: Page, platform: Platform, organization: User,
                                                          member: User, other_member: User) -> None:
    event = published_event(platform, organization, unique("Waiting"), ["Concert"])
    ticket_type(platform, organization, event["eventId"], "STANDARD", 1500, 1)
    standard = platform.request("GET", f"/ticketing/events/{event['eventId']}/ticket-types").json["items"][0]
    held = platform.request("POST", "/ticketing/checkout-sessions",
                            {"items": [{"ticketTypeId": standard["id"], "attendeeName": "Bob"}]}, user=other_member)
    assert held.status == 201, held.raw  # the last ticket, held by someone else: sold out

    open_signed_in(page, platform, member, f"/en/events/{event['eventId']}")
    page.get_by_role("button", name="Join the STANDARD waiting list").click()
    expect(page.get_by_test_id("waiting-STANDARD")).to_contain_text("You are on the STANDARD waiting list")
    assert_accessible(page)

    assert platform.request("POST", f"/ticketing/orders/{held.json['orderId']}/cancel", user=other_member).status == 200
    page.goto("/en/notifications")  # told in the app (and by a live toast)
    page.get_by_role("link", name="A ticket is held for you").click(timeout=60_000)  # to the event's page
    expect(page.get_by_test_id("offer")).to_contain_text("A STANDARD ticket is held for you until")
    page.get_by_role("button", name="Pay for the held ticket").click()
    pay_at_stripe(page, member.email, "€15.00")
    expect(page.get_by_role("heading", level=1, name=event["title"])).to_be_visible()
    eventually(lambda: [t["status"] for t in platform.request(
        "GET", f"/ticketing/users/{member.id}/tickets", user=member).json["items"]] == ["ACTIVE"],
        timeout=90, what="the offered ticket paid")
    page.reload()
    expect(page.get_by_test_id("my-tickets")).to_contain_text("My tickets: 1")


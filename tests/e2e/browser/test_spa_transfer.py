"""A holder gives a ticket to another member from "My events": the dialog takes their username and the name on
the new ticket, the event leaves the holder's My events at once, and the recipient - who registered a moment ago
- finds it among their events and as their ticket on the event's page; the old ticket no longer passes."""

from __future__ import annotations

from browser_e2e import TONIGHT, assert_accessible, log_in, published_event, ticket_type, unique
from playwright.sync_api import Page, expect
from support.platform import Platform, User


def test_a_holder_transfers_a_ticket_to_another_member(page: Page, platform: Platform, organization: User,
                                                       member: User) -> None:
    event = published_event(platform, organization, unique("Transfer"), ["Concert"], days=TONIGHT)
    ticket_type(platform, organization, event["eventId"], "STANDARD", 0, 5)
    types = platform.request("GET", f"/ticketing/events/{event['eventId']}/ticket-types").json["items"]
    bought = platform.request("POST", "/ticketing/checkout-sessions",
                              {"items": [{"ticketTypeId": types[0]["id"], "attendeeName": "Ada"}]}, user=member)
    assert bought.status == 201 and bought.json["order"]["status"] == "COMPLETED", bought.raw
    [old] = bought.json["order"]["ticketIds"]
    friend = platform.register("member")

    log_in(page, member.username, member.password)
    page.get_by_role("link", name="My events").click()
    expect(page.get_by_role("heading", level=1, name="My events")).to_be_visible()
    card = page.get_by_test_id("my-event")
    expect(card).to_contain_text("Ada (Valid)")
    card.get_by_role("button", name="Transfer the ticket of Ada").click()
    dialog = page.get_by_role("dialog", name="Transfer a ticket")
    dialog.get_by_label("Their username").fill(friend.username)
    dialog.get_by_label("Name on the ticket").fill("Bob")
    dialog.get_by_role("button", name="Transfer ticket").click()
    told = page.get_by_role("status").filter(has_text="The ticket now belongs to")  # not the (empty) toasts
    expect(told).to_have_text(f"The ticket now belongs to {friend.username}.")
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("my-event")).to_have_count(0)  # the holder's My events no longer has it
    assert platform.request("GET", f"/ticketing/tickets/{old}", user=member).json["status"] == "TRANSFERRED"
    assert platform.request("PUT", f"/ticketing/events/{event['eventId']}/tickets/{old}/verify", {},
                            user=organization).status == 409  # the old QR code stops at the door

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log out")).to_be_hidden()
    log_in(page, friend.username, friend.password)
    page.get_by_role("link", name="My events").click()
    card = page.get_by_test_id("my-event")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(event["title"])
    expect(card).to_contain_text("Bob (Valid)")
    assert_accessible(page)
    card.get_by_role("link", name=event["title"]).click()
    expect(page.get_by_role("heading", level=1, name=event["title"])).to_be_visible()
    expect(page.get_by_test_id("my-tickets")).to_contain_text("My tickets: 1")

"""An organization edits the ticket types of its published event in the event form: a new price and total for
one, the other deleted (the ticketing API's PUT and DELETE of /ticketing/ticket-types/{id})."""

from __future__ import annotations

from browser_e2e import SCREENSHOTS, assert_accessible, open_signed_in, published_event, ticket_type, unique
from playwright.sync_api import Page, expect
from support.platform import Platform, User


def test_an_organization_edits_and_deletes_ticket_types(page: Page, platform: Platform, organization: User) -> None:
    event = published_event(platform, organization, unique("Types"), ["Concert"])
    ticket_type(platform, organization, event["eventId"], "STANDARD", 1000, 100)
    ticket_type(platform, organization, event["eventId"], "VIP", 5000, 100)

    open_signed_in(page, platform, organization, f"/en/edit-event/{event['eventId']}")
    types = page.get_by_test_id("ticket-types")
    expect(types.get_by_test_id("saved-ticket-type")).to_have_count(2)
    expect(types.get_by_label("Price of STANDARD (EUR)")).to_have_value("10.00")
    types.get_by_label("Price of STANDARD (EUR)").fill("12.50")
    types.get_by_label("Quantity of STANDARD").fill("80")
    types.get_by_role("button", name="Delete VIP").click()
    expect(page.get_by_test_id("toast").filter(has_text="VIP deleted")).to_be_visible()
    expect(types.get_by_test_id("saved-ticket-type")).to_have_count(1)
    assert_accessible(page)
    types.screenshot(path=str(SCREENSHOTS / "event_form_ticket_types.png"))
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", level=1, name=event["title"])).to_be_visible()
    expect(page.get_by_test_id("tickets")).to_contain_text("80 left")
    stored = platform.request("GET", f"/ticketing/events/{event['eventId']}/ticket-types").json["items"]
    assert [(x["type"], x["price"]["amount"], x["totalQuantity"]) for x in stored] == [("STANDARD", 1250, 80)]

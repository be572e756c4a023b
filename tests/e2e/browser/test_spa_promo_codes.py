"""The event's creator makes a promo code on the event's page: a percentage or a fixed amount (typed in euros,
sent in cents), for the ticket ticked (none ticked: all), within a validity window (an end before the start is
refused in the form), with a preview of each ticket's price with the code; the list shows its types, window and
uses, and a buyer's checkout is discounted as the form said."""

from __future__ import annotations

from datetime import datetime, timedelta

from browser_e2e import assert_accessible, open_signed_in, published_event, ticket_type, unique
from playwright.sync_api import Page, expect
from support.platform import Platform, User


def _local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")  # what a datetime-local input holds


def test_an_organizer_makes_a_promo_code_for_one_type_within_a_window(
        page: Page, platform: Platform, organization: User, member: User) -> None:
    event = published_event(platform, organization, unique("Promo"), ["Concert"])
    ticket_type(platform, organization, event["eventId"], "STANDARD", 1500, 10)
    ticket_type(platform, organization, event["eventId"], "VIP", 4000, 10)
    types = {t["type"]: t["id"] for t in platform.request(
        "GET", f"/ticketing/events/{event['eventId']}/ticket-types").json["items"]}

    open_signed_in(page, platform, organization, f"/en/events/{event['eventId']}")
    tools = page.get_by_test_id("organizer-tools")
    form = tools.get_by_test_id("new-promo-code")
    expect(form.get_by_label("VIP")).to_be_visible()  # the event's ticket types loaded
    preview = form.get_by_test_id("promo-preview")
    # 10% off, no type ticked: every type, rounded as ticketing rounds
    expect(preview).to_contain_text("STANDARD: €15.00 → €13.50")
    expect(preview).to_contain_text("VIP: €40.00 → €36.00")

    form.get_by_label("Code").fill("early")
    form.get_by_label("Discount").select_option(label="Fixed amount")
    form.get_by_label("Value").fill("5.50")
    form.get_by_label("Uses").fill("5")
    form.get_by_label("VIP").check()
    expect(preview).to_contain_text("VIP: €40.00 → €34.50")
    expect(preview).not_to_contain_text("STANDARD")

    now = datetime.now()
    starts, ends = _local(now - timedelta(hours=1)), _local(now + timedelta(days=5))
    form.get_by_label("Valid from").fill(ends)
    form.get_by_label("Valid until").fill(starts)  # ends before it starts: refused before anything is sent
    expect(form.get_by_role("alert")).to_have_text("The code must stop being valid after it starts.")
    expect(form.get_by_role("button", name="Add the promo code")).to_be_disabled()
    form.get_by_label("Valid from").fill(starts)
    form.get_by_label("Valid until").fill(ends)
    expect(form.get_by_role("alert")).to_have_count(0)
    assert_accessible(page)
    form.get_by_role("button", name="Add the promo code").click()

    listed = tools.get_by_test_id("promo-codes")
    expect(listed).to_contain_text("EARLY · −€5.50")
    expect(listed).to_contain_text("VIP")
    expect(listed).to_contain_text("valid ")
    expect(listed).to_contain_text("0 of 5 used")
    stored = platform.request("GET", f"/ticketing/events/{event['eventId']}/promo-codes",
                              user=organization).json["items"]
    window = page.evaluate("([a, b]) => [new Date(a).toISOString(), new Date(b).toISOString()]", [starts, ends])
    assert [(c["code"], c["kind"], c["value"], c["currency"], c["ticketTypeIds"], c["maxUses"],
             c["validFrom"], c["validUntil"]) for c in stored] == [
        ("EARLY", "FIXED", 550, "EUR", [types["VIP"]], 5, *window)]

    # a buyer of both types pays what the preview said: only the VIP ticket discounted
    bought = platform.request("POST", "/ticketing/checkout-sessions", {
        "items": [{"ticketTypeId": types["STANDARD"], "attendeeName": "Ada"},
                  {"ticketTypeId": types["VIP"], "attendeeName": "Bob"}], "promoCode": "early"}, user=member)
    assert bought.status == 201, bought.raw
    assert bought.json["order"]["amount"] == {"amount": 1500 + 3450, "currency": "EUR"}
    page.reload()
    expect(page.get_by_test_id("promo-codes")).to_contain_text("1 of 5 used")
    page.get_by_test_id("promo-codes").get_by_role("button", name="Disable").click()
    expect(page.get_by_test_id("promo-codes")).to_contain_text("Disabled")

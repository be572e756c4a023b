"""A member buys a ticket for an event, and once the events context's scheduled sweep has completed it (the run
of the minute its end has passed, invoked with that time rather than waited for: support.sweeps), reviews it from
the organization's reviews page: interactions accepts reviews of COMPLETED events the member took part in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from browser_e2e import assert_accessible, open_signed_in, pay_at_stripe, unique
from playwright.sync_api import Page, expect
from support.platform import Platform, User
from support.polling import eventually
from support.sweeps import run_at


def test_a_member_reviews_an_event_they_attended_once_it_is_completed(
        page: Page, platform: Platform, organization: User, member: User) -> None:
    start = (datetime.now(UTC) + timedelta(minutes=10)).replace(microsecond=0)  # time to buy before it starts
    end = start + timedelta(hours=1)
    body = {"status": "PUBLISHED", "title": unique("Review"), "description": "Soon over.", "tags": ["Concert"],
            "date": start.strftime("%Y-%m-%dT%H:%M:%S"), "endDate": end.strftime("%Y-%m-%dT%H:%M:%S"),
            "timezone": "UTC",
            "location": {"name": "Aurora", "city": "Bologna", "country": "Italy", "countryCode": "IT",
                         "road": "Via Roma", "houseNumber": "1", "postcode": "40121", "lat": 44.49, "lon": 11.34}}
    created = platform.request("POST", "/events", body, user=organization)
    assert created.status == 201, created.raw
    event = created.json
    # Ticketing knows the event once its replica of event.published has arrived (404 until then).
    eventually(lambda: platform.request("POST", f"/ticketing/events/{event['eventId']}/ticket-types",
                                        {"type": "STANDARD", "price": {"amount": 900, "currency": "EUR"},
                                         "quantity": 5}, user=organization).status == 201,
               timeout=60, interval=0.5, what="the ticket type created")

    open_signed_in(page, platform, member, f"/en/events/{event['eventId']}/purchase")
    page.get_by_label("Quantity of STANDARD").fill("1")
    page.get_by_role("button", name="Go to payment").click()
    pay_at_stripe(page, member.email, "€9.00")
    expect(page.get_by_role("heading", level=1, name=event["title"])).to_be_visible()
    eventually(lambda: platform.request("GET", f"/interactions/users/{member.id}/participations/{event['eventId']}",
                                        user=member).json.get("hasParticipated") is True,
               timeout=90, what="the purchase recorded as a participation")

    run_at(platform, "CompleteEventsFunction", end)
    assert platform.request("GET", f"/events/{event['eventId']}").json["status"] == "COMPLETED"
    eventually(lambda: {(p["eventId"], p.get("eventStatus")) for p in platform.request(
                   "GET", f"/interactions/users/{member.id}/participations", user=member).json["items"]}
               == {(event["eventId"], "COMPLETED")}, timeout=60, what="interactions told of the completion")
    page.goto(f"/en/organization/{organization.id}/reviews")
    page.get_by_role("button", name="Write a review").click()
    dialog = page.get_by_role("dialog", name="Write a review")
    dialog.get_by_label("Event").select_option(label=event["title"])
    dialog.get_by_label("Rating").select_option(label="4 stars")
    dialog.get_by_label("Title").fill("Great sound")
    dialog.get_by_label("Comment").fill("Worth every cent.")
    assert_accessible(page)
    dialog.get_by_role("button", name="Publish review").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("Great sound")).to_be_visible()
    expect(page.get_by_test_id("review-stats")).to_contain_text("4.0")
    reviews = platform.request("GET", f"/interactions/events/{event['eventId']}/reviews").json["items"]
    assert [(r["userId"], r["rating"], r["title"]) for r in reviews] == [(member.id, 4, "Great sound")]
    page.goto(f"/en/events/{event['eventId']}")  # the event's page shows it too, and the member's ticket
    expect(page.get_by_text("Great sound")).to_be_visible()
    expect(page.get_by_test_id("my-tickets")).to_contain_text("My tickets: 1")
    assert_accessible(page)

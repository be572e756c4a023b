"""A member adds an event they hold a ticket for to their calendar from its page (the browser saves the event's
.ics: its span in its zone, the place and the link back), and finds it on their "My events" page with the
ticket, whose transfer dialog refuses a username nobody registered; and creates, reads and turns off their
personal calendar feed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from browser_e2e import assert_accessible, open_signed_in, published_event, ticket_type, unique
from icalendar import Calendar
from playwright.sync_api import Page, expect
from support.platform import Platform, User


def test_a_member_adds_an_event_to_their_calendar_and_sees_it_among_my_events(
        page: Page, platform: Platform, organization: User, member: User) -> None:
    event = published_event(platform, organization, unique("Calendar"), ["Concert"], days=12)
    ticket_type(platform, organization, event["eventId"], "STANDARD", 0, 5)
    types = platform.request("GET", f"/ticketing/events/{event['eventId']}/ticket-types").json["items"]
    bought = platform.request("POST", "/ticketing/checkout-sessions",
                              {"items": [{"ticketTypeId": types[0]["id"], "attendeeName": "Ada"}]}, user=member)
    assert bought.status == 201 and bought.json["order"]["status"] == "COMPLETED", bought.raw

    open_signed_in(page, platform, member, f"/en/events/{event['eventId']}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Add to calendar").click()
    assert info.value.suggested_filename == f"event-{event['eventId']}.ics"
    entry = Calendar.from_ical(Path(info.value.path()).read_bytes()).walk("VEVENT")[0]
    assert str(entry["SUMMARY"]) == event["title"]
    assert entry["DTSTART"].params["TZID"] == "Europe/Rome"
    assert entry.decoded("DTEND") - entry.decoded("DTSTART") == timedelta(hours=4)
    assert str(entry["LOCATION"]) == "Aurora, Via Roma 1, 40121 Bologna, Italy"
    assert str(entry["URL"]).endswith(f"/en/events/{event['eventId']}")

    page.get_by_role("link", name="My events").click()
    card = page.get_by_test_id("my-event")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(event["title"])
    expect(card).to_contain_text("1 tickets")
    expect(card).to_contain_text("Ada (Valid)")
    assert_accessible(page)
    # the ticket's transfer dialog: a name nobody registered is refused and nothing changes
    card.get_by_role("button", name="Transfer the ticket of Ada").click()
    dialog = page.get_by_role("dialog", name="Transfer a ticket")
    dialog.get_by_label("Their username").fill(unique("nobody").replace(" ", "-"))
    assert_accessible(page)
    dialog.get_by_role("button", name="Transfer ticket").click()
    expect(dialog.get_by_role("alert")).to_have_text("No registered user has that username.")
    dialog.get_by_role("button", name="Cancel").click()
    expect(card).to_contain_text("Ada (Valid)")
    # the personal calendar feed: a secret address a calendar app reads without logging in, until turned off
    page.get_by_role("button", name="Create feed address").click()
    address = page.get_by_label("Feed address")
    expect(address).to_have_value(re.compile(r"/ticketing/calendar-feeds/[A-Za-z0-9_-]{43}$"))
    feed = urlsplit(address.input_value()).path
    read = platform.request("GET", feed)
    assert read.status == 200 and f"UID:{event['eventId']}@eventonight".encode() in read.raw, read.raw
    page.get_by_label("Also the events of organizations I follow").check()
    expect(address).to_have_value(re.compile(r"/ticketing/calendar-feeds/[A-Za-z0-9_-]{43}\?following=true$"))
    assert platform.request("GET", f"{feed}?following=true").status == 200
    page.get_by_role("button", name="Turn off feed").click()
    expect(page.get_by_role("button", name="Create feed address")).to_be_visible()
    assert platform.request("GET", feed).status == 404
    page.get_by_label("Show").select_option(label="Past")
    expect(page.get_by_test_id("my-event")).to_have_count(0)


def test_an_organizer_sets_an_events_end_and_an_end_before_the_start_is_refused(
        page: Page, platform: Platform, organization: User) -> None:
    event = published_event(platform, organization, unique("Ends"), ["Concert"], days=12)
    day = event["date"][:10]
    open_signed_in(page, platform, organization, f"/en/edit-event/{event['eventId']}")
    form = page.get_by_test_id("event-form")
    expect(form.get_by_label("Title")).to_have_value(event["title"])
    form.get_by_label("Ends on").fill(day)
    form.get_by_label("End time").fill("00:00")  # midnight of the start's day: before the start
    form.get_by_role("button", name="Publish").click()
    expect(form.locator("#end-error")).to_contain_text("must be after the start")
    next_day = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    form.get_by_label("Ends on").fill(next_day)
    form.get_by_label("End time").fill("02:30")
    assert_accessible(page)
    form.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1, name=event["title"])).to_be_visible()
    stored = platform.request("GET", f"/events/{event['eventId']}").json
    assert stored["endDate"] == f"{next_day}T02:30:00"

"""GET /events/{eventId}/calendar.ics through the platform's HTTP API: an iCalendar file of the event (its span in
its zone, the place, the link to its page), for anyone but a draft's strangers; an event without a date has
nothing to add to a calendar."""

from __future__ import annotations

from datetime import UTC, datetime

from events_e2e import Events
from icalendar import Calendar
from support.platform import Platform


def test_anyone_downloads_a_published_events_calendar_file(platform: Platform) -> None:
    events = Events(platform)
    org = events.organization()
    event = events.created(org, title="Jazz on the Roof", date="2031-07-15T20:00:00", endDate="2031-07-15T23:30:00",
                           timezone="Europe/Rome")
    answer = platform.request("GET", f"/events/{event['eventId']}/calendar.ics")
    assert answer.status == 200, answer.raw
    assert answer.headers["content-type"].startswith("text/calendar")
    assert "attachment" in answer.headers["content-disposition"]
    entry = Calendar.from_ical(answer.raw).walk("VEVENT")[0]
    assert (entry.decoded("DTSTART"), entry.decoded("DTEND")) == (
        datetime(2031, 7, 15, 18, 0, tzinfo=UTC), datetime(2031, 7, 15, 21, 30, tzinfo=UTC))
    assert entry["DTSTART"].params["TZID"] == "Europe/Rome"
    assert str(entry["SUMMARY"]) == "Jazz on the Roof"
    assert str(entry["LOCATION"]).startswith("Terrazza Martini, Piazza Diaz, 20123 Milano")
    assert str(entry["URL"]).endswith(f"/en/events/{event['eventId']}")


def test_a_draft_is_its_creators_and_an_undated_event_has_no_calendar_file(platform: Platform) -> None:
    events = Events(platform)
    org, stranger = events.organization(), platform.register("member")
    draft = events.created(org, status="DRAFT")["eventId"]
    assert platform.request("GET", f"/events/{draft}/calendar.ics").status == 404
    assert platform.request("GET", f"/events/{draft}/calendar.ics", user=stranger).status == 404
    assert platform.request("GET", f"/events/{draft}/calendar.ics", user=org).status == 200
    undated = events.created(org, status="DRAFT", date=None, timezone=None)["eventId"]
    refused = platform.request("GET", f"/events/{undated}/calendar.ics", user=org)
    assert refused.status == 409 and refused.headers["content-type"] == "application/problem+json", refused.raw
    unknown = platform.request("GET", "/events/00000000-0000-4000-8000-000000000000/calendar.ics")
    assert unknown.status == 404

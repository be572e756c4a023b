"""An event as an iCalendar file (RFC 5545): one VEVENT at its local start and end in its own time zone, with
the VTIMEZONE that zone needs, the place (name and address, and GEO), the link to the event's page and a UID
that stays the same across downloads, so a calendar that imports the file again updates the entry."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from .domain import CANCELLED, Event, Location

PRODID = "-//EvenToNight//Events//EN"
UID_DOMAIN = "eventonight"


def event_page(base_url: str, event_id: str) -> str:
    return f"{base_url.rstrip('/')}/en/events/{event_id}"


def place(location: Location | None) -> str | None:
    """The venue's name, then its street address, city and country: what a calendar shows and a map looks up."""
    if location is None:
        return None
    street = " ".join(p for p in (location.road, location.house_number) if p)
    town = " ".join(p for p in (location.postcode, location.city) if p)
    parts = [location.name, street, town, location.country]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or None


def calendar_file(event: Event, base_url: str, now: datetime) -> bytes:
    """The .ics of one dated event (the caller refuses an undated one)."""
    from icalendar import Calendar  # only the calendar function loads it
    from icalendar import Event as Entry

    assert event.date and event.timezone and event.local_end
    zone = ZoneInfo(event.timezone)
    start = datetime.fromisoformat(event.date).replace(tzinfo=zone)
    end = datetime.fromisoformat(event.local_end).replace(tzinfo=zone)
    entry = Entry()
    entry.add("uid", f"{event.id}@{UID_DOMAIN}")
    entry.add("dtstamp", now.astimezone(UTC))
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add("summary", event.title or "")
    if event.description:
        entry.add("description", event.description)
    if where := place(event.location):
        entry.add("location", where)
    if event.location is not None and event.location.has_coordinates:
        entry.add("geo", (event.location.lat, event.location.lon))
    entry.add("url", event_page(base_url, event.id))
    entry.add("status", "CANCELLED" if event.status == CANCELLED else "CONFIRMED")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(entry)
    # the zone's rules for the years around the event only (the whole table since 1970 is 8 kB per zone)
    calendar.add_missing_timezones(first_date=date(start.year - 1, 1, 1), last_date=date(end.year + 2, 1, 1))
    return calendar.to_ical()

"""An event's iCalendar file: read back with icalendar's parser, it holds one VEVENT at the event's local start
and end in its zone (with that zone's VTIMEZONE), the place, the link to its page and a stable UID."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from events.domain import CANCELLED, PUBLISHED, Details, Location, create
from events.ics import calendar_file, place
from icalendar import Calendar

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
PLACE = Location(name="Terrazza", country="Italy", country_code="IT", city="Milano", road="Piazza Diaz",
                 house_number="1", postcode="20123", lat=45.46, lon=9.19)


def event(**overrides: object):  # noqa: ANN201
    values = dict(title="Jazz on the Roof", description="Three bands.", location=PLACE, date="2027-07-15T20:00:00",
                  timezone="Europe/Rome", end_date="2027-07-16T01:30:00", tags=["Concert"])
    values.update(overrides)
    return create("e1", "org1", PUBLISHED, Details(**values), "poster.png", NOW).after  # type: ignore[arg-type]


def entry_of(data: bytes):  # noqa: ANN201
    calendar = Calendar.from_ical(data)
    entries = calendar.walk("VEVENT")
    assert len(entries) == 1
    return calendar, entries[0]


def test_the_file_has_the_span_in_the_events_zone_the_place_and_the_link():
    calendar, entry = entry_of(calendar_file(event(), "https://tickets.example.org/", NOW))
    assert [z["TZID"] for z in calendar.walk("VTIMEZONE")] == ["Europe/Rome"]
    assert entry.decoded("DTSTART") == datetime(2027, 7, 15, 18, 0, tzinfo=UTC)
    assert entry.decoded("DTEND") == datetime(2027, 7, 15, 23, 30, tzinfo=UTC)
    assert entry["DTSTART"].params["TZID"] == "Europe/Rome"
    assert str(entry["SUMMARY"]) == "Jazz on the Roof"
    assert str(entry["LOCATION"]) == "Terrazza, Piazza Diaz 1, 20123 Milano, Italy"
    assert (entry["GEO"].latitude, entry["GEO"].longitude) == (45.46, 9.19)
    assert str(entry["URL"]) == "https://tickets.example.org/en/events/e1"
    assert (str(entry["UID"]), str(entry["STATUS"])) == ("e1@eventonight", "CONFIRMED")


def test_the_default_end_and_a_cancelled_event_show_as_such():
    _, entry = entry_of(calendar_file(replace(event(end_date=None), status=CANCELLED), "https://x.org", NOW))
    assert entry.decoded("DTEND") == datetime(2027, 7, 15, 22, 0, tzinfo=UTC)  # start + 4 h
    assert str(entry["STATUS"]) == "CANCELLED"


def test_a_place_names_what_it_knows():
    assert place(Location(city="Bologna")) == "Bologna"
    assert place(None) is None

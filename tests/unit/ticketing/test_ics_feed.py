"""The calendar feed's iCalendar text, read back with icalendar's parser: UTC instants, escaped text, lines folded
at 75 octets without splitting a character, a cancelled event marked so."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar
from ticketing.ics_feed import Entry, feed


def test_the_feed_reads_back_with_its_events_text_and_instants():
    long_title = "Notte di jazz, blues; e \\ altro " + "è" * 60
    data = feed([Entry("e1", long_title, "2027-07-15T18:00:00Z", "2027-07-15T22:00:00Z", "Blue Note, Milano",
                       "PUBLISHED"),
                 Entry("e2", "Gone", "2027-08-01T18:00:00Z", None, None, "CANCELLED")],
                "https://x.org/", "2026-12-05T10:00:00.123Z", "EvenToNight")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    first, second = Calendar.from_ical(data).walk("VEVENT")
    assert str(first["SUMMARY"]) == long_title and str(first["LOCATION"]) == "Blue Note, Milano"
    assert (first.decoded("DTSTART"), first.decoded("DTEND")) == (datetime(2027, 7, 15, 18, tzinfo=UTC),
                                                                  datetime(2027, 7, 15, 22, tzinfo=UTC))
    assert (str(first["URL"]), str(first["UID"])) == ("https://x.org/en/events/e1", "e1@eventonight")
    assert (str(second["STATUS"]), "DTEND" in second) == ("CANCELLED", False)

"""A holder's events as an iCalendar feed (RFC 5545): one VEVENT per event, its start and end as UTC instants
(the DATE-TIME form that needs no VTIMEZONE: calendar apps show it in the reader's zone), the venue, a link to
the event's page and the same UID as the events context's .ics of the event, so the two never duplicate."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//EvenToNight//Tickets//EN"


@dataclass(frozen=True)
class Entry:
    event_id: str
    title: str | None
    starts_at: str  # UTC, 2026-07-15T18:00:00Z
    ends_at: str | None
    venue: str | None
    status: str | None


def _utc(instant: str) -> str:
    return instant.replace("-", "").replace(":", "").split(".")[0].rstrip("Z") + "Z"


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n") \
        .replace("\n", "\\n")


def _folded(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545 3.1), never splitting a UTF-8 character."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += char
    out.append(current)
    return "\r\n ".join(out)


def feed(entries: Iterable[Entry], base_url: str, now: str, name: str) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_text(name)}"]
    for entry in entries:
        lines += ["BEGIN:VEVENT", f"UID:{entry.event_id}@eventonight", f"DTSTAMP:{_utc(now)}",
                  f"DTSTART:{_utc(entry.starts_at)}"]
        if entry.ends_at:
            lines.append(f"DTEND:{_utc(entry.ends_at)}")
        lines.append(f"SUMMARY:{_text(entry.title or '')}")
        if entry.venue:
            lines.append(f"LOCATION:{_text(entry.venue)}")
        lines.append(f"URL:{base_url.rstrip('/')}/en/events/{entry.event_id}")
        lines.append(f"STATUS:{'CANCELLED' if entry.status == 'CANCELLED' else 'CONFIRMED'}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_folded(line) for line in lines) + "\r\n").encode()

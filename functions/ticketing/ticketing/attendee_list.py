"""The attendee list of an event as its organizer reads it: the search parameters, the pages (one Query each) and
their holders' usernames, for the JSON route and for the CSV export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from kernel.errors import FieldError, ValidationFailed

from . import people
from .door_views import Attendee, attendee
from .store import attendees as attendee_store

MAX_SEARCH = 100
CSV_COLUMNS = ("ticketId", "attendeeName", "holderUsername", "holderId", "type", "status", "purchaseDate",
               "admittedAt")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run such a cell (CSV injection)


@dataclass(frozen=True)
class Search:
    words: str | None
    holder_id: str | None

    @classmethod
    def parse(cls, query: dict[str, str] | None) -> Search:
        """`q`: part of an attendee's name (any case), or a holder's username (with or without @)."""
        words = ((query or {}).get("q") or "").strip()
        if len(words) > MAX_SEARCH:
            raise ValidationFailed("Bad search", [FieldError("q", f"at most {MAX_SEARCH} characters")])
        if not words:
            return cls(None, None)
        return cls(words, people.named(words.removeprefix("@")))


def page(event_id: str, search: Search, limit: int, start_key: dict | None
         ) -> tuple[list[Attendee], dict | None]:
    tickets, last_key = attendee_store.event_page(event_id, limit, start_key, search.words, search.holder_id)
    holders = people.people(list({t.user_id for t in tickets}))
    return [attendee(t, holders.get(t.user_id)) for t in tickets], last_key


def rows(event_id: str, search: Search, start_key: dict | None, most: int, page_size: int = 100
         ) -> tuple[list[Attendee], dict | None]:
    """At least `most` attendees (fewer at the end), read a page at a time; the key to go on from."""
    found: list[Attendee] = []
    while True:
        items, start_key = page(event_id, search, page_size, start_key)
        found += items
        if start_key is None or len(found) >= most:
            return found, start_key


def _cell(value: str | None) -> str:
    text = value or ""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def as_csv(attendees: list[Attendee], header: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(CSV_COLUMNS)
    for a in attendees:
        writer.writerow([_cell(v) for v in (a.ticket_id, a.attendee_name, a.holder_username, a.holder_id, a.type,
                                             a.status, a.purchase_date, a.admitted_at)])
    return out.getvalue()

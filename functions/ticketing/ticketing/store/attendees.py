"""The attendee list of an event: its tickets that were paid (ACTIVE, USED, REFUNDED), oldest purchase first, one
Query of the event's tickets (GSI2) per page; a search keeps those whose attendee name contains the words (any
case) or whose holder is the user of that username."""

from __future__ import annotations

from typing import Any

from ..domain import ACTIVE, REFUNDED, USED, Ticket
from . import TicketItem, page
from .tickets import to_ticket

LISTED = (ACTIVE, USED, REFUNDED)


def event_page(event_id: str, limit: int, start_key: dict | None, search: str | None = None,
               holder_id: str | None = None) -> tuple[list[Ticket], dict | None]:
    """A page of the event's attendees; with `search`, a page may hold fewer than `limit` (the filter runs after
    the Query's limit) while `nextCursor` says there is more to look through."""
    condition: Any = TicketItem.status.is_in(*LISTED)
    if search:
        matches: Any = TicketItem.attendeeKey.contains(search.casefold())
        if holder_id:
            matches |= TicketItem.userId == holder_id
        condition &= matches
    items, last_key = page(TicketItem.by_event, f"EVENT#{event_id}#TICKETS", limit, start_key, newest_first=False,
                           filter_condition=condition)
    return [to_ticket(item) for item in items], last_key

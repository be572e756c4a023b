"""The holders of an event's tickets, a page of the event's tickets at a time (GSI2, never a Scan)."""

from __future__ import annotations

from collections.abc import Iterator

from ..store import tickets

PAGE = 100


def holders_of(event_id: str, statuses: tuple[str, ...]) -> Iterator[str]:
    """Each holder of a ticket in these statuses, once."""
    seen: set[str] = set()
    start_key = None
    while True:
        page, start_key = tickets.event_page(event_id, statuses, PAGE, start_key)
        for ticket in page:
            if ticket.user_id not in seen:
                seen.add(ticket.user_id)
                yield ticket.user_id
        if start_key is None:
            return

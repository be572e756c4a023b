"""At the door of one event: who may scan there (domain.door decides) and the admission itself. The Ticket
decides (ACTIVE -> USED), and the store writes it only from ACTIVE, with its type's check-in count, so of two
simultaneous scans of one ticket exactly one admits it and counts it, and the other, deciding again on what the
first left, learns it was already used."""

from __future__ import annotations

from datetime import UTC, datetime

from kernel.unit_of_work import Stale

from . import access
from .domain import ALREADY_USED, Event, Ticket, now_iso
from .domain.door import Grant, NoDoorRight, may_scan, require_scannable
from .store import door as door_store
from .store import tickets as ticket_store


def right_of(event: Event, user_id: str) -> Grant | None:
    """The user's door right for the event (None for its creator, who needs none, and for anybody without)."""
    return None if user_id == event.creator_id else door_store.grant_of(event.event_id, user_id)


def kept_event(event_id: str, user_id: str) -> Event:
    """The event, if the caller keeps its door (its creator or granted staff): 404 when they cannot see it, 403
    when they may not scan there."""
    event = access.visible_event(event_id, user_id)
    if not may_scan(event, user_id, right_of(event, user_id)):
        raise NoDoorRight()
    return event


def scan(event_id: str, ticket_id: str, scanner_id: str) -> tuple[str, Ticket, Event]:
    """The right first (a stranger learns nothing of the ticket), then the ticket (404), the event's rules for it
    (wrong event, not today, cancelled: 409), then the ticket's own (Ticket.admit)."""
    event = kept_event(event_id, scanner_id)
    ticket = ticket_store.require(ticket_id)
    require_scannable(event, scanner_id, right_of(event, scanner_id), ticket.event_id, datetime.now(UTC))
    result, ticket = admit(ticket)
    return result, ticket, event


def admit(ticket: Ticket) -> tuple[str, Ticket]:
    """(`admitted` | `already_used`, the ticket as it now is); 409 (NotUsable) for any other status."""
    for _ in range(2):  # a ticket leaves ACTIVE once: a lost race is decided on the second read
        result = ticket.admit(now_iso())
        if result == ALREADY_USED:
            return result, ticket
        try:
            door_store.admit(ticket)
            return result, ticket
        except Stale:
            ticket = ticket_store.require(ticket.ticket_id)
    raise RuntimeError(f"ticket {ticket.ticket_id} left ACTIVE twice")

"""Admission at the door: the Ticket decides (ACTIVE -> USED), and the store writes it only from ACTIVE, so of
two simultaneous scans of one ticket exactly one admits it and the other, deciding again on what the first
left, learns it was already used."""

from __future__ import annotations

from kernel.unit_of_work import Stale

from .domain import ALREADY_USED, Ticket, now_iso
from .store import tickets as ticket_store


def admit(ticket: Ticket) -> tuple[str, Ticket]:
    """(`admitted` | `already_used`, the ticket as it now is); 409 (NotUsable) for any other status."""
    for _ in range(2):  # a ticket leaves ACTIVE once: a lost race is decided on the second read
        result = ticket.admit(now_iso())
        if result == ALREADY_USED:
            return result, ticket
        try:
            ticket_store.save(ticket)
            return result, ticket
        except Stale:
            ticket = ticket_store.require(ticket.ticket_id)
    raise RuntimeError(f"ticket {ticket.ticket_id} left ACTIVE twice")

"""Admission at the door: ACTIVE -> USED in one conditional write, so of two simultaneous scans of one ticket
exactly one admits it and the other learns it was already used. Nothing is read before the write decides."""

from __future__ import annotations

from datetime import UTC, datetime

from kernel.errors import Conflict, NotFound
from pynamodb.exceptions import UpdateError

from . import tickets
from .store import TicketItem, ticket_key

ADMITTED, ALREADY_USED = "admitted", "already_used"
USED = "USED"


def admit(ticket_id: str) -> tuple[str, TicketItem]:
    """(`admitted` | `already_used`, the ticket as it now is); 409 for any other status (unpaid, failed,
    cancelled, refunded tickets never pass)."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    item = TicketItem(*ticket_key(ticket_id))
    try:
        item.update(actions=[TicketItem.status.set(USED), TicketItem.updatedAt.set(now)],
                    condition=TicketItem.status == tickets.ACTIVE)
        return ADMITTED, tickets.find(ticket_id) or item
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
    current = tickets.find(ticket_id)
    if current is None:
        raise NotFound(tickets.TICKET_NOT_FOUND)
    if current.status == USED:
        return ALREADY_USED, current
    raise Conflict(f"Cannot use ticket with status {current.status}")

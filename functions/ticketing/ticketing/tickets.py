"""Tickets as their holders and the door see them: one ticket, a holder's tickets (all, or of one event), an
order's tickets. Every read is a GetItem, a BatchGetItem or one Query of an index (store.py)."""

from __future__ import annotations

import re
from typing import Any

from kernel.errors import NotFound

from .store import PROFILE, EventReplica, OrderItem, TicketItem, event_key, get, get_many, order_key, page, ticket_key

TICKET_NOT_FOUND = "Ticket not found"
ORDER_NOT_FOUND = "Order not found"
ACTIVE = "ACTIVE"
_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
MAX_EVENT_ID = 64
TICKET_ID, ORDER_ID = re.compile(f"ticket_{_UUID}"), re.compile(f"order_{_UUID}")


def find(ticket_id: str) -> TicketItem | None:
    """The ticket; None for an id that is not one of ours (never sent to DynamoDB: keys have a size limit)."""
    if not TICKET_ID.fullmatch(ticket_id):
        return None
    return get(TicketItem, *ticket_key(ticket_id))


def owned(ticket_id: str, user_id: str) -> TicketItem:
    """The caller's ticket; somebody else's is as unknown to them as one that does not exist (404)."""
    ticket = find(ticket_id)
    if ticket is None or ticket.userId != user_id:
        raise NotFound(TICKET_NOT_FOUND)
    return ticket


def owned_order(order_id: str, user_id: str) -> OrderItem:
    order = get(OrderItem, *order_key(order_id)) if ORDER_ID.fullmatch(order_id) else None
    if order is None or order.userId != user_id:
        raise NotFound(ORDER_NOT_FOUND)
    return order


def of_order(order: OrderItem) -> list[TicketItem]:
    """The order's tickets, in the order's order."""
    ids = [str(t) for t in order.ticketIds]
    found = get_many(TicketItem, [ticket_key(t) for t in ids])
    return [found[ticket_key(t)] for t in ids if ticket_key(t) in found]


def holder_page(user_id: str, event_id: str | None, limit: int, start_key: dict | None
                ) -> tuple[list[TicketItem], dict | None]:
    """A page of the holder's tickets, newest purchase first (of one event when `event_id` is given)."""
    if event_id:
        return page(TicketItem.by_owner_event, f"USER#{user_id}#EVENT#{event_id}", limit, start_key)
    return page(TicketItem.by_owner, f"USER#{user_id}#TICKETS", limit, start_key)


def orders_page(user_id: str, limit: int, start_key: dict | None) -> tuple[list[OrderItem], dict | None]:
    return page(OrderItem.by_user, f"USER#{user_id}#ORDERS", limit, start_key)


def active_of_holder_at(user_id: str, event_id: str) -> list[TicketItem]:
    """Every ACTIVE ticket the holder has for the event, oldest purchase first (one holder's tickets for one
    event: a short partition of GSI3)."""
    return list(TicketItem.by_owner_event.query(f"USER#{user_id}#EVENT#{event_id}",
                                                filter_condition=TicketItem.status == ACTIVE))


def event(event_id: str) -> EventReplica | None:
    """The event as ticketing knows it (None if unknown or deleted)."""
    item = get(EventReplica, event_key(event_id), PROFILE)
    return item if item is not None and item.deletedAt is None else None


def ticket_view(ticket: TicketItem) -> dict[str, Any]:
    return {"id": ticket.ticketId, "orderId": ticket.orderId, "eventId": ticket.eventId, "userId": ticket.userId,
            "ticketTypeId": ticket.ticketTypeId, "type": ticket.kind, "attendeeName": ticket.attendeeName,
            "price": ticket.price.as_dict(), "purchaseDate": ticket.purchaseDate, "status": ticket.status}

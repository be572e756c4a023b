"""Tickets in the table: read by id, by order (BatchGetItem), by holder or holder and event (one Query of an
index); written with their order's transitions (`move`) or on their own at the door (`save`)."""

from __future__ import annotations

from ..domain import ACTIVE, TICKET_NOT_FOUND, Money, Order, Ticket, TicketMove
from . import TICKET_ID, Lookup, TicketItem, Unit, get_many, money, page, ticket_index_keys, ticket_key

MAX_EVENT_ID = 64


def to_ticket(item: TicketItem) -> Ticket:
    return Ticket(ticket_id=item.ticketId, order_id=item.orderId, event_id=item.eventId, user_id=item.userId,
                  ticket_type_id=item.ticketTypeId, kind=item.kind, attendee_name=item.attendeeName,
                  price=Money(int(item.price.amount), str(item.price.currency)), purchase_date=item.purchaseDate,
                  status=item.status, updated_at=item.updatedAt)


_lookup = Lookup(TICKET_ID, TicketItem, ticket_key, to_ticket, TICKET_NOT_FOUND)
find, require, owned = _lookup.find, _lookup.require, _lookup.owned


def of_order(order: Order) -> list[Ticket]:
    """The order's tickets, in the order's order."""
    found = get_many(TicketItem, [ticket_key(t) for t in order.ticket_ids])
    return [to_ticket(found[ticket_key(t)]) for t in order.ticket_ids if ticket_key(t) in found]


def holder_page(user_id: str, event_id: str | None, limit: int, start_key: dict | None
                ) -> tuple[list[Ticket], dict | None]:
    """A page of the holder's tickets, newest purchase first (of one event when `event_id` is given)."""
    if event_id:
        items, last_key = page(TicketItem.by_owner_event, f"USER#{user_id}#EVENT#{event_id}", limit, start_key)
    else:
        items, last_key = page(TicketItem.by_owner, f"USER#{user_id}#TICKETS", limit, start_key)
    return [to_ticket(item) for item in items], last_key


def active_of_holder_at(user_id: str, event_id: str) -> list[Ticket]:
    """Every ACTIVE ticket the holder has for the event, oldest purchase first (one holder's tickets for one
    event: a short partition of GSI3)."""
    return [to_ticket(item) for item in TicketItem.by_owner_event.query(
        f"USER#{user_id}#EVENT#{event_id}", filter_condition=TicketItem.status == ACTIVE)]


def event_page(event_id: str, statuses: tuple[str, ...], limit: int, start_key: dict | None
               ) -> tuple[list[Ticket], dict | None]:
    """A page of the event's tickets in these statuses, oldest purchase first."""
    items, last_key = page(TicketItem.by_event, f"EVENT#{event_id}#TICKETS", limit, start_key, newest_first=False,
                           filter_condition=TicketItem.status.is_in(*statuses))
    return [to_ticket(item) for item in items], last_key


def add(unit: Unit, ticket: Ticket) -> None:
    """A new ticket, in its order's reservation."""
    unit.save(TicketItem(*ticket_key(ticket.ticket_id), ticketId=ticket.ticket_id, orderId=ticket.order_id,
                         eventId=ticket.event_id, userId=ticket.user_id, ticketTypeId=ticket.ticket_type_id,
                         kind=ticket.kind, attendeeName=ticket.attendee_name,
                         attendeeKey=ticket.attendee_name.casefold(), price=money(ticket.price),
                         purchaseDate=ticket.purchase_date, status=ticket.status,
                         **ticket_index_keys(ticket.ticket_id, ticket.user_id, ticket.event_id, ticket.purchase_date)),
              condition=TicketItem.PK.does_not_exist())


def move(unit: Unit, move: TicketMove) -> None:
    """Tickets moved with their order's transition, each only from the status the move starts from."""
    for ticket_id in move.ticket_ids:
        unit.update(TicketItem(*ticket_key(ticket_id)), [TicketItem.status.set(move.target)],
                    condition=TicketItem.status == move.source)


"""A holder gives a ticket to another registered user before the event: the ticket becomes TRANSFERRED (its QR
code no longer passes the door) and the recipient gets a fresh ticket - a new id, so a new QR code and PDF - of
the same order, type and price, in its place in the order (so the order's refund moves it). Only an ACTIVE ticket
of an event that is on and has not started; used, refunded, unpaid and already transferred tickets stay."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kernel.errors import Conflict, FieldError, ValidationFailed

from .common import DomainEvent, new_id
from .events import PUBLISHED, Event
from .tickets import ACTIVE, TRANSFERRED, Ticket

NAME_MAX = 100


class NotTransferable(Conflict):
    def __init__(self, why: str) -> None:
        super().__init__(f"This ticket cannot be transferred: {why}")


@dataclass
class Transfer:
    """The decision: `old` as it becomes (TRANSFERRED, written only from ACTIVE), `new` the recipient's ticket,
    and the domain event both cause."""

    old: Ticket
    new: Ticket
    events: list[DomainEvent]


def transfer(ticket: Ticket, event: Event | None, to_user_id: str, attendee_name: str | None, now: str) -> Transfer:
    if to_user_id == ticket.user_id:
        raise ValidationFailed("Not a transfer", [FieldError("username", "is the ticket's holder already")])
    name = (attendee_name or "").strip()
    if attendee_name is not None and not 1 <= len(name) <= NAME_MAX:
        raise ValidationFailed("Bad attendee name", [FieldError("attendeeName", f"1 to {NAME_MAX} characters")])
    if ticket.status == TRANSFERRED:
        raise NotTransferable("it was transferred already")
    if ticket.status != ACTIVE:
        raise NotTransferable(f"it is {ticket.status}")
    if event is None or event.status != PUBLISHED:
        raise NotTransferable("its event is not on")
    if event.starts_at is not None and event.starts_at <= now:
        raise NotTransferable("its event has started")
    new = replace(ticket, ticket_id=new_id("ticket"), user_id=to_user_id, attendee_name=name or ticket.attendee_name,
                  purchase_date=now, status=ACTIVE, updated_at=None, was=None)
    old = replace(ticket, status=TRANSFERRED, updated_at=now, was=ACTIVE)
    payload = {"ticketId": ticket.ticket_id, "newTicketId": new.ticket_id, "eventId": ticket.event_id,
               "orderId": ticket.order_id, "fromUserId": ticket.user_id, "toUserId": to_user_id,
               "transferredAt": now}
    return Transfer(old, new, [DomainEvent("ticket.transferred", payload)])

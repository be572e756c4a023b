"""The waiting list of a sold-out ticket type (pretix's model: one entry is one ticket for one attendee).

    join    a member waits for a sold-out type (one entry per member and type)        WAITING
    leave   the member leaves while still waiting                                      (the entry is gone)
    offer   stock came back: the first WAITING entry gets a PENDING order of its own   OFFERED
            holding one ticket until `offer_until` (the offer's hold)                  waiting-list.offered
    taken   the offered order was paid                                                 TAKEN
    passed  the offered order ended unpaid (the offer's hold ran out, the member
            declined it): its ticket goes back and on to the next in line              PASSED

An offer is an order like any other (domain/orders.py): it is paid through the same checkout and released by
the same paths, and its release gives the stock back, which the next offer takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kernel.errors import Conflict

from .common import DomainEvent
from .events import Event
from .orders import Order
from .ticket_types import TicketType

WAITING, OFFERED, TAKEN, PASSED = "WAITING", "OFFERED", "TAKEN", "PASSED"
OPEN = (WAITING, OFFERED)  # an entry in these holds its place; a member may join again once it is out of them


class NotSoldOut(Conflict):
    def __init__(self, kind: str) -> None:
        super().__init__(f'Ticket type "{kind}" is not sold out: buy a ticket instead of waiting for one')


class AlreadyWaiting(Conflict):
    def __init__(self) -> None:
        super().__init__("The caller is on this ticket type's waiting list already")


class NotWaiting(Conflict):
    def __init__(self, status: str) -> None:
        super().__init__(f"The waiting-list entry is {status}: only a waiting entry can do this")


@dataclass
class WaitEntry:
    ticket_type_id: str
    event_id: str
    user_id: str
    attendee_name: str
    status: str
    joined_at: str
    order_id: str | None = None
    offer_until: int | None = None  # epoch seconds
    was: str | None = None  # the status the pending change starts from (the store's condition)
    events: list[DomainEvent] = field(default_factory=list)

    @classmethod
    def join(cls, event: Event, ticket_type: TicketType, user_id: str, attendee_name: str, now: str) -> WaitEntry:
        """Only for a sold-out type of an event on sale (as last read; the store's guard keeps one open entry
        per member and type: AlreadyWaiting)."""
        event.require_on_sale(now)
        if ticket_type.for_sale > 0:
            raise NotSoldOut(ticket_type.kind)
        return cls(ticket_type.ticket_type_id, ticket_type.event_id, user_id, attendee_name, WAITING, now)

    def leave(self) -> None:
        """A WAITING entry only: an offered one is declined through its order (cancelling it passes it on)."""
        self._from(WAITING)

    def offer(self, order: Order) -> None:
        self._from(WAITING)
        self.status, self.order_id, self.offer_until = OFFERED, order.order_id, order.hold_until
        self.events.append(DomainEvent("waiting-list.offered", {
            "userId": self.user_id, "eventId": self.event_id, "ticketTypeId": self.ticket_type_id,
            "orderId": order.order_id, "offerUntil": order.hold_until}))

    def settle(self, order_id: str, paid: bool) -> bool:
        """The offered order `order_id` was paid (TAKEN) or ended unpaid (PASSED); False when this entry holds
        no offer of that order (another order of the member's, or settled already)."""
        if self.status != OFFERED or self.order_id != order_id:
            return False
        self.was, self.status = OFFERED, TAKEN if paid else PASSED
        return True

    def _from(self, status: str) -> None:
        if self.status != status:
            raise NotWaiting(self.status)
        self.was = status

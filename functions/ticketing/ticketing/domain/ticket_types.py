"""A ticket type and its stock: the event's creator creates, changes and deletes it, each change with its
`ticket-type.*` event; a reservation takes from its stock and a released order gives back."""

from __future__ import annotations

from dataclasses import dataclass, field

from kernel.errors import Conflict, FieldError, ValidationFailed

from .common import DomainEvent, Money
from .events import Event

KINDS = ("STANDARD", "VIP")


class SoldOut(Conflict):
    def __init__(self, kind: str) -> None:
        super().__init__(f'Ticket type "{kind}" is sold out')


class KindTaken(Conflict):
    def __init__(self, kind: str) -> None:
        super().__init__(f'The event already has a "{kind}" ticket type')


class TicketsSold(Conflict):
    def __init__(self) -> None:
        super().__init__("Tickets of this type were sold: it cannot be deleted")


def capped_available(new_total: int, sold: int) -> int:
    """A new total below what is sold keeps what is sold and leaves nothing available (reference §2.5)."""
    return max(0, new_total - sold)


@dataclass
class TicketType:
    ticket_type_id: str
    event_id: str
    kind: str
    description: str | None
    price: Money
    available: int
    sold: int
    max_per_order: int | None
    created_at: str
    updated_at: str
    waiting: int = 0  # members in its waiting line: while there are some, what comes back goes to them
    events: list[DomainEvent] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.available + self.sold

    @classmethod
    def create(cls, event: Event, ticket_type_id: str, kind: str, description: str | None, price: Money,
               quantity: int, max_per_order: int | None, now: str) -> TicketType:
        """Not for a cancelled or completed event; one type per kind and event (the store's guard: KindTaken)."""
        event.require_open_for_types()
        created = cls(ticket_type_id, event.event_id, kind, description, price, quantity, 0, max_per_order, now, now)
        created._record("ticket-type.created", price=price.as_dict())
        return created

    def change(self, event: Event, description: str | None, price: Money, total: int, max_per_order: int | None,
               now: str) -> None:
        """The new total keeps what is sold (capped there); the store writes it only if no sale happened since
        this was read (`sold` unchanged)."""
        event.require_open_for_types()
        self.description, self.price, self.max_per_order = description, price, max_per_order
        self.available, self.updated_at = capped_available(total, self.sold), now
        self._record("ticket-type.updated", price=price.as_dict())

    def delete(self) -> None:
        """Only a type nothing was sold of (a sold ticket keeps its type; a sale racing this: the store's
        condition, TicketsSold)."""
        if self.sold > 0:
            raise TicketsSold()
        self._record("ticket-type.deleted")

    def remove_with_event(self) -> None:
        """event.deleted takes every type along, sold or not (sold tickets keep their own kind and price)."""
        self._record("ticket-type.deleted")

    @property
    def for_sale(self) -> int:
        """What a buyer may take: nothing while members wait in its line (the stock is offered to them first)."""
        return 0 if self.waiting > 0 else self.available

    def require_available(self, quantity: int) -> None:
        """What a reservation asks of this type, as last read (the reservation's own write checks the stock
        and the line again: SoldOut)."""
        if self.for_sale < quantity:
            raise SoldOut(self.kind)
        if self.max_per_order is not None and quantity > self.max_per_order:
            raise ValidationFailed(f'At most {self.max_per_order} "{self.kind}" tickets per order',
                                   [FieldError("items", f"too many {self.kind} tickets")])

    def _record(self, event_type: str, **extra: object) -> None:
        self.events.append(DomainEvent(event_type, {"eventId": self.event_id, "ticketTypeId": self.ticket_type_id,
                                                    **extra}))

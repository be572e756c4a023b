"""The ticket and its lifecycle: PENDING_PAYMENT -> ACTIVE (paid) -> USED (admitted at the door) | REFUNDED (its
event was cancelled); PENDING_PAYMENT -> PAYMENT_FAILED (the order was released) -> REFUNDED (a payment came
anyway and went back); ACTIVE -> TRANSFERRED (given to another user, who gets a new ticket: transfers.py). The order
moves its tickets along with itself (orders.py); the door admits one."""

from __future__ import annotations

from dataclasses import dataclass

from kernel.errors import Conflict

from .common import Money

PENDING_PAYMENT, ACTIVE, USED = "PENDING_PAYMENT", "ACTIVE", "USED"
PAYMENT_FAILED, REFUNDED = "PAYMENT_FAILED", "REFUNDED"
TRANSFERRED = "TRANSFERRED"  # given to another user (transfers.py): its QR code no longer passes
ADMITTED, ALREADY_USED = "admitted", "already_used"


@dataclass(frozen=True)
class TicketMove:
    """Tickets that change status with a transition of their order, each only from `source` (the store's
    condition: a ticket admitted meanwhile makes the whole transition fail, not half of it)."""

    ticket_ids: tuple[str, ...]
    source: str
    target: str


class NotUsable(Conflict):
    def __init__(self, status: str) -> None:
        super().__init__(f"Cannot use ticket with status {status}")


@dataclass
class Ticket:
    ticket_id: str
    order_id: str
    event_id: str
    user_id: str
    ticket_type_id: str
    kind: str
    attendee_name: str
    price: Money
    purchase_date: str
    status: str
    updated_at: str | None = None
    was: str | None = None  # the status a pending change starts from; the store writes it only from there

    def admit(self, now: str) -> str:
        """ACTIVE -> USED (`admitted`); a USED ticket was admitted before (`already_used`, nothing changes);
        unpaid, failed and refunded tickets never pass (409)."""
        if self.status == USED:
            return ALREADY_USED
        if self.status != ACTIVE:
            raise NotUsable(self.status)
        self.was, self.status, self.updated_at = ACTIVE, USED, now
        return ADMITTED

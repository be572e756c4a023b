"""Refund requests (issue 15): the event's organizer sets a policy - refunds on request until N days before the
start, or none (the default) - a ticket's holder asks within it, and the organizer decides:

    request   an ACTIVE ticket of the holder's, within the policy          REQUESTED (one request per ticket)
    decline   the organizer says no                                       DECLINED (final)
    approve   the organizer says yes: the ticket REFUNDED and its stock    APPROVED
              back in one transaction (a ticket used at the door
              meanwhile refuses it)
    record    the Stripe refund of the ticket's price, once                refundId; payments.order.refunded
                                                                          (reason refund_requested)

An approval whose Stripe refund failed stays APPROVED without a refund id: approving it again resumes there
(the refund's idempotency key is the ticket's, so it never pays twice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kernel.errors import Conflict, FieldError, ValidationFailed

from .common import DomainEvent, Money
from .events import Event
from .tickets import ACTIVE, REFUNDED, Ticket

REQUESTED, APPROVED, DECLINED = "REQUESTED", "APPROVED", "DECLINED"
REFUND_REQUESTED = "refund_requested"  # the reason of payments.order.refunded
MAX_DAYS_BEFORE = 365


class RefundsClosed(Conflict):
    def __init__(self, why: str) -> None:
        super().__init__(f"No refund on request for this ticket: {why}")


class AlreadyRequested(Conflict):
    def __init__(self) -> None:
        super().__init__("A refund of this ticket was requested already")


class Decided(Conflict):
    def __init__(self, status: str) -> None:
        super().__init__(f"The refund request is {status}: it was decided already")


@dataclass(frozen=True)
class RefundPolicy:
    """Refunds on request until `days_before` days before the event starts; not allowed at all by default."""

    allowed: bool = False
    days_before: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.days_before <= MAX_DAYS_BEFORE:
            raise ValidationFailed("A refund policy's days are 0 to 365", [FieldError("untilDaysBefore", "0-365")])

    def deadline(self, event: Event) -> str | None:
        """The last moment (UTC, the envelope's format) a refund may be requested; None if never."""
        if not self.allowed or event.starts_at is None:
            return None
        starts = datetime.fromisoformat(event.starts_at.replace("Z", "+00:00"))
        return (starts - timedelta(days=self.days_before)).strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def require_open(self, event: Event, now: str) -> None:
        if event.status != "PUBLISHED":
            raise RefundsClosed("the event is not on")
        deadline = self.deadline(event)
        if deadline is None:
            raise RefundsClosed("the organizer does not refund tickets on request")
        if now > deadline:
            raise RefundsClosed(f"requests closed at {deadline}")


@dataclass
class RefundRequest:
    ticket_id: str
    order_id: str
    event_id: str
    holder_id: str
    ticket_type_id: str
    price: Money
    status: str
    requested_at: str
    reason: str | None = None
    decided_at: str | None = None
    refund_id: str | None = None
    was: str | None = None  # the status the pending change starts from (the store's condition)
    events: list[DomainEvent] = field(default_factory=list)

    @classmethod
    def request(cls, ticket: Ticket, event: Event, policy: RefundPolicy, reason: str | None,
                now: str) -> RefundRequest:
        """The holder's ACTIVE ticket, within the policy (one request per ticket: the store's guard)."""
        if ticket.status != ACTIVE:
            raise RefundsClosed(f"the ticket is {ticket.status}")
        policy.require_open(event, now)
        return cls(ticket.ticket_id, ticket.order_id, ticket.event_id, ticket.user_id, ticket.ticket_type_id,
                   ticket.price, REQUESTED, now, reason)

    @property
    def awaits_refund(self) -> bool:
        return self.status == APPROVED and self.refund_id is None

    def decline(self, now: str) -> None:
        self._from(REQUESTED)
        self.status, self.decided_at = DECLINED, now

    def approve(self, now: str) -> None:
        """REQUESTED -> APPROVED; the store moves the ticket ACTIVE -> REFUNDED and gives its stock back with it."""
        self._from(REQUESTED)
        self.status, self.decided_at = APPROVED, now

    def record_refund(self, refund_id: str, buyer_id: str) -> None:
        """The Stripe refund done: its id on the request and the news for the buyer, once."""
        if not self.awaits_refund:
            raise Decided(self.status)
        self.refund_id, self.was = refund_id, APPROVED
        self.events.append(DomainEvent("payments.order.refunded", {
            "orderId": self.order_id, "userId": buyer_id, "eventId": self.event_id, "ticketIds": [self.ticket_id],
            "amount": self.price.as_dict(), "reason": REFUND_REQUESTED}))

    def _from(self, status: str) -> None:
        if self.status != status:
            raise Decided(self.status)
        self.was = status


TICKET_REFUNDED = (ACTIVE, REFUNDED)  # the ticket's move on approval

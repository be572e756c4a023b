"""The ticketing rules (reference §2.5 and §4, with the fixes of §12) as plain Python: no AWS, no HTTP."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kernel.errors import Conflict, Forbidden, NotFound

KINDS = ("STANDARD", "VIP")
MAX_PRICE = 100_000  # 1000.00 in minor units
MAX_QUANTITY = 1_000_000
MAX_ITEMS_PER_ORDER = 20
# An event only moves forward: DRAFT -> PUBLISHED -> CANCELLED | COMPLETED; late messages never move it back.
STATUS_RANK = {"DRAFT": 0, "PUBLISHED": 1, "CANCELLED": 2, "COMPLETED": 2}

PENDING, COMPLETED, CANCELLED = "PENDING", "COMPLETED", "CANCELLED"
PENDING_PAYMENT, ACTIVE, PAYMENT_FAILED, REFUNDED = "PENDING_PAYMENT", "ACTIVE", "PAYMENT_FAILED", "REFUNDED"
REJECTION_REASONS = ("payment_failed", "expired", "cancelled_by_buyer", "checkout_unavailable")
PAYMENT_METHOD_TYPES = ("card",)  # pinned: delayed methods (SEPA, vouchers...) would complete sessions unpaid
EVENT_NOT_FOUND, TICKET_TYPE_NOT_FOUND, ORDER_NOT_FOUND = "Event not found", "Ticket type not found", "Order not found"


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4()}"


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def iso_of(epoch_seconds: int) -> str:
    return datetime.fromtimestamp(epoch_seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Event:
    """What ticketing knows of an event (a replica fed by `event.*`)."""

    event_id: str
    creator_id: str
    status: str
    title: str | None
    date: str | None
    starts_at: str | None  # UTC instant, once the events context has told it

    def visible_to(self, viewer_id: str | None) -> bool:
        """Its creator sees it in any status; everybody else only once published (reference §1.2)."""
        return viewer_id == self.creator_id or self.status == "PUBLISHED"

    def require_creator(self, user_id: str) -> None:
        if user_id != self.creator_id:
            raise Forbidden("Only the event's creator can manage its ticket types")

    def require_open_for_types(self) -> None:
        if self.status in ("CANCELLED", "COMPLETED"):
            raise Conflict(f"The event is {self.status.lower()}: its ticket types cannot change")

    def require_on_sale(self, now: str) -> None:
        if self.status != "PUBLISHED":
            raise Conflict(f"Cannot reserve tickets for event {self.event_id} because it is not published")
        if self.starts_at is not None and self.starts_at <= now:
            raise Conflict(f"Cannot reserve tickets for event {self.event_id} because it has already started")


def visible_or_404(event: Event | None, viewer_id: str | None) -> Event:
    if event is None or not event.visible_to(viewer_id):
        raise NotFound(EVENT_NOT_FOUND)
    return event


def capped_available(new_total: int, sold: int) -> int:
    """A new total below what is sold keeps what is sold and leaves nothing available (reference §2.5)."""
    return max(0, new_total - sold)


@dataclass(frozen=True)
class OrderTerms:
    """What pays an order: its own Checkout Session (never another one naming it in its metadata), in payment
    mode, for its amount and currency, complete and paid - not a session that completed with the payment still
    on its way (a delayed method), which pays only when Stripe says so later."""

    session_id: str | None
    amount: int
    currency: str

    def mismatch(self, session: dict[str, Any]) -> str | None:
        """Why this Stripe session is not the order's, or None when it is."""
        if not self.session_id or session.get("id") != self.session_id:
            return "not the order's checkout session"
        if session.get("mode") != "payment":
            return f"mode {session.get('mode')!r}, not payment"
        if session.get("amount_total") != self.amount:
            return f"amount {session.get('amount_total')!r}, the order's is {self.amount}"
        if str(session.get("currency") or "").lower() != self.currency.lower():
            return f"currency {session.get('currency')!r}, the order's is {self.currency.lower()}"
        return None

    def paid_by(self, session: dict[str, Any]) -> bool:
        return (self.mismatch(session) is None and session.get("status") == "complete"
                and session.get("payment_status") == "paid")


def refundable_late(status: str, reason: str | None, refund_id: str | None) -> bool:
    """A payment that arrives for an order released without one (its hold ended, the buyer cancelled, the card
    failed, Stripe was unavailable) goes back, once. An order voided by its event's cancellation was paid and is
    refunded by that cancellation: a late webhook for it changes nothing."""
    return status == CANCELLED and reason in REJECTION_REASONS and not refund_id

"""The order and the purchase saga's transitions (reference §4, architecture §8):

    reserve   a PENDING order with one PENDING_PAYMENT ticket per attendee, stock taken, the buyer's caps counted
    confirm   PENDING -> COMPLETED, tickets ACTIVE                         payments.order.confirmed
    release   PENDING -> CANCELLED, tickets PAYMENT_FAILED, stock back     payments.order.rejected
    refund    a late payment for a released order: tickets REFUNDED        payments.order.refunded (late_payment)
    void      its event was cancelled: COMPLETED -> CANCELLED, ACTIVE tickets REFUNDED, then the Stripe refund is
              recorded                                                      payments.order.refunded (event_cancelled)

Each transition decides on the order as read and records a `Change`; the store writes it in one transaction
only if the order still has the status it was read with, so a step that runs twice acts once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kernel.errors import Conflict, FieldError, ValidationFailed

from .common import DomainEvent, Money, new_id
from .events import Event
from .ticket_types import TicketType
from .tickets import ACTIVE, PAYMENT_FAILED, PENDING_PAYMENT, REFUNDED, Ticket, TicketMove

PENDING, COMPLETED, CANCELLED = "PENDING", "COMPLETED", "CANCELLED"
# Why an order ended without a payment; a payment that still arrives for it goes back.
REJECTION_REASONS = ("payment_failed", "expired", "cancelled_by_buyer", "checkout_unavailable")
EVENT_CANCELLED = "event_cancelled"
PAYMENT_METHOD_TYPES = ("card",)  # pinned: delayed methods (SEPA, vouchers...) would complete sessions unpaid


class Settled(Conflict):
    """The order is no longer where the transition starts (another step got there first)."""

    def __init__(self, status: str, action: str = "change") -> None:
        super().__init__(f"Cannot {action} an order with status {status}")


class TooManyOpenOrders(Conflict):
    def __init__(self, cap: int) -> None:
        super().__init__(f"A buyer holds at most {cap} open orders at once: pay or cancel one of yours first")


class TooManyTickets(Conflict):
    def __init__(self, cap: int) -> None:
        super().__init__(f"A buyer gets at most {cap} tickets of an event, free ones included: this order would "
                         "go beyond that")


@dataclass(frozen=True)
class BuyerLimits:
    """Caps against hoarding: PENDING orders a buyer holds at once, tickets of one event a buyer gets (free ones
    included). The store counts both in the reservation's transaction, conditionally on the cap."""

    open_orders: int
    tickets_per_event: int


@dataclass(frozen=True)
class Wanted:
    """The tickets of one type a checkout asks for, one attendee each."""

    ticket_type: TicketType
    attendees: list[str]

    @property
    def quantity(self) -> int:
        return len(self.attendees)


def one_event_one_currency(wanted: list[Wanted]) -> str:
    """An order holds tickets of one event, paid in one currency: the event's id."""
    if len({w.ticket_type.event_id for w in wanted}) > 1:
        raise ValidationFailed("An order holds tickets of one event",
                               [FieldError("items", "all ticket types must belong to one event")])
    if len({w.ticket_type.price.currency for w in wanted}) > 1:
        raise ValidationFailed("An order is paid in one currency",
                               [FieldError("items", "all ticket types must have the same currency")])
    return wanted[0].ticket_type.event_id


@dataclass(frozen=True)
class OrderLine:
    ticket_type_id: str
    kind: str
    quantity: int
    unit_amount: int


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


@dataclass(frozen=True)
class Change:
    """What one transition did, for the store to write in one transaction: the order's `fields` (attribute
    names of Order), only while its status is still `source` (and, with `unrefunded`, no refund is recorded);
    its tickets moved; stock given back per ticket type; the buyer's counters changed. A transition that decides
the reason from the one it read guards it: a reason noted meanwhile (a declined card's, while the hold ends) is
not written over with what was decided without it."""

    source: str
    fields: tuple[str, ...]
    unrefunded: bool = False
    guards_reason: bool = False  # written only while the order's reason is still `reason_was` (as read)
    reason_was: str | None = None
    tickets: TicketMove | None = None
    stock_back: tuple[tuple[str, int], ...] = ()
    open_orders: int = 0
    event_tickets: int = 0

    @property
    def leaves_pending(self) -> bool:
        return self.source == PENDING and "status" in self.fields


@dataclass
class Reservation:
    order: Order
    tickets: list[Ticket]
    wanted: list[Wanted]
    limits: BuyerLimits
    promo: Any = None  # the promo code it was discounted by: its uses are counted in the reservation's write
    starts_at: str | None = None  # the event's start as read to reserve: the holder's "My events" entry sorts by it


@dataclass
class Order:
    order_id: str
    user_id: str
    event_id: str
    status: str
    ticket_ids: list[str]
    lines: list[OrderLine]
    amount: Money
    created_at: str
    hold_until: int  # epoch seconds
    cancel_key: str | None = None  # given only to Stripe: the cancel redirect's stand-in for a bearer token
    success_url: str | None = None
    cancel_url: str | None = None
    session_id: str | None = None
    session_url: str | None = None
    task_token: str | None = None
    payment_intent_id: str | None = None
    reason: str | None = None
    refund_id: str | None = None
    updated_at: str | None = None
    counted: bool = True  # reserved against the buyer's counters (orders from before them: not)
    promo_code: str | None = None  # the promo code its prices were discounted by (domain/promo_codes.py)
    discount: int = 0  # minor units off, in all
    promo_uses: int = 0  # the code's uses it took (its discounted tickets)
    events: list[DomainEvent] = field(default_factory=list)
    change: Change | None = None

    @classmethod
    def reserve(cls, event: Event, buyer_id: str, wanted: list[Wanted], limits: BuyerLimits, now: str,
                hold_until: int, cancel_key: str, success_url: str | None = None,
                cancel_url: str | None = None) -> Reservation:
        """A PENDING order of the event (on sale, not started) with one PENDING_PAYMENT ticket per attendee. An
        order of more tickets than the buyer may have of the event is refused outright (a first order was not
        caught by the counter's condition, which held nothing yet)."""
        event.require_on_sale(now)
        count = sum(w.quantity for w in wanted)
        if count > limits.tickets_per_event:
            raise TooManyTickets(limits.tickets_per_event)
        order_id = new_id("order")
        tickets = [Ticket(new_id("ticket"), order_id, event.event_id, buyer_id, w.ticket_type.ticket_type_id,
                          w.ticket_type.kind, name, w.ticket_type.price, now, PENDING_PAYMENT)
                   for w in wanted for name in w.attendees]
        currency = wanted[0].ticket_type.price.currency
        order = cls(order_id, buyer_id, event.event_id, PENDING, [t.ticket_id for t in tickets],
                    [OrderLine(w.ticket_type.ticket_type_id, w.ticket_type.kind, w.quantity, w.ticket_type.price.amount)
                     for w in wanted],
                    Money(sum(w.ticket_type.price.amount * w.quantity for w in wanted), currency), now, hold_until,
                    cancel_key, success_url, cancel_url, updated_at=now)
        return Reservation(order, tickets, wanted, limits, starts_at=event.starts_at)

    @property
    def terms(self) -> OrderTerms:
        return OrderTerms(self.session_id, self.amount.amount, self.amount.currency)

    @property
    def free(self) -> bool:
        return self.amount.amount == 0

    @property
    def refundable_late(self) -> bool:
        return refundable_late(self.status, self.reason, self.refund_id)

    @property
    def awaits_cancellation_refund(self) -> bool:
        """Voided by its event's cancellation, the Stripe refund not yet recorded."""
        return self.status == CANCELLED and self.reason == EVENT_CANCELLED and self.refund_id is None

    # --- while PENDING: what the saga notes on the order ---

    def attach_session(self, session_id: str, url: str | None) -> None:
        self._require(PENDING, "attach a session to")
        self.session_id, self.session_url = session_id, url or self.session_url
        self.change = Change(PENDING, ("session_id", "session_url") if url else ("session_id",))

    def note_reason(self, reason: str) -> None:
        """Why a PENDING order is about to end, noted before Stripe is told (its expiry webhook may then release
        the order first, and must give the same reason). A declined card notes `payment_failed`: the order stays
        PENDING (the buyer may try another card) and that is the reason if the hold ends."""
        self._require(PENDING, "note a reason on")
        was, self.reason = self.reason, reason
        self.change = Change(PENDING, ("reason",), guards_reason=True, reason_was=was)

    def require_cancellable(self) -> None:
        self._require(PENDING, "cancel")

    # --- leaving PENDING ---

    def confirm(self, payment_intent_id: str | None, now: str) -> None:
        self._require(PENDING, "confirm")
        self.status, self.reason, self.updated_at = COMPLETED, None, now
        fields = ["status", "reason", "updated_at"]
        if payment_intent_id:
            self.payment_intent_id = payment_intent_id
            fields.append("payment_intent_id")
        self.change = Change(PENDING, tuple(fields), tickets=self._move(PENDING_PAYMENT, ACTIVE),
                             open_orders=-1 if self.counted else 0)
        self._record("payments.order.confirmed", ticketCount=len(self.ticket_ids))

    def release(self, reason: str, now: str) -> None:
        """The reason noted when the order began to end wins over the one of whoever releases it."""
        self._require(PENDING, "release")
        was = self.reason
        self.status, self.reason, self.updated_at = CANCELLED, self.reason or reason, now
        self.change = Change(PENDING, ("status", "reason", "updated_at"), guards_reason=True, reason_was=was,
                             tickets=self._move(PENDING_PAYMENT, PAYMENT_FAILED),
                             stock_back=tuple((line.ticket_type_id, line.quantity) for line in self.lines),
                             open_orders=-1 if self.counted else 0,
                             event_tickets=-len(self.ticket_ids) if self.counted else 0)
        self._record("payments.order.rejected", reason=self.reason)

    # --- after it left PENDING ---

    def refund_late_payment(self, payment_intent_id: str, refund_id: str, now: str) -> None:
        """A payment for an order released without one was refunded at Stripe: its tickets REFUNDED, once."""
        if not self.refundable_late:
            raise Settled(self.status, "refund a late payment of")
        self.refund_id, self.payment_intent_id, self.updated_at = refund_id, payment_intent_id, now
        self.change = Change(CANCELLED, ("refund_id", "payment_intent_id", "updated_at"), unrefunded=True,
                             tickets=self._move(PAYMENT_FAILED, REFUNDED))
        self._record("payments.order.refunded", ticketIds=list(self.ticket_ids), amount=self.amount.as_dict(),
                     reason="late_payment")

    def void(self, active_ticket_ids: list[str], now: str) -> None:
        """Its event was cancelled: a COMPLETED order's ACTIVE tickets are REFUNDED and the order CANCELLED (a
        ticket admitted at the door meanwhile makes the store's write fail; it is tried again)."""
        self._require(COMPLETED, "void")
        self.status, self.reason, self.updated_at = CANCELLED, EVENT_CANCELLED, now
        self.change = Change(COMPLETED, ("status", "reason", "updated_at"),
                             tickets=TicketMove(tuple(active_ticket_ids), ACTIVE, REFUNDED))

    def record_cancellation_refund(self, refunded: list[Ticket], refund_id: str, now: str) -> None:
        """The Stripe refund of what the voided tickets cost, on the order with its event, once."""
        if not self.awaits_cancellation_refund:
            raise Settled(self.status, "record a refund of")
        self.refund_id, self.updated_at = refund_id, now
        self.change = Change(CANCELLED, ("refund_id", "updated_at"), unrefunded=True)
        amount = sum(t.price.amount for t in refunded)
        self._record("payments.order.refunded", ticketIds=[t.ticket_id for t in refunded],
                     amount={"amount": amount, "currency": self.amount.currency}, reason=EVENT_CANCELLED)

    def _require(self, status: str, action: str) -> None:
        if self.status != status:
            raise Settled(self.status, action)

    def _move(self, source: str, target: str) -> TicketMove:
        return TicketMove(tuple(self.ticket_ids), source, target)

    def _record(self, event_type: str, **extra: Any) -> None:
        self.events.append(DomainEvent(event_type, {"orderId": self.order_id, "userId": self.user_id,
                                                    "eventId": self.event_id, **extra}))

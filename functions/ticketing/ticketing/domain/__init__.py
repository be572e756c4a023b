"""The ticketing rules (reference §2.5 and §4, with the fixes of §12) as plain Python: no AWS, no HTTP. Each
aggregate's methods decide a transition (or raise the domain error of a refused one) and record the domain
events it causes; store.py writes it."""

from .common import (
    EVENT_NOT_FOUND,
    MAX_ITEMS_PER_ORDER,
    MAX_PRICE,
    MAX_QUANTITY,
    ORDER_NOT_FOUND,
    TICKET_NOT_FOUND,
    TICKET_TYPE_NOT_FOUND,
    DomainEvent,
    Money,
    iso_of,
    new_id,
    now_iso,
)
from .events import STATUS_RANK, ClosedForTypes, Event, NotOnSale, visible_or_404
from .orders import (
    CANCELLED,
    COMPLETED,
    EVENT_CANCELLED,
    PAYMENT_METHOD_TYPES,
    PENDING,
    REJECTION_REASONS,
    BuyerLimits,
    Change,
    Order,
    OrderLine,
    OrderTerms,
    Reservation,
    Settled,
    TooManyOpenOrders,
    TooManyTickets,
    Wanted,
    one_event_one_currency,
    refundable_late,
)
from .ticket_types import KINDS, KindTaken, SoldOut, TicketsSold, TicketType, capped_available
from .tickets import (
    ACTIVE,
    ADMITTED,
    ALREADY_USED,
    PAYMENT_FAILED,
    PENDING_PAYMENT,
    REFUNDED,
    USED,
    NotUsable,
    Ticket,
    TicketMove,
)

__all__ = [
    "ACTIVE", "ADMITTED", "ALREADY_USED", "CANCELLED", "COMPLETED", "EVENT_CANCELLED", "EVENT_NOT_FOUND", "KINDS",
    "MAX_ITEMS_PER_ORDER", "MAX_PRICE", "MAX_QUANTITY", "ORDER_NOT_FOUND", "PAYMENT_FAILED", "PAYMENT_METHOD_TYPES",
    "PENDING", "PENDING_PAYMENT", "REFUNDED", "REJECTION_REASONS", "STATUS_RANK", "TICKET_NOT_FOUND",
    "TICKET_TYPE_NOT_FOUND", "USED", "BuyerLimits", "Change", "ClosedForTypes", "DomainEvent", "Event", "KindTaken",
    "Money", "NotOnSale", "NotUsable", "Order", "OrderLine", "OrderTerms", "Reservation", "Settled", "SoldOut",
    "Ticket", "TicketMove", "TicketType", "TicketsSold", "TooManyOpenOrders", "TooManyTickets", "Wanted",
    "capped_available", "iso_of", "new_id", "now_iso", "one_event_one_currency", "refundable_late",
    "visible_or_404",
]

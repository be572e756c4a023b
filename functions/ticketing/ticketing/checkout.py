"""The checkout's pieces that are not the HTTP route: the lines of a request, the platform's own URLs, and the
Stripe Checkout Session of an order."""

from __future__ import annotations

import os
import time
from collections import defaultdict
from typing import Any
from urllib.parse import urlparse

from kernel.errors import Conflict, FieldError, NotFound, ValidationFailed

from .bodies import CheckoutItem
from .domain import PAYMENT_METHOD_TYPES, TICKET_TYPE_NOT_FOUND, Event
from .orders import Line
from .store import OrderItem, TicketTypeItem, get_many, ticket_type_key

STRIPE_MIN_LIFETIME, STRIPE_MAX_LIFETIME = 31 * 60, 23 * 3600  # Stripe: 30 minutes to 24 hours, with a margin


def hold_seconds() -> int:
    return int(os.environ.get("CHECKOUT_HOLD_SECONDS", "900"))


def buyer_limits() -> tuple[int, int]:
    """Caps against hoarding (template parameters): PENDING orders a buyer holds at once, and tickets of one
    event a buyer gets, free ones included."""
    return (int(os.environ.get("MAX_OPEN_ORDERS_PER_BUYER", "3")),
            int(os.environ.get("MAX_TICKETS_PER_EVENT_PER_BUYER", "10")))


def public_base() -> str:
    return os.environ["PUBLIC_BASE_URL"].rstrip("/")


def own_url(url: str | None, field: str) -> str | None:
    """Redirects after checkout go only to the platform's own origin (no open redirect)."""
    if url is None:
        return None
    mine, theirs = urlparse(public_base()), urlparse(url)
    if (theirs.scheme, theirs.netloc) != (mine.scheme, mine.netloc):
        raise ValidationFailed("Redirects go to the platform's own pages only",
                               [FieldError(field, f"must be a URL of {public_base()}")])
    return url


def lines_of(items: list[CheckoutItem]) -> tuple[str, list[Line]]:
    """The request's tickets grouped by type (404 for an unknown type), all of one event and one currency, each
    within its type's per-order maximum: the event's id and the lines."""
    attendees: dict[str, list[str]] = defaultdict(list)
    for wanted in items:
        attendees[wanted.ticket_type_id].append(wanted.attendee_name)
    found = get_many(TicketTypeItem, [ticket_type_key(t) for t in attendees])
    lines = []
    for ticket_type_id, names in attendees.items():
        item = found.get(ticket_type_key(ticket_type_id))
        if item is None:
            raise NotFound(TICKET_TYPE_NOT_FOUND)
        if int(item.available) < len(names):  # sold out as last read: no transaction to fail (it re-checks)
            raise Conflict(f'Ticket type "{item.kind}" is sold out')
        if item.maxPerOrder is not None and len(names) > int(item.maxPerOrder):
            raise ValidationFailed(f'At most {int(item.maxPerOrder)} "{item.kind}" tickets per order',
                                   [FieldError("items", f"too many {item.kind} tickets")])
        lines.append(Line(item, names))
    if len({line.ticket_type.eventId for line in lines}) > 1:
        raise ValidationFailed("An order holds tickets of one event",
                               [FieldError("items", "all ticket types must belong to one event")])
    if len({line.ticket_type.price.currency for line in lines}) > 1:
        raise ValidationFailed("An order is paid in one currency",
                               [FieldError("items", "all ticket types must have the same currency")])
    return lines[0].ticket_type.eventId, lines


def session_params(order: OrderItem, event: Event) -> dict[str, Any]:
    """Checkout Session parameters: one line per ticket type, the order id in the metadata of the session and of
    its PaymentIntent, our own success page, and our cancel route (which releases the order) as cancel_url."""
    base = public_base()
    lifetime = min(max(hold_seconds() + 60, STRIPE_MIN_LIFETIME), STRIPE_MAX_LIFETIME)
    title = event.title or "EvenToNight"
    return {
        "mode": "payment",
        "payment_method_types": list(PAYMENT_METHOD_TYPES),
        "client_reference_id": order.orderId,
        "metadata": {"orderId": order.orderId},
        "payment_intent_data": {"metadata": {"orderId": order.orderId}},
        "line_items": [{"quantity": int(line.quantity), "price_data": {
            "currency": order.amount.currency.lower(), "unit_amount": int(line.unitAmount),
            "product_data": {"name": f"{line.kind} ticket", "description": title}}} for line in order.lines],
        "success_url": order.successUrl or f"{base}/orders/{order.orderId}?checkout=success",
        "cancel_url": f"{base}/ticketing/orders/{order.orderId}/cancel?key={order.cancelKey}",
        "expires_at": int(time.time()) + lifetime,
    }


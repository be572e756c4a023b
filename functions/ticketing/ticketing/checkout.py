"""The checkout's pieces that are not the HTTP route: the lines of a request, the platform's own URLs, and the
Stripe Checkout Session of an order."""

from __future__ import annotations

import os
import time
from collections import defaultdict
from typing import Any
from urllib.parse import urlparse

from kernel.errors import FieldError, NotFound, ValidationFailed
from kernel.table import BatchRead

from .bodies import CheckoutItem
from .domain import (
    PAYMENT_METHOD_TYPES,
    TICKET_TYPE_NOT_FOUND,
    BuyerLimits,
    Event,
    Order,
    Wanted,
    one_event_one_currency,
)
from .store import ticket_types as ticket_type_store

STRIPE_MIN_LIFETIME, STRIPE_MAX_LIFETIME = 31 * 60, 23 * 3600  # Stripe: 30 minutes to 24 hours, with a margin


def hold_seconds() -> int:
    return int(os.environ["CHECKOUT_HOLD_SECONDS"])  # the template's CheckoutHoldSeconds, its one default


def buyer_limits() -> BuyerLimits:
    """Caps against hoarding (template parameters)."""
    return BuyerLimits(int(os.environ["MAX_OPEN_ORDERS_PER_BUYER"]), int(os.environ["MAX_TICKETS_PER_EVENT_PER_BUYER"]))


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


def ticket_types_of(items: list[CheckoutItem]) -> BatchRead:
    """The read of the request's ticket types, to go with the caller's token check."""
    return ticket_type_store.reading([item.ticket_type_id for item in items])


def lines_of(items: list[CheckoutItem], types: BatchRead) -> tuple[str, list[Wanted]]:
    """The request's tickets grouped by type (404 for an unknown type), each type with enough left as last read
    (`types`, read) and within its per-order maximum, all of one event and one currency: the event's id and what
    is wanted."""
    attendees: dict[str, list[str]] = defaultdict(list)
    for item in items:
        attendees[item.ticket_type_id].append(item.attendee_name)
    found = ticket_type_store.found_in(types)
    wanted = []
    for ticket_type_id, names in attendees.items():
        ticket_type = found.get(ticket_type_id)
        if ticket_type is None:
            raise NotFound(TICKET_TYPE_NOT_FOUND)
        ticket_type.require_available(len(names))
        wanted.append(Wanted(ticket_type, names))
    return one_event_one_currency(wanted), wanted


def session_params(order: Order, event: Event) -> dict[str, Any]:
    """Checkout Session parameters: one line per ticket type, the order id in the metadata of the session and of
    its PaymentIntent, our own success page, and our cancel route (which releases the order) as cancel_url."""
    base = public_base()
    lifetime = min(max(hold_seconds() + 60, STRIPE_MIN_LIFETIME), STRIPE_MAX_LIFETIME)
    title = event.title or "EvenToNight"
    return {
        "mode": "payment",
        "payment_method_types": list(PAYMENT_METHOD_TYPES),
        "client_reference_id": order.order_id,
        "metadata": {"orderId": order.order_id},
        "payment_intent_data": {"metadata": {"orderId": order.order_id}},
        "line_items": [{"quantity": line.quantity, "price_data": {
            "currency": order.amount.currency.lower(), "unit_amount": line.unit_amount,
            "product_data": {"name": f"{line.kind} ticket", "description": title}}} for line in order.lines],
        "success_url": order.success_url or f"{base}/orders/{order.order_id}?checkout=success",
        "cancel_url": f"{base}/ticketing/orders/{order.order_id}/cancel?key={order.cancel_key}",
        "expires_at": int(time.time()) + lifetime,
    }


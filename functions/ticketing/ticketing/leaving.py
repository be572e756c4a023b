"""Where a buyer who leaves Stripe's page lands: always the SPA's page of ours that says what happened
(`/checkout/left`), never a raw error - the link is followed by a browser, which shows a JSON problem as a blank
page of text.

    outcome=cancelled     the order was released (now, or before: a second click, an expired hold)
    outcome=paid          the buyer had paid after all: the order is confirmed
    outcome=unavailable   the payment provider could not be reached: the order stays held until its hold ends,
                          then the sweeper releases it (nothing is charged without the buyer paying)
    outcome=unknown       no order of ours with that key (a link mistyped, forged or from another order)

With `order` (the order's id, for the known outcomes) and `back` (the page the buyer started from, a path of
ours, when the checkout named one)."""

from __future__ import annotations

from urllib.parse import urlencode, urlparse

from . import checkout
from .domain import CANCELLED, COMPLETED

PAGE = "/checkout/left"
CANCELLED_OUTCOME, PAID, UNAVAILABLE, UNKNOWN = "cancelled", "paid", "unavailable", "unknown"
OUTCOME_OF = {CANCELLED: CANCELLED_OUTCOME, COMPLETED: PAID}


def _path(url: str | None) -> str | None:
    """The path and query of one of our own URLs (checked at checkout): what the SPA page links back to."""
    if not url:
        return None
    parsed = urlparse(url)
    return parsed.path + (f"?{parsed.query}" if parsed.query else "") if parsed.path.startswith("/") else None


def page(outcome: str, order_id: str | None = None, back: str | None = None) -> str:
    query = {"outcome": outcome, **({"order": order_id} if order_id else {}),
             **({"back": path} if (path := _path(back)) else {})}
    return f"{checkout.public_base()}{PAGE}?{urlencode(query)}"


def outcome_of(status: str) -> str:
    """What a buyer is told of an order in this status after the cancel link (PENDING: still held)."""
    return OUTCOME_OF.get(status, UNAVAILABLE)

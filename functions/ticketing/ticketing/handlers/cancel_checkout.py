"""GET /ticketing/orders/{orderId}/cancel?key=...: where Stripe's hosted page sends a buyer who gives up (its
cancel_url). The key, given only to Stripe for this order, stands in for the bearer token a browser redirect
cannot carry. The session is expired at Stripe, the order released, and the buyer redirected (303) to the
cancel page they asked for - always of the platform's own origin - or the order's page."""

from __future__ import annotations

import hmac
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from kernel import http
from kernel.errors import NotFound

from .. import checkout, settle, stripe_client
from ..domain import ORDER_NOT_FOUND
from ..store import orders as order_store
from ..views import documented

router = http.router()
GONE = "The order released; on to the buyer's cancel page (Location)"
ANSWERS = {**documented(303, GONE, 400, 404), 303: {"description": GONE, "content": {}}}  # a redirect: no body
stripe_client.require_configured()  # at the cold start: no Stripe secret, or a placeholder, no function


@router.get("/ticketing/orders/<orderId>/cancel", responses=ANSWERS)
def cancel_checkout(orderId: str,  # noqa: N803
                    key: Annotated[str, Query(min_length=1, max_length=100)]) -> object:
    order = order_store.find(orderId)
    if order is None or not order.cancel_key or not hmac.compare_digest(order.cancel_key, key):
        raise NotFound(ORDER_NOT_FOUND)
    settle.close_checkout(order, "cancelled_by_buyer")
    target = order.cancel_url or f"{checkout.public_base()}/orders/{orderId}?checkout=cancelled"
    return Response(status_code=303, headers={"Location": target}, body="")


handler = http.entrypoint(http.create_app("ticketing", router))

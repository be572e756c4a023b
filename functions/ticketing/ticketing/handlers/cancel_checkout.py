"""GET /ticketing/orders/{orderId}/cancel?key=...: where Stripe's hosted page sends a buyer who gives up (its
cancel_url). The key, given only to Stripe for this order, stands in for the bearer token a browser redirect
cannot carry. The session is expired at Stripe and the order released; whatever happens, the buyer is redirected
(303) to the SPA's page that says what did (`leaving.py`): released, paid after all, the payment provider
unreachable (the order stays held until its hold ends), or no such checkout (a wrong key: nothing changes)."""

from __future__ import annotations

import hmac

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from kernel import http

from .. import leaving, settle, stripe_client
from ..store import orders as order_store
from ..views import documented

router = http.router()
logger = Logger()
GONE = "On to the SPA's page saying what happened (Location): released, paid, provider unreachable, or unknown"
ANSWERS = {**documented(303, GONE, 404), 303: {"description": GONE, "content": {}}}  # a redirect: no body
stripe_client.require_configured()  # at the cold start: no Stripe secret, or a placeholder, no function


def _redirect(target: str) -> Response:
    return Response(status_code=303, headers={"Location": target, "Cache-Control": "no-store"}, body="")


@router.get("/ticketing/orders/<orderId>/cancel", responses=ANSWERS)
def cancel_checkout(orderId: str, key: str = "") -> object:  # noqa: N803
    order = order_store.find(orderId)
    if order is None or not order.cancel_key or not hmac.compare_digest(order.cancel_key.encode(), key.encode()):
        return _redirect(leaving.page(leaving.UNKNOWN))
    try:
        settle.close_checkout(order, "cancelled_by_buyer")
    except Exception:  # noqa: BLE001 - a browser follows this link: it gets our page, never a 500
        logger.exception("the buyer's cancel did not reach its end: the hold ends the order", extra={
            "orderId": orderId})
        return _redirect(leaving.page(leaving.UNAVAILABLE, orderId, order.cancel_url))
    now = order_store.require(orderId)
    return _redirect(leaving.page(leaving.outcome_of(now.status), orderId, order.cancel_url))


handler = http.entrypoint(http.create_app("ticketing", router))

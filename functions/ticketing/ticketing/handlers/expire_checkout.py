"""The saga's step when the hold ends (`States.Timeout`): expire the session at Stripe, then release the order
(or confirm it, if Stripe says the buyer paid in the last instant). A retry finds the order settled: no-op."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from .. import settle, stripe_client
from ..store import orders as order_store

logger = Logger()
stripe_client.require_configured()  # at the cold start: no Stripe secret, or a placeholder, no function


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    order = order_store.find(event["orderId"])
    if order is None:
        return {"outcome": "unknown"}
    outcome = settle.close_checkout(order, "expired")
    logger.info("hold ended", extra={"orderId": order.order_id, "outcome": outcome})
    return {"outcome": outcome}

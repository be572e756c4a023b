"""POST /ticketing/checkout-sessions: reserve tickets and open a Stripe Checkout (201), architecture §8.

One transaction reserves the stock (sold out: 409, nothing written) with the PENDING order and its
PENDING_PAYMENT tickets; then the Stripe session (the order id as idempotency key) and the saga start. A Stripe
failure releases the reservation at once. An order of free tickets is confirmed at once, without Stripe.
"""

from __future__ import annotations

from typing import Any, cast

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from kernel import http, idempotency
from kernel.errors import ServiceUnavailable, ValidationFailed

from .. import access, checkout, orders, saga, settle, stripe_client, views
from ..bodies import NewCheckout
from ..domain import iso_of, now_iso

logger = Logger()
router = http.router()
stripe_client.require_configured()  # at the cold start: no Stripe secret, or a placeholder, no function


@router.post("/ticketing/checkout-sessions", security=http.AUTHENTICATED)
def create_checkout(body: NewCheckout) -> object:
    caller = http.caller(router)
    if body.user_id is not None:
        caller.require_self(body.user_id)
    success_url = checkout.own_url(body.success_url, "successUrl")
    cancel_url = checkout.own_url(body.cancel_url, "cancelUrl")

    def command() -> Response:
        event_id, lines = checkout.lines_of(body.items)
        event = access.visible_event(event_id, caller.user_id)
        event.require_on_sale(now_iso())
        hold = checkout.hold_seconds()
        order = orders.reserve(event, caller.user_id, lines, hold, success_url, cancel_url, checkout.buyer_limits())
        if int(order.amount.amount) == 0:
            settle.free(order)
            return http.json_response(201, {"orderId": order.orderId, "expiresAt": iso_of(int(order.holdUntil)),
                                            "order": views.order_view(orders.require(order.orderId))})
        session = _open_session(order, event)
        orders.attach_session(order.orderId, session["id"], session["url"])
        saga.start(order.orderId, hold)
        return http.json_response(201, {"orderId": order.orderId, "sessionId": session["id"],
                                        "redirectUrl": session["url"], "expiresAt": iso_of(int(order.holdUntil)),
                                        "order": views.order_view(order)})

    return idempotency.once(cast(Any, router), caller.user_id, command)


def _open_session(order: Any, event: Any) -> Any:
    stripe = stripe_client.errors()
    try:
        return stripe_client.create_checkout_session(checkout.session_params(order, event), order.orderId)
    except stripe.StripeError as error:
        logger.warning("no checkout session: the reservation is released", extra={"orderId": order.orderId,
                                                                                 "error": str(error)})
        orders.release(order, "checkout_unavailable")
        if isinstance(error, stripe.InvalidRequestError):
            raise ValidationFailed(f"The payment provider refused this order: {error.user_message}") from error
        raise ServiceUnavailable("The payment provider is unavailable: nothing was reserved") from error


handler = http.entrypoint(http.create_app("ticketing", router))

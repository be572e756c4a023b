"""POST /ticketing/checkout-sessions: reserve tickets and open a Stripe Checkout (201), architecture §8.

One transaction reserves the stock (sold out: 409, nothing written) with the PENDING order and its
PENDING_PAYMENT tickets; then the Stripe session (the order id as idempotency key) and the saga start. A Stripe
failure releases the reservation at once. An order of free tickets is confirmed at once, without Stripe.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from typing import Any, cast

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from kernel import http, idempotency
from kernel.errors import ServiceUnavailable, ValidationFailed

from .. import access, checkout, promos, saga, settle, stripe_client, views
from ..bodies import NewCheckout
from ..domain import Order, Settled, iso_of, now_iso
from ..store import orders as order_store
from ..views import CheckoutStarted, documented

logger = Logger()
router = http.router()
stripe_client.require_configured()  # at the cold start: no Stripe secret, or a placeholder, no function


@router.post("/ticketing/checkout-sessions", security=http.AUTHENTICATED,
             responses=documented(201, "Reserved: pay on Stripe's page (a free order is confirmed at once)", 400,
                                  401, 403, 404, 409, 503, model=CheckoutStarted))
def create_checkout(body: NewCheckout) -> object:
    types = checkout.ticket_types_of(body.items)
    caller = http.caller(router, reads=types)  # the types come in the token check's read: one AWS call, not two
    if body.user_id is not None:
        caller.require_self(body.user_id)
    caller.require_verified_email("buy tickets")
    success_url = checkout.own_url(body.success_url, "successUrl")
    cancel_url = checkout.own_url(body.cancel_url, "cancelUrl")

    def command() -> Response:
        event_id, wanted = checkout.lines_of(body.items, types)
        event = access.visible_event(event_id, caller.user_id)
        hold = checkout.hold_seconds()
        reservation = Order.reserve(event, caller.user_id, wanted, checkout.buyer_limits(), now_iso(),
                                    int(time.time()) + hold, secrets.token_urlsafe(24), success_url, cancel_url)
        if body.promo_code:
            promos.discount(reservation, body.promo_code)
        order_store.add(reservation)
        order = reservation.order
        expires = iso_of(order.hold_until)
        if order.free:
            settle.free(order)
            confirmed = views.order_view(order_store.require(order.order_id))
            return http.json_response(201, CheckoutStarted(order_id=order.order_id, expires_at=expires,
                                                           order=confirmed))
        view = views.order_view(order)
        session = _open_session(order, event)
        with contextlib.suppress(Settled):  # released meanwhile: nothing to attach the session to
            order.attach_session(session["id"], session["url"])
            order_store.save(order)
        saga.start(order.order_id, hold)
        return http.json_response(201, CheckoutStarted(order_id=order.order_id, session_id=session["id"],
                                                       redirect_url=session["url"], expires_at=expires, order=view))

    return idempotency.once(cast(Any, router), caller.user_id, command)


def _open_session(order: Order, event: Any) -> Any:
    stripe = stripe_client.errors()
    try:
        return stripe_client.create_checkout_session(checkout.session_params(order, event), order.order_id)
    except stripe.StripeError as error:
        logger.warning("no checkout session: the reservation is released", extra={"orderId": order.order_id,
                                                                                 "error": str(error)})
        settle.ended(order, "checkout_unavailable")
        if isinstance(error, stripe.InvalidRequestError):
            raise ValidationFailed(f"The payment provider refused this order: {error.user_message}") from error
        raise ServiceUnavailable("The payment provider is unavailable: nothing was reserved") from error


handler = http.entrypoint(http.create_app("ticketing", router))

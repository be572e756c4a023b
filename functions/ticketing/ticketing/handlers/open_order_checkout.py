"""POST /ticketing/orders/{orderId}/checkout: the Stripe Checkout of the caller's PENDING order that has none yet
- a waiting-list offer (201, as a checkout started). Asked again, it answers the same session (Stripe's
idempotency key is the order's id); the purchase saga starts with what is left of the order's hold. A settled
order is a 409, somebody else's a 404; a free one is confirmed at once."""

from __future__ import annotations

import contextlib
import time

from aws_lambda_powertools import Logger
from kernel import http
from kernel.errors import ServiceUnavailable

from .. import access, checkout, saga, settle, stripe_client, views
from ..bodies import HeldCheckout
from ..domain import Settled, iso_of
from ..store import orders as order_store
from ..views import CheckoutStarted, documented

logger = Logger()
router = http.router()
stripe_client.require_configured()  # at the cold start: no Stripe secret, or a placeholder, no function


@router.post("/ticketing/orders/<orderId>/checkout", security=http.AUTHENTICATED,
             responses=documented(201, "Pay on Stripe's page (a free order is confirmed at once)", 400, 401, 404, 409,
                                  503, model=CheckoutStarted))
def open_order_checkout(orderId: str, body: HeldCheckout) -> object:  # noqa: N803
    caller = http.caller(router)
    success_url = checkout.own_url(body.success_url, "successUrl")
    order = order_store.owned(orderId, caller.user_id)
    order.require_cancellable()  # PENDING
    order.success_url = order.success_url or success_url  # where Stripe sends the buyer back (not stored)
    expires = iso_of(order.hold_until)
    if order.free:
        settle.free(order)
        return http.json_response(201, CheckoutStarted(order_id=orderId, expires_at=expires,
                                                       order=views.order_view(order_store.require(orderId))))
    event = access.visible_event(order.event_id, caller.user_id)
    stripe = stripe_client.errors()
    try:
        if order.session_id:  # opened before: the same page
            session = stripe_client.retrieve_checkout_session(order.session_id)
        else:
            session = stripe_client.create_checkout_session(checkout.session_params(order, event), order.order_id)
    except stripe.StripeError as error:
        logger.warning("no checkout session for a held order", extra={"orderId": orderId, "error": str(error)})
        raise ServiceUnavailable("The payment provider is unavailable: try again while the order is held") from error
    if order.session_id is None:
        with contextlib.suppress(Settled):
            order.attach_session(session["id"], session["url"])
            order_store.save(order)
    saga.start(order.order_id, max(1, order.hold_until - int(time.time())))
    return http.json_response(201, CheckoutStarted(order_id=orderId, session_id=session["id"],
                                                   redirect_url=session["url"], expires_at=expires,
                                                   order=views.order_view(order)))


handler = http.entrypoint(http.create_app("ticketing", router))

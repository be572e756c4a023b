"""POST /ticketing/orders/{orderId}/cancel: the buyer abandons a pending checkout from the platform (200, the
order). The same compensation as Stripe's cancel redirect; a settled order is a 409; others' orders are 404."""

from __future__ import annotations

from kernel import http

from .. import settle, stripe_client, views
from ..store import orders as order_store
from ..views import OrderView, documented

router = http.router()
stripe_client.require_configured()  # at the cold start: no Stripe secret, or a placeholder, no function


@router.post("/ticketing/orders/<orderId>/cancel", security=http.AUTHENTICATED,
             responses=documented(200, "The order, released", 401, 404, 409, model=OrderView))
def cancel_order(orderId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    order = order_store.owned(orderId, caller.user_id)
    order.require_cancellable()
    settle.close_checkout(order, "cancelled_by_buyer")
    return http.json_response(200, views.order_view(order_store.require(orderId)))


handler = http.entrypoint(http.create_app("ticketing", router))

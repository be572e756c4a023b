"""POST /ticketing/orders/{orderId}/cancel: the buyer abandons a pending checkout from the platform (200, the
order). The same compensation as Stripe's cancel redirect; a settled order is a 409; others' orders are 404."""

from __future__ import annotations

from kernel import http
from kernel.errors import Conflict, NotFound

from .. import orders, settle, stripe_client, views
from ..domain import ORDER_NOT_FOUND, PENDING

router = http.router()
stripe_client.require_configured()  # at the cold start: no Stripe secret, or a placeholder, no function


@router.post("/ticketing/orders/<orderId>/cancel", security=http.AUTHENTICATED)
def cancel_order(orderId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    order = orders.find(orderId)
    if order is None or order.userId != caller.user_id:
        raise NotFound(ORDER_NOT_FOUND)
    if order.status != PENDING:
        raise Conflict(f"Cannot cancel an order with status {order.status}")
    settle.close_checkout(order, "cancelled_by_buyer")
    return http.json_response(200, views.order_view(orders.require(orderId)))


handler = http.entrypoint(http.create_app("ticketing", router))

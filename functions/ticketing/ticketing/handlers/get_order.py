"""GET /ticketing/orders/{orderId}: the buyer's order and where it stands in the purchase (others: 404)."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound

from .. import orders, views
from ..domain import ORDER_NOT_FOUND

router = http.router()


@router.get("/ticketing/orders/<orderId>", security=http.AUTHENTICATED)
def get_order(orderId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    order = orders.find(orderId)
    if order is None or order.userId != caller.user_id:
        raise NotFound(ORDER_NOT_FOUND)
    return http.json_response(200, views.order_view(order))


handler = http.entrypoint(http.create_app("ticketing", router))

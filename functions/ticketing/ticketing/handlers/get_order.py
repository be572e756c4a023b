"""GET /ticketing/orders/{orderId}: the buyer's order and where it stands in the purchase (others: 404)."""

from __future__ import annotations

from kernel import http

from .. import views
from ..store import orders as order_store
from ..views import OrderView, documented

router = http.router()


@router.get("/ticketing/orders/<orderId>", security=http.AUTHENTICATED,
            responses=documented(200, "The buyer's order", 401, 404, model=OrderView))
def get_order(orderId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    return http.json_response(200, views.order_view(order_store.owned(orderId, caller.user_id)))


handler = http.entrypoint(http.create_app("ticketing", router))

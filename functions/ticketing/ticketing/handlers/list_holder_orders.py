"""GET /ticketing/users/{userId}/orders: the caller's orders, newest first, in every status; cursor pages.
Another user's path: 403."""

from __future__ import annotations

from kernel import http
from kernel.pagination import PageRequest, encode_cursor
from kernel.responses import Page

from .. import views
from ..store import INDEX_KEYS
from ..store import orders as order_store
from ..views import OrderView, documented

router = http.router()


@router.get("/ticketing/users/<userId>/orders", security=http.AUTHENTICATED,
            responses=documented(200, "A page of the caller's orders, newest first", 400, 401, 403,
                                 model=Page[OrderView]))
def list_holder_orders(userId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    caller.require_self(userId)
    request = PageRequest.parse(router.current_event.query_string_parameters, INDEX_KEYS["GSI1"])
    items, last_key = order_store.buyer_page(userId, request.limit, request.start_key)
    return http.json_response(200, Page[OrderView](items=[views.order_view(o) for o in items],
                                                   next_cursor=encode_cursor(last_key)))


handler = http.entrypoint(http.create_app("ticketing", router))

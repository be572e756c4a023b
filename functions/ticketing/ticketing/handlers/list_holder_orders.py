"""GET /ticketing/users/{userId}/orders: the caller's orders, newest first, in every status; cursor pages.
Another user's path: 403."""

from __future__ import annotations

from functools import partial

from kernel import http
from kernel.responses import Page, page_answer

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
    return page_answer(router, INDEX_KEYS["GSI1"], partial(order_store.buyer_page, userId), views.order_view)


handler = http.entrypoint(http.create_app("ticketing", router))

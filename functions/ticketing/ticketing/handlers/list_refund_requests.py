"""GET /ticketing/events/{eventId}/refund-requests: the event's refund requests, newest first, for its creator
(403 for others who see the event, 404 for those who do not); cursor pages."""

from __future__ import annotations

from functools import partial

from kernel import http
from kernel.responses import Page, page_answer

from .. import access, views
from ..store import INDEX_KEYS
from ..store import refund_requests as request_store
from ..views import RefundRequestView, documented

router = http.router()


@router.get("/ticketing/events/<eventId>/refund-requests", security=http.AUTHENTICATED,
            responses=documented(200, "A page of the event's refund requests, newest first", 400, 401, 403, 404,
                                 model=Page[RefundRequestView]))
def list_refund_requests(eventId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    access.managed_event(eventId, caller.user_id)
    return page_answer(router, INDEX_KEYS["GSI1"], partial(request_store.event_page, eventId),
                       views.refund_request_view)


handler = http.entrypoint(http.create_app("ticketing", router))

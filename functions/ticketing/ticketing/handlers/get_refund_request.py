"""GET /ticketing/tickets/{ticketId}/refund-request: the ticket's refund request, for its holder or the event's
creator (404 for anyone else, and when there is none)."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound

from .. import replicas, views
from ..store import refund_requests as request_store
from ..views import RefundRequestView, documented

router = http.router()


@router.get("/ticketing/tickets/<ticketId>/refund-request", security=http.AUTHENTICATED,
            responses=documented(200, "The refund request", 401, 404, model=RefundRequestView))
def get_refund_request(ticketId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    request = request_store.find(ticketId)
    event = replicas.event(request.event_id) if request is not None else None
    if request is None or caller.user_id not in (request.holder_id, event.creator_id if event else None):
        raise NotFound(request_store.NO_REQUEST)
    return http.json_response(200, views.refund_request_view(request))


handler = http.entrypoint(http.create_app("ticketing", router))

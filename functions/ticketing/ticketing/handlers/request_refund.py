"""POST /ticketing/tickets/{ticketId}/refund-request: the holder asks for a refund of an ACTIVE ticket within
the event's policy (201, the request). Outside the policy, a ticket not ACTIVE, or asked before: 409; somebody
else's ticket: 404."""

from __future__ import annotations

from kernel import http

from .. import access, views
from ..bodies import RefundAsk
from ..domain import now_iso
from ..domain.refund_requests import RefundRequest
from ..store import refund_requests as request_store
from ..store import tickets as ticket_store
from ..views import RefundRequestView, documented

router = http.router()


@router.post("/ticketing/tickets/<ticketId>/refund-request", security=http.AUTHENTICATED,
             responses=documented(201, "Requested: the organizer decides", 400, 401, 404, 409,
                                  model=RefundRequestView))
def request_refund(ticketId: str, body: RefundAsk) -> object:  # noqa: N803
    caller = http.caller(router)
    ticket = ticket_store.owned(ticketId, caller.user_id)
    event = access.visible_event(ticket.event_id, caller.user_id)
    request = RefundRequest.request(ticket, event, request_store.policy(event.event_id), body.reason, now_iso())
    request_store.add(request)
    return http.json_response(201, views.refund_request_view(request))


handler = http.entrypoint(http.create_app("ticketing", router))

"""GET /ticketing/tickets/{ticketId}: the holder's ticket (anyone else: 404, as if it did not exist)."""

from __future__ import annotations

from kernel import http

from .. import views
from ..store import tickets as ticket_store
from ..views import TicketView, documented

router = http.router()


@router.get("/ticketing/tickets/<ticketId>", security=http.AUTHENTICATED,
            responses=documented(200, "The holder's ticket", 401, 404, model=TicketView))
def get_ticket(ticketId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    return http.json_response(200, views.ticket_view(ticket_store.owned(ticketId, caller.user_id)))


handler = http.entrypoint(http.create_app("ticketing", router))

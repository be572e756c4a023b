"""PUT /ticketing/tickets/{ticketId}/verify: the event's creator scans a ticket at the door.

200 `{"result": "admitted", "usedAt": ..., ...}` the first time (the ticket is now USED); 200
`{"result": "already_used", ...}` with the first scan's `usedAt` for a second scan, which changes nothing;
409 for a ticket in any other status, or of a cancelled event (the reference ignored the event: §12.20).
Only the event's creator may verify (not collaborators, not the holder): 403; an unknown ticket: 404."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound

from .. import door, replicas
from ..domain import EVENT_NOT_FOUND
from ..store import tickets as ticket_store
from ..views import Scan, documented, scan_view

router = http.router()


@router.put("/ticketing/tickets/<ticketId>/verify", security=http.AUTHENTICATED,
            responses=documented(200, "Admitted, or already used (a second scan changes nothing)", 401, 403, 404,
                                 409, model=Scan))
def verify_ticket(ticketId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    ticket = ticket_store.require(ticketId)
    event = replicas.event(ticket.event_id)
    if event is None:
        raise NotFound(EVENT_NOT_FOUND)
    event.require_door_keeper(caller.user_id)
    result, now = door.admit(ticket)
    return http.json_response(200, scan_view(result, now))


handler = http.entrypoint(http.create_app("ticketing", router))

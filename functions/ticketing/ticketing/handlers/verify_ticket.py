"""PUT /ticketing/tickets/{ticketId}/verify: the event's creator scans a ticket at the door.

200 `{"result": "admitted", "usedAt": ..., ...}` the first time (the ticket is now USED); 200
`{"result": "already_used", ...}` with the first scan's `usedAt` for a second scan, which changes nothing;
409 for a ticket in any other status, or of a cancelled event (the reference ignored the event: §12.20).
Only the event's creator may verify (not collaborators, not the holder): 403; an unknown ticket: 404."""

from __future__ import annotations

from kernel import http
from kernel.errors import Conflict, Forbidden, NotFound

from .. import door, tickets

router = http.router()


@router.put("/ticketing/tickets/<ticketId>/verify", security=http.AUTHENTICATED)
def verify_ticket(ticketId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    ticket = tickets.find(ticketId)
    if ticket is None:
        raise NotFound(tickets.TICKET_NOT_FOUND)
    event = tickets.event(ticket.eventId)
    if event is None:
        raise NotFound("Event not found")
    if event.creatorId != caller.user_id:
        raise Forbidden("Not authorized to verify this ticket")
    if event.status == "CANCELLED":
        raise Conflict("The event was cancelled: its tickets are refunded, not used")
    result, now = door.admit(ticketId)
    answer = {"result": result, "ticketId": now.ticketId, "eventId": now.eventId, "type": now.kind,
              "attendeeName": now.attendeeName, "status": now.status, "usedAt": now.updatedAt}
    return http.json_response(200, {k: v for k, v in answer.items() if v is not None})


handler = http.entrypoint(http.create_app("ticketing", router))

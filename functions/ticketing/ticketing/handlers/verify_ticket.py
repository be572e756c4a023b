"""PUT /ticketing/events/{eventId}/tickets/{ticketId}/verify: a ticket scanned at the door of the event the path
names, by its creator or its door staff (granted members, granted organizations while they collaborate).

200 `{"result": "admitted", "usedAt": ..., "eventTitle": ...}` the first time (the ticket is now USED, its type's
check-in count one more); 200 `{"result": "already_used", ...}` with the first scan's `usedAt` for a second scan,
which changes nothing. 401 without a token; 404 for an event the caller cannot see; 403 for a caller without the
right at this event (before anything about the ticket is told); 404 for an unknown ticket; 409 for a ticket of
another event, outside the event's day (§12.20: the doors open at the start of its local day, or 6 h before its
start, and close at its end), of a cancelled event, or in a status that never passes."""

from __future__ import annotations

from kernel import http

from .. import door
from ..door_views import DoorScan, door_scan
from ..views import documented

router = http.router()


@router.put("/ticketing/events/<eventId>/tickets/<ticketId>/verify", security=http.AUTHENTICATED,
            responses=documented(200, "Admitted, or already used (a second scan changes nothing)", 401, 403, 404,
                                 409, model=DoorScan))
def verify_ticket(eventId: str, ticketId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    result, ticket, event = door.scan(eventId, ticketId, caller.user_id)
    return http.json_response(200, door_scan(result, ticket, event))


handler = http.entrypoint(http.create_app("ticketing", router))

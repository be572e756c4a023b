"""DELETE /ticketing/events/{eventId}/door-staff/{userId}: the event's creator takes a door right back (the
next scan by that user is refused). 204; 404 for a user without the right or an event the caller cannot see;
403 for anyone but the creator."""

from __future__ import annotations

from kernel import http

from .. import access
from ..domain.door import DoorStaff
from ..store import door as door_store
from ..views import documented

router = http.router()


@router.delete("/ticketing/events/<eventId>/door-staff/<userId>", security=http.AUTHENTICATED,
               responses=documented(204, "The right taken back", 401, 403, 404))
def revoke_door_staff(eventId: str, userId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    event = access.visible_event(eventId, caller.user_id)
    event.require_creator(caller.user_id, "Only the event's creator manages its door staff")
    grant = door_store.grant_of(eventId, userId) if len(userId) <= 64 else None
    door_store.remove(DoorStaff(event).revoke(caller.user_id, grant))
    return http.json_response(204)


handler = http.entrypoint(http.create_app("ticketing", router))

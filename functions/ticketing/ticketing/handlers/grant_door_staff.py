"""PUT /ticketing/events/{eventId}/door-staff/{userId}: the event's creator lets a member, or an organization
collaborating on the event, scan its tickets (at this event only). 200 with the right (a repeat changes nothing);
400 for a user who is neither (unknown to ticketing, the creator itself, an organization that does not
collaborate); 403 for anyone but the creator; 404 for an event the caller cannot see."""

from __future__ import annotations

from kernel import http

from .. import access, people
from ..domain import now_iso
from ..domain.door import DoorStaff
from ..door_views import DoorRight, door_right
from ..store import door as door_store
from ..views import documented

router = http.router()


@router.put("/ticketing/events/<eventId>/door-staff/<userId>", security=http.AUTHENTICATED,
            responses=documented(200, "The right, granted", 400, 401, 403, 404, model=DoorRight))
def grant_door_staff(eventId: str, userId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    event = access.visible_event(eventId, caller.user_id)
    event.require_creator(caller.user_id, "Only the event's creator manages its door staff")
    person = people.person(userId) if len(userId) <= 64 else None
    grant = DoorStaff(event).grant(caller.user_id, userId, person.role if person else None, now_iso())
    door_store.keep(grant)
    return http.json_response(200, door_right(door_store.grant_of(eventId, userId) or grant, person))


handler = http.entrypoint(http.create_app("ticketing", router))

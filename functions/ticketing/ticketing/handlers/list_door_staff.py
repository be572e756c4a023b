"""GET /ticketing/events/{eventId}/door-staff: who may scan the event's tickets besides its creator, a cursor
page in the order of their ids. Only the event's creator: 403 for anyone else who sees the event, 404 for an
event the caller cannot see."""

from __future__ import annotations

from kernel import http
from kernel.pagination import PageRequest, encode_cursor
from kernel.responses import Page

from .. import access, people
from ..door_views import DoorRight, door_right
from ..store import door as door_store
from ..views import documented

router = http.router()
TABLE_KEYS = ("PK", "SK")


@router.get("/ticketing/events/<eventId>/door-staff", security=http.AUTHENTICATED,
            responses=documented(200, "A page of the event's door staff", 400, 401, 403, 404, model=Page[DoorRight]))
def list_door_staff(eventId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    access.visible_event(eventId, caller.user_id).require_creator(
        caller.user_id, "Only the event's creator manages its door staff")
    request = PageRequest.parse(router.current_event.query_string_parameters, TABLE_KEYS)
    grants, last_key = door_store.grants_page(eventId, request.limit, request.start_key)
    known = people.people([g.user_id for g in grants])
    return http.json_response(200, Page[DoorRight](items=[door_right(g, known.get(g.user_id)) for g in grants],
                                                   next_cursor=encode_cursor(last_key)))


handler = http.entrypoint(http.create_app("ticketing", router))

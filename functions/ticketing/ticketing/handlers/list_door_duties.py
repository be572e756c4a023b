"""GET /ticketing/users/{userId}/door-events: the events the caller was given the right to scan at, newest
grant first, a cursor page. Another user's path: 403."""

from __future__ import annotations

from kernel import http
from kernel.pagination import PageRequest, encode_cursor
from kernel.responses import Page

from .. import replicas
from ..door_views import DoorRight, door_right
from ..store import INDEX_KEYS
from ..store import door as door_store
from ..views import documented

router = http.router()


@router.get("/ticketing/users/<userId>/door-events", security=http.AUTHENTICATED,
            responses=documented(200, "A page of the caller's door rights", 400, 401, 403, model=Page[DoorRight]))
def list_door_duties(userId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    caller.require_self(userId)
    request = PageRequest.parse(router.current_event.query_string_parameters, INDEX_KEYS["GSI1"])
    grants, last_key = door_store.duties_page(userId, request.limit, request.start_key)
    events = replicas.events([g.event_id for g in grants])  # a deleted event's right is not worth showing
    return http.json_response(200, Page[DoorRight](items=[door_right(g, None, events[g.event_id])
                                                          for g in grants if g.event_id in events],
                                                   next_cursor=encode_cursor(last_key)))


handler = http.entrypoint(http.create_app("ticketing", router))

"""GET /ticketing/events/{eventId}/attendees?q=&limit=&cursor=: the event's ticket holders and attendee names
with each ticket's status (ACTIVE, USED, REFUNDED), oldest purchase first, a cursor page of one Query; `q` keeps
the attendees whose name contains it (any case) and the tickets of the holder with that username (a searched
page may hold fewer than `limit` while `nextCursor` goes on). Only the event's creator: 403 for anyone else who
sees the event (door staff included: names are personal data), 404 for an event the caller cannot see."""

from __future__ import annotations

from kernel import http
from kernel.pagination import PageRequest, encode_cursor
from kernel.responses import Page

from .. import access, attendee_list
from ..door_views import Attendee
from ..store import INDEX_KEYS
from ..views import documented

router = http.router()
ORGANIZER_ONLY = "Only the event's creator sees its attendees"


@router.get("/ticketing/events/<eventId>/attendees", security=http.AUTHENTICATED,
            responses=documented(200, "A page of the event's attendees", 400, 401, 403, 404, model=Page[Attendee]))
def list_attendees(eventId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    access.visible_event(eventId, caller.user_id).require_creator(caller.user_id, ORGANIZER_ONLY)
    query = router.current_event.query_string_parameters
    request = PageRequest.parse(query, INDEX_KEYS["GSI2"])
    items, last_key = attendee_list.page(eventId, attendee_list.Search.parse(query), request.limit,
                                         request.start_key)
    return http.json_response(200, Page[Attendee](items=items, next_cursor=encode_cursor(last_key)))


handler = http.entrypoint(http.create_app("ticketing", router))

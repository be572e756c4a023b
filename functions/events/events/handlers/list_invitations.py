"""GET /events/invitations: the caller's pending invitations to collaborate, on published events, soonest
first (cursor pages; one Query on the ByDate index, partition INVITED#<caller>)."""

from __future__ import annotations

from kernel import http
from kernel.pagination import PageRequest, page
from kernel.table import page as index_page

from .. import store
from ..views import EventPage, documented, event_views, respond

router = http.router()
CURSOR_KEY = ("PK", "SK", "SEL", "DATEKEY")


@router.get("/events/invitations", security=http.AUTHENTICATED,
            responses=documented(200, "The published events the caller is invited to, soonest first", 400, 401,
                                 model=EventPage))
def list_invitations() -> object:
    caller = http.caller(router)
    request = PageRequest.parse(router.current_event.query_string_parameters, CURSOR_KEY)
    items, last = index_page(store.EventItem.by_date, store.invitations_of(caller.user_id), request.limit,
                             request.start_key, newest_first=False)
    return respond(200, EventPage, page(event_views(items), last))


handler = http.entrypoint(http.create_app("events", router))

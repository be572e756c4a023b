"""GET /events/invitations: the caller's pending invitations to collaborate, on published events, soonest
first (cursor pages; one Query on the ByDate index, partition INVITED#<caller>)."""

from __future__ import annotations

from kernel import http
from kernel.pagination import PageRequest, page
from kernel.table import page as index_page

from .. import store
from ..views import event_views

router = http.router()
CURSOR_KEY = ("PK", "SK", "SEL", "DATEKEY")


@router.get("/events/invitations", security=http.AUTHENTICATED)
def list_invitations() -> object:
    caller = http.caller(router)
    request = PageRequest.parse(router.current_event.query_string_parameters, CURSOR_KEY)
    items, last = index_page(store.EventItem.by_date, store.invitations_of(caller.user_id), request.limit,
                             request.start_key, newest_first=False)
    return http.json_response(200, page(event_views(items), last))


handler = http.entrypoint(http.create_app("events", router))

"""GET /ticketing/users/{userId}/events: "My events", the events the caller holds tickets for with those tickets;
`when=upcoming` (default, soonest first) or `when=past` (latest first); cursor pages (api-conventions). One Query
of the holder's index, never a scan. Another user's path: 403."""

from __future__ import annotations

from kernel import http
from kernel.responses import Page

from .. import my_events
from ..views import documented

router = http.router()


@router.get("/ticketing/users/<userId>/events", security=http.AUTHENTICATED,
            responses=documented(200, "A page of the events the caller holds tickets for", 400, 401, 403,
                                 model=Page[my_events.HeldEventView]))
def list_holder_events(userId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    caller.require_self(userId)
    return http.json_response(200, my_events.page(userId, router.current_event.query_string_parameters))


handler = http.entrypoint(http.create_app("ticketing", router))

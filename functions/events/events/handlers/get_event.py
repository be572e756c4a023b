"""GET /events/{eventId}: anyone sees an event that is not a draft; a draft only its creator (404 otherwise)."""

from __future__ import annotations

from kernel import http

from .. import store
from ..access import visible
from ..views import EventView, documented, event_views, respond

router = http.router()


@router.get("/events/<eventId>", responses=documented(200, "The event", 404, model=EventView))
def get_event(eventId: str) -> object:  # noqa: N803 - the path parameter's name
    item = store.get_item(eventId)
    caller = http.optional_caller(router)
    visible(store.to_event(item) if item else None, caller)
    return respond(200, EventView, event_views([item], caller.user_id if caller else None)[0])  # type: ignore[list-item]


handler = http.entrypoint(http.create_app("events", router))

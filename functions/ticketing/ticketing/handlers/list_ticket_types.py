"""GET /ticketing/events/{eventId}/ticket-types: the event's ticket types (at most one per kind, one page)."""

from __future__ import annotations

from kernel import http

from .. import access, views
from ..store import ticket_types as ticket_type_store

router = http.router()


@router.get("/ticketing/events/<eventId>/ticket-types")
def list_ticket_types(eventId: str) -> object:  # noqa: N803
    viewer = http.optional_caller(router)
    access.visible_event(eventId, viewer.user_id if viewer else None)
    items = [views.ticket_type_view(item) for item in ticket_type_store.of_event(eventId)]
    return http.json_response(200, {"items": items, "nextCursor": None})


handler = http.entrypoint(http.create_app("ticketing", router))

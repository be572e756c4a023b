"""GET /ticketing/events/{eventId}/ticket-types: the event's ticket types (at most one per kind, one page)."""

from __future__ import annotations

from kernel import http
from kernel.responses import Page

from .. import access, views
from ..store import ticket_types as ticket_type_store
from ..views import TicketTypeView, documented

router = http.router()


@router.get("/ticketing/events/<eventId>/ticket-types",
            responses=documented(200, "The event's ticket types (one page: at most one per kind)", 404,
                                 model=Page[TicketTypeView]))
def list_ticket_types(eventId: str) -> object:  # noqa: N803
    viewer = http.optional_caller(router)
    access.visible_event(eventId, viewer.user_id if viewer else None)
    items = [views.ticket_type_view(item) for item in ticket_type_store.of_event(eventId)]
    return http.json_response(200, Page[TicketTypeView](items=items, next_cursor=None))


handler = http.entrypoint(http.create_app("ticketing", router))

"""GET /ticketing/ticket-types/{ticketTypeId}: one ticket type with its stock (drafts' types: creator only)."""

from __future__ import annotations

from kernel import http

from .. import access, views
from ..views import TicketTypeView, documented

router = http.router()


@router.get("/ticketing/ticket-types/<ticketTypeId>",
            responses=documented(200, "The ticket type with its stock", 404, model=TicketTypeView))
def get_ticket_type(ticketTypeId: str) -> object:  # noqa: N803
    viewer = http.optional_caller(router)
    item, _ = access.visible_ticket_type(ticketTypeId, viewer.user_id if viewer else None)
    return http.json_response(200, views.ticket_type_view(item))


handler = http.entrypoint(http.create_app("ticketing", router))

"""PUT /ticketing/ticket-types/{ticketTypeId}: the event's creator changes price, description, per-order maximum
and total quantity (never below what is sold: the total is capped there); `ticket-type.updated`."""

from __future__ import annotations

from kernel import http

from .. import access, ticket_types, views
from ..bodies import TicketTypeChange

router = http.router()


@router.put("/ticketing/ticket-types/<ticketTypeId>", security=http.AUTHENTICATED)
def update_ticket_type(ticketTypeId: str, body: TicketTypeChange) -> object:  # noqa: N803
    caller = http.caller(router)
    _, event = access.managed_ticket_type(ticketTypeId, caller.user_id)
    event.require_open_for_types()
    item = ticket_types.change(ticketTypeId, body.description, body.price.model_dump(), body.quantity,
                               body.max_per_order)
    return http.json_response(200, views.ticket_type_view(item))


handler = http.entrypoint(http.create_app("ticketing", router))

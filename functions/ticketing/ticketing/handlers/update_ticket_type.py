"""PUT /ticketing/ticket-types/{ticketTypeId}: the event's creator changes price, description, per-order maximum
and total quantity (never below what is sold: the total is capped there); `ticket-type.updated`."""

from __future__ import annotations

from kernel import http
from kernel.errors import Conflict
from kernel.unit_of_work import Stale

from .. import access, views
from ..bodies import TicketTypeChange
from ..domain import Money, now_iso
from ..store import ticket_types as ticket_type_store
from ..views import TicketTypeView, documented

router = http.router()
CHANGE_ATTEMPTS = 5


@router.put("/ticketing/ticket-types/<ticketTypeId>", security=http.AUTHENTICATED,
            responses=documented(200, "The changed ticket type", 400, 401, 403, 404, 409, model=TicketTypeView))
def update_ticket_type(ticketTypeId: str, body: TicketTypeChange) -> object:  # noqa: N803
    caller = http.caller(router)
    ticket_type, event = access.managed_ticket_type(ticketTypeId, caller.user_id)
    for _ in range(CHANGE_ATTEMPTS):
        ticket_type.change(event, body.description, Money(**body.price.model_dump()), body.quantity,
                           body.max_per_order, now_iso())
        try:
            ticket_type_store.save_change(ticket_type)
        except Stale:  # a sale or a deletion happened since it was read: read it again
            ticket_type = ticket_type_store.require(ticketTypeId)
            continue
        return http.json_response(200, views.ticket_type_view(ticket_type))
    raise Conflict("The ticket type is selling fast: try again")


handler = http.entrypoint(http.create_app("ticketing", router))

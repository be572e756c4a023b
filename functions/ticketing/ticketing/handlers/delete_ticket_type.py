"""DELETE /ticketing/ticket-types/{ticketTypeId}: the event's creator removes a type nothing was sold of (204);
`ticket-type.deleted`. A type with sold tickets is a 409 (its tickets keep it)."""

from __future__ import annotations

from kernel import http

from .. import access
from ..store import ticket_types as ticket_type_store
from ..views import documented

router = http.router()


@router.delete("/ticketing/ticket-types/<ticketTypeId>", security=http.AUTHENTICATED,
               responses=documented(204, "Deleted", 401, 403, 404, 409))
def delete_ticket_type(ticketTypeId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    ticket_type, _ = access.managed_ticket_type(ticketTypeId, caller.user_id)
    ticket_type.delete()
    ticket_type_store.delete(ticket_type)
    return http.json_response(204)


handler = http.entrypoint(http.create_app("ticketing", router))

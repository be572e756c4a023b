"""DELETE /ticketing/ticket-types/{ticketTypeId}: the event's creator removes a type nothing was sold of (204);
`ticket-type.deleted`. A type with sold tickets is a 409 (its tickets keep it)."""

from __future__ import annotations

from kernel import http

from .. import access, ticket_types

router = http.router()


@router.delete("/ticketing/ticket-types/<ticketTypeId>", security=http.AUTHENTICATED)
def delete_ticket_type(ticketTypeId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    item, _ = access.managed_ticket_type(ticketTypeId, caller.user_id)
    ticket_types.delete(item)
    return http.json_response(204)


handler = http.entrypoint(http.create_app("ticketing", router))

"""DELETE /ticketing/ticket-types/{ticketTypeId}/waiting-list: the caller leaves the line (204). An entry with an
offer is declined by cancelling the offer's order instead (409); no entry of the caller's is a 404."""

from __future__ import annotations

from kernel import http
from kernel.errors import Conflict, NotFound
from kernel.unit_of_work import Stale

from ..store import waiting as waiting_store
from ..views import documented

router = http.router()
NOT_WAITING = "The caller is not on this ticket type's waiting list"


@router.delete("/ticketing/ticket-types/<ticketTypeId>/waiting-list", security=http.AUTHENTICATED,
               responses=documented(204, "Off the waiting list", 401, 404, 409))
def leave_waiting_list(ticketTypeId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    entry = waiting_store.find(ticketTypeId, caller.user_id)
    if entry is None:
        raise NotFound(NOT_WAITING)
    entry.leave()
    try:
        waiting_store.remove(entry)
    except Stale as error:  # offered meanwhile
        raise Conflict("An offer was made to the caller meanwhile: cancel its order to decline it") from error
    return http.json_response(204)


handler = http.entrypoint(http.create_app("ticketing", router))

"""POST /ticketing/ticket-types/{ticketTypeId}/waiting-list: the caller joins the line of a sold-out type (201,
the entry). A type with stock left, or an entry of the caller's still open, is a 409; a type the caller cannot
see is a 404."""

from __future__ import annotations

from kernel import http

from .. import access, views
from ..bodies import WaitingListJoin
from ..domain import now_iso
from ..domain.waiting import WaitEntry
from ..store import waiting as waiting_store
from ..views import WaitEntryView, documented

router = http.router()


@router.post("/ticketing/ticket-types/<ticketTypeId>/waiting-list", security=http.AUTHENTICATED,
             responses=documented(201, "On the waiting list", 400, 401, 404, 409, model=WaitEntryView))
def join_waiting_list(ticketTypeId: str, body: WaitingListJoin) -> object:  # noqa: N803
    caller = http.caller(router)
    ticket_type, event = access.visible_ticket_type(ticketTypeId, caller.user_id)
    entry = WaitEntry.join(event, ticket_type, caller.user_id, body.attendee_name, now_iso())
    waiting_store.add(entry)
    return http.json_response(201, views.wait_entry_view(entry))


handler = http.entrypoint(http.create_app("ticketing", router))

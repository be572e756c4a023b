"""GET /ticketing/users/{userId}/tickets: the caller's tickets, newest purchase first, in every status, of one
event with `eventId`; cursor pages (api-conventions). Another user's path: 403."""

from __future__ import annotations

from functools import partial

from kernel import http
from kernel.errors import FieldError, ValidationFailed
from kernel.responses import Page, page_answer

from .. import views
from ..store import INDEX_KEYS
from ..store import tickets as ticket_store
from ..views import TicketView, documented

router = http.router()


@router.get("/ticketing/users/<userId>/tickets", security=http.AUTHENTICATED,
            responses=documented(200, "A page of the caller's tickets, newest purchase first", 400, 401, 403,
                                 model=Page[TicketView]))
def list_holder_tickets(userId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    caller.require_self(userId)
    query = router.current_event.query_string_parameters or {}
    event_id = query.get("eventId")
    if event_id is not None and not 1 <= len(event_id) <= ticket_store.MAX_EVENT_ID:
        raise ValidationFailed("Bad eventId",
                               [FieldError("eventId", f"must be 1 to {ticket_store.MAX_EVENT_ID} characters")])
    return page_answer(router, INDEX_KEYS["GSI3" if event_id else "GSI1"],
                       partial(ticket_store.holder_page, userId, event_id), views.ticket_view)


handler = http.entrypoint(http.create_app("ticketing", router))

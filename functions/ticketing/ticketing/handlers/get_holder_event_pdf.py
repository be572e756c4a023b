"""GET /ticketing/users/{userId}/events/{eventId}/pdf: every ACTIVE ticket the caller holds for the event, one
page each. Another user's path: 403; no active ticket for the event: 404."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound

from .. import ticket_pdfs
from ..store import tickets as ticket_store
from ..views import pdf

router = http.router()


# No return annotation: powertools would validate the PDF as a JSON body (and fail to encode it).
@router.get("/ticketing/users/<userId>/events/<eventId>/pdf", security=http.AUTHENTICATED,
            responses=pdf("The holder's ACTIVE tickets of the event, a page each", 400, 401, 403, 404))
def get_holder_event_pdf(userId: str, eventId: str):  # type: ignore[no-untyped-def]  # noqa: N803
    caller = http.caller(router)
    caller.require_self(userId)
    lang = ticket_pdfs.language(router.current_event.query_string_parameters, caller.user_id)
    active = ticket_store.active_of_holder_at(userId, eventId) if len(eventId) <= ticket_store.MAX_EVENT_ID else []
    if not active:
        raise NotFound("No tickets found for this event")
    return ticket_pdfs.pdf_response(active, lang, f"tickets-{userId}-{eventId}.pdf")


handler = http.entrypoint(http.create_app("ticketing", router))

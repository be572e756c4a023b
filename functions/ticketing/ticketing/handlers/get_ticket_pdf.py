"""GET /ticketing/tickets/{ticketId}/pdf: the holder's ticket as a one-page PDF with its QR code, in any status
(a ticket that would not pass the door says so on the page). Anyone else: 404."""

from __future__ import annotations

from kernel import http

from .. import ticket_pdfs
from ..store import tickets as ticket_store
from ..views import pdf

router = http.router()


# No return annotation: powertools would validate the PDF as a JSON body (and fail to encode it).
@router.get("/ticketing/tickets/<ticketId>/pdf", security=http.AUTHENTICATED,
            responses=pdf("The ticket with its QR code", 400, 401, 404))
def get_ticket_pdf(ticketId: str):  # type: ignore[no-untyped-def]  # noqa: N803
    caller = http.caller(router)
    lang = ticket_pdfs.language(router.current_event.query_string_parameters, caller.user_id)
    ticket = ticket_store.owned(ticketId, caller.user_id)
    return ticket_pdfs.pdf_response([ticket], lang, f"ticket-{ticket.ticket_id}.pdf")


handler = http.entrypoint(http.create_app("ticketing", router))

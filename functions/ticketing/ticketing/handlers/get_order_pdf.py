"""GET /ticketing/orders/{orderId}/pdf: the buyer's ACTIVE tickets of the order, one page each (the reference
printed every ticket of the order, unpaid and refunded ones too: §12.19). No active ticket: 409. Others: 404."""

from __future__ import annotations

from kernel import http
from kernel.errors import Conflict

from .. import ticket_pdfs
from ..domain import ACTIVE
from ..store import orders as order_store
from ..store import tickets as ticket_store
from ..views import pdf

router = http.router()


# No return annotation: powertools would validate the PDF as a JSON body (and fail to encode it).
@router.get("/ticketing/orders/<orderId>/pdf", security=http.AUTHENTICATED,
            responses=pdf("The order's ACTIVE tickets, a page each", 400, 401, 404, 409))
def get_order_pdf(orderId: str):  # type: ignore[no-untyped-def]  # noqa: N803
    caller = http.caller(router)
    lang = ticket_pdfs.language(router.current_event.query_string_parameters, caller.user_id)
    order = order_store.owned(orderId, caller.user_id)
    active = [t for t in ticket_store.of_order(order) if t.status == ACTIVE]
    if not active:
        raise Conflict("This order has no active tickets")
    return ticket_pdfs.pdf_response(active, lang, f"order-{order.order_id}.pdf")


handler = http.entrypoint(http.create_app("ticketing", router))

"""PUT /ticketing/tickets/{ticketId}/refund-request/decision: the event's creator approves (the ticket REFUNDED,
its stock back - to the waiting list first - and its price refunded through Stripe) or declines (200, the
request). Decided already: 409 (an approval whose Stripe refund failed is resumed by approving again); the
ticket used at the door meanwhile: 409; others: 403 or 404; Stripe unreachable: 503."""

from __future__ import annotations

from aws_lambda_powertools import Logger
from kernel import http
from kernel.errors import NotFound, ServiceUnavailable

from .. import access, requested_refunds, stripe_client, views
from ..bodies import RefundDecision
from ..store import orders as order_store
from ..store import refund_requests as request_store
from ..views import RefundRequestView, documented

logger = Logger()
router = http.router()
stripe_client.require_configured()  # at the cold start: no Stripe secret, or a placeholder, no function


@router.put("/ticketing/tickets/<ticketId>/refund-request/decision", security=http.AUTHENTICATED,
            responses=documented(200, "The decided request", 400, 401, 403, 404, 409, 503, model=RefundRequestView))
def decide_refund_request(ticketId: str, body: RefundDecision) -> object:  # noqa: N803
    caller = http.caller(router)
    request = request_store.find(ticketId)
    if request is None:
        raise NotFound(request_store.NO_REQUEST)
    access.managed_event(request.event_id, caller.user_id)
    order = order_store.require(request.order_id)
    stripe = stripe_client.errors()
    try:
        decided = requested_refunds.decide(request, order, body.decision == "APPROVED")
    except stripe.StripeError as error:
        logger.warning("refund request approved, Stripe refund pending", extra={"ticketId": ticketId,
                                                                                 "error": str(error)})
        raise ServiceUnavailable("Approved, but the payment provider did not refund yet: approve again") from error
    return http.json_response(200, views.refund_request_view(decided))


handler = http.entrypoint(http.create_app("ticketing", router))

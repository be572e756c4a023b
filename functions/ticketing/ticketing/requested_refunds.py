"""A refund request decided by the event's organizer (domain/refund_requests.py): a decline is one conditional
write; an approval is three steps, each conditional, so approving again after a failure resumes where it stopped:
the approval (ticket REFUNDED, stock back), the Stripe refund of the ticket's price (idempotency key of the
ticket: never twice), and its record with payments.order.refunded - whose stock the waiting list then offers."""

from __future__ import annotations

from aws_lambda_powertools import Logger

from . import stripe_client
from .domain import Order, now_iso
from .domain.refund_requests import REFUND_REQUESTED, RefundRequest
from .store import refund_requests as request_store

logger = Logger()
NO_PAYMENT = "none"  # the refundId of a free ticket: nothing to give back


def decide(request: RefundRequest, order: Order, approve: bool) -> RefundRequest:
    if not approve:
        request.decline(now_iso())
        request_store.save_declined(request)
        return request
    if not request.awaits_refund:  # a first approval; an approval whose refund failed resumes below
        request.approve(now_iso())
        request_store.save_approved(request, order.user_id, order.counted)
    refund_id = _pay_back(request, order) if request.price.amount > 0 else NO_PAYMENT
    request.record_refund(refund_id, order.user_id)
    if request_store.save_refund(request):
        logger.info("refund request paid back", extra={"ticketId": request.ticket_id, "refundId": refund_id})
    return request_store.require(request.ticket_id)


def _pay_back(request: RefundRequest, order: Order) -> str:
    if not order.payment_intent_id:
        raise RuntimeError(f"order {order.order_id} was paid but has no PaymentIntent")
    refund = stripe_client.client().v1.refunds.create(
        params={"payment_intent": order.payment_intent_id, "amount": request.price.amount,
                "metadata": {"orderId": order.order_id, "ticketId": request.ticket_id, "reason": REFUND_REQUESTED}},
        options={"idempotency_key": f"refund-request-{request.ticket_id}"})
    return str(refund["id"])

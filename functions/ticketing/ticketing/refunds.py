"""An event was cancelled: every paid order's ACTIVE tickets are refunded through Stripe and become REFUNDED,
the order CANCELLED (reason `event_cancelled`), with `payments.order.refunded` for the notifications context -
once per order. Each order is refunded by a message of its own on the refund queue (handlers/refund_work.py).

Per order, three steps, each one conditional, so a retry resumes where the last attempt stopped:
  1. void (Order.void): one transaction - order COMPLETED -> CANCELLED, each ACTIVE ticket -> REFUNDED (a ticket
     admitted at the door meanwhile makes it fail, and it is tried again with what is ACTIVE then);
  2. the Stripe refund of what the REFUNDED tickets cost (idempotency key of the order: a retry gets the same
     refund, never a second one);
  3. record (Order.record_cancellation_refund): the refund's id on the order and the outbox item, in one
     transaction, once (`refundId` absent).
An order voided but not recorded (Stripe failed) fails the message, which comes back and resumes at step 2.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger

from . import stripe_client
from .domain import ACTIVE, COMPLETED, EVENT_CANCELLED, REFUNDED, Order, now_iso
from .store import orders as order_store
from .store import tickets as ticket_store

logger = Logger()
NO_PAYMENT = "none"  # the refundId of a free order: nothing to give back, and recorded all the same
ALREADY_REFUNDED = "already-refunded"  # the refundId when the charge had been refunded in full outside the platform
VOID_ATTEMPTS = 5


def refund_order(order: Order) -> int:
    """Give back what the order's ACTIVE tickets cost and mark them REFUNDED: 1 if done now, 0 if there was
    nothing (left) to do."""
    if order.status == COMPLETED:
        order = _void(order)
    if not order.awaits_cancellation_refund:
        return 0
    voided = [t for t in ticket_store.of_order(order) if t.status == REFUNDED]
    amount = sum(t.price.amount for t in voided)
    refund_id = NO_PAYMENT
    if amount > 0:
        if not order.payment_intent_id:
            raise RuntimeError(f"order {order.order_id} was paid but has no PaymentIntent")
        refund_id = _pay_back(order, amount)
    order.record_cancellation_refund(voided, refund_id, now_iso())
    if not order_store.save(order):  # recorded by an earlier delivery
        return 0
    logger.info("order refunded", extra={"orderId": order.order_id, "refundId": refund_id, "amount": amount})
    return 1


def _pay_back(order: Order, amount: int) -> str:
    """Step 2: the Stripe refund's id. A charge already refunded in full (by hand, in Stripe's Dashboard) has
    nothing more to give: that is recorded, not retried until the message dies."""
    stripe = stripe_client.errors()
    try:
        refund = stripe_client.client().v1.refunds.create(
            params={"payment_intent": order.payment_intent_id, "amount": amount,
                    "metadata": {"orderId": order.order_id, "eventId": order.event_id, "reason": EVENT_CANCELLED}},
            options={"idempotency_key": f"event-cancelled-{order.order_id}"})
    except stripe.InvalidRequestError as error:
        if error.code != "charge_already_refunded":
            raise
        logger.warning("the charge was already refunded at Stripe", extra={"orderId": order.order_id})
        return ALREADY_REFUNDED
    return str(refund["id"])


def _void(order: Order) -> Order:
    """Step 1 for a COMPLETED order with ACTIVE tickets; answers the order as it is afterwards."""
    for _ in range(VOID_ATTEMPTS):
        active = [t.ticket_id for t in ticket_store.of_order(order) if t.status == ACTIVE]
        if not active:  # every ticket was used (or never paid): nothing to give back
            return order
        order.void(active, now_iso())
        order_store.save(order)  # False: a ticket went in at the door, or another attempt voided it
        order = order_store.find(order.order_id) or order  # look again
        if order.status != COMPLETED:
            return order
    raise RuntimeError(f"order {order.order_id} kept changing while it was voided")

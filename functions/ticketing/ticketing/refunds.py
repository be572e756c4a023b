"""An event was cancelled: every paid order's ACTIVE tickets are refunded through Stripe and become REFUNDED,
the order CANCELLED (reason `event_cancelled`), with `payments.order.refunded` for the notifications context -
once per order. Each order is refunded by a message of its own on the refund queue (handlers/refund_work.py).

Per order, three steps, each one conditional, so a retry resumes where the last attempt stopped:
  1. void: one transaction - order COMPLETED -> CANCELLED, each ACTIVE ticket -> REFUNDED (a ticket admitted
     at the door meanwhile makes it fail, and it is tried again with what is ACTIVE then);
  2. the Stripe refund of what the REFUNDED tickets cost (idempotency key of the order: a retry gets the same
     refund, never a second one);
  3. record: the refund's id on the order and the outbox item, in one transaction, once (`refundId` absent).
An order voided but not recorded (Stripe failed) fails the message, which comes back and resumes at step 2.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from aws_lambda_powertools import Logger
from kernel.unit_of_work import Stale

from . import stripe_client, tickets
from .domain import now_iso
from .store import OrderItem, TicketItem, Unit, commit, get, order_key, ticket_key

logger = Logger()
ACTIVE, REFUNDED, COMPLETED, CANCELLED = "ACTIVE", "REFUNDED", "COMPLETED", "CANCELLED"
REASON = "event_cancelled"
NO_PAYMENT = "none"  # the refundId of a free order: nothing to give back, and recorded all the same
ALREADY_REFUNDED = "already-refunded"  # the refundId when the charge had been refunded in full outside the platform
VOID_ATTEMPTS = 5


def refund_order(order: OrderItem) -> int:
    """Give back what the order's ACTIVE tickets cost and mark them REFUNDED: 1 if done now, 0 if there was
    nothing (left) to do."""
    if order.status == COMPLETED:
        order = _void(order)
    if not (order.status == CANCELLED and order.reason == REASON and order.refundId is None):
        return 0
    voided = [t for t in tickets.of_order(order) if t.status == REFUNDED]
    amount = sum(int(t.price.amount) for t in voided)
    refund_id = NO_PAYMENT
    if amount > 0:
        if not order.paymentIntentId:
            raise RuntimeError(f"order {order.orderId} was paid but has no PaymentIntent")
        refund_id = _pay_back(order, amount)
    if not _record(order, voided, amount, refund_id):
        return 0
    logger.info("order refunded", extra={"orderId": order.orderId, "refundId": refund_id, "amount": amount})
    return 1


def _pay_back(order: OrderItem, amount: int) -> str:
    """Step 2: the Stripe refund's id. A charge already refunded in full (by hand, in Stripe's Dashboard) has
    nothing more to give: that is recorded, not retried until the message dies."""
    stripe = stripe_client.errors()
    try:
        refund = stripe_client.client().v1.refunds.create(
            params={"payment_intent": order.paymentIntentId, "amount": amount,
                    "metadata": {"orderId": order.orderId, "eventId": order.eventId, "reason": REASON}},
            options={"idempotency_key": f"event-cancelled-{order.orderId}"})
    except stripe.InvalidRequestError as error:
        if error.code != "charge_already_refunded":
            raise
        logger.warning("the charge was already refunded at Stripe", extra={"orderId": order.orderId})
        return ALREADY_REFUNDED
    return str(refund["id"])


def _void(order: OrderItem) -> OrderItem:
    """Step 1 for a COMPLETED order with ACTIVE tickets; answers the order as it is afterwards."""
    for _ in range(VOID_ATTEMPTS):
        active = [t for t in tickets.of_order(order) if t.status == ACTIVE]
        if not active:  # every ticket was used (or never paid): nothing to give back
            return order
        with contextlib.suppress(Stale):  # a ticket went in at the door, or another attempt voided it: look again
            commit(_voiding(order, active))
        order = get(OrderItem, *order_key(order.orderId)) or order
        if order.status != COMPLETED:
            return order
    raise RuntimeError(f"order {order.orderId} kept changing while it was voided")


def _voiding(order: OrderItem, active: list[TicketItem]) -> Callable[[Unit], None]:
    def write(unit: Unit) -> None:
        unit.update(order, [OrderItem.status.set(CANCELLED), OrderItem.reason.set(REASON),
                            OrderItem.updatedAt.set(now_iso())], condition=OrderItem.status == COMPLETED)
        for ticket in active:
            unit.update(TicketItem(*ticket_key(ticket.ticketId)), [TicketItem.status.set(REFUNDED)],
                        condition=TicketItem.status == ACTIVE)

    return write


def _record(order: OrderItem, voided: list[TicketItem], amount: int, refund_id: str) -> bool:
    """Step 3: the refund on the order and `payments.order.refunded`, once."""

    def write(unit: Unit) -> None:
        unit.update(order, [OrderItem.refundId.set(refund_id), OrderItem.updatedAt.set(now_iso())],
                    condition=(OrderItem.status == CANCELLED) & OrderItem.refundId.does_not_exist())
        unit.publish("payments.order.refunded", {
            "orderId": order.orderId, "userId": order.userId, "eventId": order.eventId,
            "ticketIds": [t.ticketId for t in voided],
            "amount": {"amount": amount, "currency": str(order.amount.currency)}, "reason": REASON})

    try:
        commit(write)
        return True
    except Stale:  # recorded by an earlier delivery
        return False

"""What ends a PENDING order, whoever notices first (the Stripe webhook, the saga's hold timeout, the buyer's
cancel, the sweeper): each outcome is one idempotent transition (orders.py) and then the saga is told."""

from __future__ import annotations

from aws_lambda_powertools import Logger

from . import orders, saga, stripe_client
from .domain import CANCELLED, PENDING
from .store import OrderItem

logger = Logger()


def paid(order: OrderItem, payment_intent_id: str | None) -> str:
    """The buyer paid: confirm a PENDING order; a payment for an order already released is refunded."""
    if orders.confirm(order, payment_intent_id):
        saga.resume(order, "confirmed")
        return "confirmed"
    current = orders.require(order.orderId)
    if current.status == CANCELLED and payment_intent_id:
        return refund_late(current, payment_intent_id)
    return "unchanged"


def refund_late(order: OrderItem, payment_intent_id: str) -> str:
    """Money for an order whose hold ended: give it back (Stripe's idempotency key makes a retry refund once)."""
    refund = stripe_client.refund(payment_intent_id, f"late-payment-{order.orderId}",
                                  {"orderId": order.orderId, "reason": "late_payment"})
    orders.record_refund(order, payment_intent_id, str(refund["id"]))
    logger.info("late payment refunded", extra={"orderId": order.orderId, "refundId": refund["id"]})
    return "refunded"


def ended(order: OrderItem, reason: str) -> str:
    """No payment (expired, cancelled, failed): release a PENDING order's stock and tickets, once."""
    released = orders.release(order, reason)
    saga.resume(order, "released")
    return "released" if released else "unchanged"


def close_checkout(order: OrderItem, reason: str) -> str:
    """End a checkout on our side first (hold timeout, buyer cancel): expire the session at Stripe so it cannot
    be paid any more, then release - unless Stripe says the buyer paid just before, then confirm."""
    if order.status != PENDING:
        return "unchanged"
    if reason != "expired" or not order.reason:
        orders.note_reason(order.orderId, reason)
        order.reason = reason
    if order.sessionId and stripe_client.expire_checkout_session(order.sessionId) == "complete":
        session = stripe_client.retrieve_checkout_session(order.sessionId)
        return paid(order, session.get("payment_intent"))
    return ended(order, reason)

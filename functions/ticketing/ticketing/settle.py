"""What ends a PENDING order, whoever notices first (the Stripe webhook, the saga's hold timeout, the buyer's
cancel, the sweeper): each outcome is one idempotent transition (orders.py) and then the saga is told.

Only the order's own Checkout Session, complete and paid, for the order's amount and currency, confirms it
(domain.OrderTerms); another session naming the order is refused, its money given back."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from . import orders, saga, stripe_client
from .domain import PENDING, OrderTerms, refundable_late
from .store import OrderItem

logger = Logger()


def terms_of(order: OrderItem) -> OrderTerms:
    return OrderTerms(order.sessionId, int(order.amount.amount), str(order.amount.currency))


def paid(order: OrderItem, session: dict[str, Any]) -> str:
    """Stripe says a session naming this order completed or was paid: confirm a PENDING order if the session is
    its own and paid; a payment for an order released meanwhile is refunded; a session completed with its
    payment still on the way changes nothing yet."""
    terms = terms_of(order)
    problem = terms.mismatch(session)
    if problem is not None:
        return refuse(order, session, problem)
    if not terms.paid_by(session):
        return "unpaid"
    intent = session.get("payment_intent")
    if orders.confirm(order, intent):
        saga.resume(order, "confirmed")
        return "confirmed"
    current = orders.require(order.orderId)
    if intent and refundable_late(current.status, current.reason, current.refundId):
        return refund_late(current, intent)
    return "unchanged"


def free(order: OrderItem) -> str:
    """An order of free tickets: confirmed at once, no Stripe."""
    return "confirmed" if orders.confirm(order, None) else "unchanged"


def refuse(order: OrderItem, session: dict[str, Any], problem: str) -> str:
    """A Stripe session that is not the order's (another session with the order's id in its metadata, another
    amount or currency): logged as an error for an alarm, the order untouched, any money it took given back."""
    logger.error("refused a Stripe session for an order", extra={"orderId": order.orderId, "problem": problem,
                                                                 "sessionId": session.get("id")})
    intent = session.get("payment_intent")
    if session.get("payment_status") != "paid" or not intent:
        return "refused"
    refund = stripe_client.refund(str(intent), f"refused-session-{session.get('id')}",
                                  {"orderId": order.orderId, "reason": "refused_session"})
    logger.warning("refused session refunded", extra={"orderId": order.orderId, "refundId": refund["id"]})
    return "refused_and_refunded"


def refund_late(order: OrderItem, payment_intent_id: str) -> str:
    """Money for an order released without a payment: give it back (Stripe's idempotency key makes a retry
    refund once)."""
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
    be paid any more, then release - unless Stripe says the buyer paid just before, then confirm. A session
    that completed unpaid (a delayed payment method) does not hold the order: it is released, and a payment
    arriving later is refunded."""
    if order.status != PENDING:
        return "unchanged"
    if reason != "expired" or not order.reason:
        orders.note_reason(order.orderId, reason)
        order.reason = reason
    if order.sessionId and stripe_client.expire_checkout_session(order.sessionId) == "complete":
        session = stripe_client.retrieve_checkout_session(order.sessionId)
        if terms_of(order).paid_by(session):
            return paid(order, session)
        logger.warning("the session completed unpaid: the order is released", extra={
            "orderId": order.orderId, "paymentStatus": session.get("payment_status")})
    return ended(order, reason)

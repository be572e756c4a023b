"""What ends a PENDING order, whoever notices first (the Stripe webhook, the saga's hold timeout, the buyer's
cancel, the sweeper): each outcome is one transition of the Order (domain/orders.py), written only while the
order is still PENDING (store/orders.py), and then the saga is told.

Only the order's own Checkout Session, complete and paid, for the order's amount and currency, confirms it
(OrderTerms); another session naming the order is refused, its money given back."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from . import saga, stripe_client
from .domain import PENDING, Order, Settled, now_iso
from .store import orders as order_store

logger = Logger()
ATTEMPTS = 3  # a note or a release decided again after it lost a race with another note


def paid(order: Order, session: dict[str, Any]) -> str:
    """Stripe says a session naming this order completed or was paid: confirm a PENDING order if the session is
    its own and paid; a payment for an order released meanwhile is refunded; a session completed with its
    payment still on the way changes nothing yet."""
    terms = order.terms
    problem = terms.mismatch(session)
    if problem is not None:
        return refuse(order, session, problem)
    if not terms.paid_by(session):
        return "unpaid"
    intent = session.get("payment_intent")
    if _confirm(order, intent):
        saga.resume(order, "confirmed")
        return "confirmed"
    current = order_store.require(order.order_id)
    if intent and current.refundable_late:
        return refund_late(current, intent)
    return "unchanged"


def _confirm(order: Order, payment_intent_id: str | None) -> bool:
    try:
        order.confirm(payment_intent_id, now_iso())
    except Settled:
        return False
    return order_store.save(order)


def free(order: Order) -> str:
    """An order of free tickets: confirmed at once, no Stripe."""
    return "confirmed" if _confirm(order, None) else "unchanged"


def note(order: Order, reason: str) -> Order:
    """Why a PENDING order is about to end (Order.note_reason), `expired` only when no other reason was noted (a
    declined card's is the reason if the hold ends); nothing for an order settled meanwhile. Written only while
    the order's reason is the one read: a note that raced another (the hold's end and a declined card's webhook)
    is decided again on the order read anew. Answers the order as it stands after the note."""
    for _ in range(ATTEMPTS):
        if reason == "expired" and order.reason:
            return order
        try:
            order.note_reason(reason)
        except Settled:
            return order
        if order_store.save(order):
            return order
        fresh = order_store.find(order.order_id)
        if fresh is None:
            return order
        order = fresh
    return order


def refuse(order: Order, session: dict[str, Any], problem: str) -> str:
    """A Stripe session that is not the order's (another session with the order's id in its metadata, another
    amount or currency): logged as an error for an alarm, the order untouched, any money it took given back."""
    logger.error("refused a Stripe session for an order", extra={"orderId": order.order_id, "problem": problem,
                                                                 "sessionId": session.get("id")})
    intent = session.get("payment_intent")
    if session.get("payment_status") != "paid" or not intent:
        return "refused"
    refund = stripe_client.refund(str(intent), f"refused-session-{session.get('id')}",
                                  {"orderId": order.order_id, "reason": "refused_session"})
    logger.warning("refused session refunded", extra={"orderId": order.order_id, "refundId": refund["id"]})
    return "refused_and_refunded"


def refund_late(order: Order, payment_intent_id: str) -> str:
    """Money for an order released without a payment: give it back (Stripe's idempotency key makes a retry
    refund once), then the order's tickets REFUNDED with payments.order.refunded, once."""
    refund = stripe_client.refund(payment_intent_id, f"late-payment-{order.order_id}",
                                  {"orderId": order.order_id, "reason": "late_payment"})
    order.refund_late_payment(payment_intent_id, str(refund["id"]), now_iso())
    order_store.save(order)
    logger.info("late payment refunded", extra={"orderId": order.order_id, "refundId": refund["id"]})
    return "refunded"


def ended(order: Order, reason: str) -> str:
    """No payment (expired, cancelled, failed): release a PENDING order's stock and tickets, once. The release
    keeps the reason noted before it; one noted after the order was read (a declined card's webhook) makes the
    write fail, and the order read anew is released with it."""
    released = False
    for _ in range(ATTEMPTS):
        try:
            order.release(reason, now_iso())
        except Settled:
            break
        if order_store.save(order):
            released = True
            break
        order = order_store.find(order.order_id) or order  # settled meanwhile (then Settled), or a reason noted
    saga.resume(order, "released")
    return "released" if released else "unchanged"


def close_checkout(order: Order, reason: str) -> str:
    """End a checkout on our side first (hold timeout, buyer cancel): expire the session at Stripe so it cannot
    be paid any more, then release - unless Stripe says the buyer paid just before, then confirm. A session
    that completed unpaid (a delayed payment method) does not hold the order: it is released, and a payment
    arriving later is refunded."""
    if order.status != PENDING:
        return "unchanged"
    order = note(order, reason)
    if order.session_id and stripe_client.expire_checkout_session(order.session_id) == "complete":
        session = stripe_client.retrieve_checkout_session(order.session_id)
        if order.terms.paid_by(session):
            return paid(order, session)
        logger.warning("the session completed unpaid: the order is released", extra={
            "orderId": order.order_id, "paymentStatus": session.get("payment_status")})
    return ended(order, reason)

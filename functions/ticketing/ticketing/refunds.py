"""An event was cancelled: every paid order's ACTIVE tickets are refunded through Stripe and become REFUNDED,
the order CANCELLED (reason `event_cancelled`), with `payments.order.refunded` for the notifications context -
once per order. An order paid after the cancellation (reserved before it) is refunded when its own
`payments.order.confirmed` comes back to this queue.

Per order: the Stripe refund first (idempotency key of the order: a retried step gets the same refund, never a
second one), then one transaction - order COMPLETED -> CANCELLED with the refund's id, each ticket ACTIVE ->
REFUNDED, the outbox item. A message that comes again finds no ACTIVE ticket left and does nothing; an order
that failed (Stripe down) fails the message, which comes back and retries only what is left.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from aws_lambda_powertools import Logger

from . import replicas, stripe_client, tickets
from .domain import now_iso
from .store import OrderItem, Stale, TicketItem, Unit, commit, get, get_many, order_key, ticket_key

logger = Logger()
ACTIVE, REFUNDED, COMPLETED, CANCELLED = "ACTIVE", "REFUNDED", "COMPLETED", "CANCELLED"
REASON = "event_cancelled"


class RefundsLeft(Exception):
    """Some orders could not be refunded yet; the message is retried for them."""


def on_event_cancelled(envelope: dict[str, Any]) -> None:
    """event.cancelled: record the status first (no new reservation, no admission from now on), then refund."""
    payload = envelope["payload"]
    replicas.keep(payload, envelope["occurredAt"], CANCELLED)
    refund_event(payload["eventId"])


def on_order_confirmed(envelope: dict[str, Any]) -> None:
    """payments.order.confirmed (our own): an order reserved before the event was cancelled and paid after its
    tickets were refunded is refunded too. Whatever the interleaving, either the cancellation's pass sees its
    ACTIVE tickets or this message finds the event already CANCELLED."""
    payload = envelope["payload"]
    event = tickets.event(payload["eventId"])
    if event is None or event.status != CANCELLED:
        return
    order = get(OrderItem, *order_key(payload["orderId"]))
    if order is None or order.status != COMPLETED:
        return
    active = [t for t in tickets.of_order(order) if t.status == ACTIVE]
    if active:
        refund_order(order, active)


def refund_event(event_id: str) -> int:
    """Refund the event's paid orders; answers how many orders were refunded now."""
    active: dict[str, list[TicketItem]] = defaultdict(list)
    for ticket in TicketItem.by_event.query(f"EVENT#{event_id}#TICKETS", filter_condition=TicketItem.status == ACTIVE):
        active[ticket.orderId].append(ticket)
    found = get_many(OrderItem, [order_key(order_id) for order_id in active])
    refunded, failed = 0, []
    for order_id, order_tickets in active.items():
        order = found.get(order_key(order_id))
        if order is None or order.status != COMPLETED:
            logger.warning("active tickets outside a completed order", extra={"orderId": order_id})
            continue
        try:
            refunded += refund_order(order, order_tickets)
        except Exception:  # noqa: BLE001 - one order's trouble must not stop the others' refunds
            logger.exception("refund failed", extra={"orderId": order_id, "eventId": event_id})
            failed.append(order_id)
    if failed:
        raise RefundsLeft(f"{len(failed)} orders of event {event_id} are not refunded yet")
    return refunded


def refund_order(order: OrderItem, active: list[TicketItem]) -> int:
    """Give back what the ACTIVE tickets cost and mark them REFUNDED: 1 if done now, 0 if done before."""
    amount = sum(int(t.price.amount) for t in active)
    refund_id = None
    if amount > 0:
        if not order.paymentIntentId:
            raise RuntimeError(f"order {order.orderId} was paid but has no PaymentIntent")
        refund = stripe_client.client().v1.refunds.create(
            params={"payment_intent": order.paymentIntentId, "amount": amount,
                    "metadata": {"orderId": order.orderId, "eventId": order.eventId, "reason": REASON}},
            options={"idempotency_key": f"event-cancelled-{order.orderId}"})
        refund_id = str(refund["id"])

    def write(unit: Unit) -> None:
        actions = [OrderItem.status.set(CANCELLED), OrderItem.reason.set(REASON), OrderItem.updatedAt.set(now_iso())]
        if refund_id:
            actions.append(OrderItem.refundId.set(refund_id))
        unit.update(order, actions, condition=(OrderItem.status == COMPLETED) & OrderItem.refundId.does_not_exist())
        for ticket in active:
            unit.update(TicketItem(*ticket_key(ticket.ticketId)), [TicketItem.status.set(REFUNDED)],
                        condition=TicketItem.status == ACTIVE)
        unit.publish("payments.order.refunded", {
            "orderId": order.orderId, "userId": order.userId, "eventId": order.eventId,
            "ticketIds": [t.ticketId for t in active],
            "amount": {"amount": amount, "currency": str(order.amount.currency)}, "reason": REASON})

    try:
        commit(write)
    except Stale:  # refunded by an earlier delivery (or a ticket was admitted meanwhile: nothing more to do)
        logger.info("order already settled", extra={"orderId": order.orderId})
        return 0
    logger.info("order refunded", extra={"orderId": order.orderId, "refundId": refund_id, "amount": amount})
    return 1

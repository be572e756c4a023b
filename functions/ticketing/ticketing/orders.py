"""Orders and their tickets through the purchase saga (architecture §8). Each transition is one transaction with
its domain event, conditional on the order's status, so every step can run twice and acts once:

    reserve   stock decremented (never below zero), PENDING order, PENDING_PAYMENT tickets
    confirm   PENDING -> COMPLETED, tickets ACTIVE, payments.order.confirmed
    release   PENDING -> CANCELLED, tickets PAYMENT_FAILED, stock given back, payments.order.rejected
    refund    a payment that arrived for a CANCELLED order: tickets REFUNDED, payments.order.refunded
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from kernel.errors import Conflict, NotFound
from kernel.unit_of_work import Stale
from pynamodb.exceptions import UpdateError

from .domain import (
    ACTIVE,
    CANCELLED,
    COMPLETED,
    ORDER_NOT_FOUND,
    PAYMENT_FAILED,
    PENDING,
    PENDING_PAYMENT,
    REFUNDED,
    Event,
    new_id,
    now_iso,
)
from .store import (
    PROFILE,
    BuyerCounter,
    EventReplica,
    Money,
    OrderItem,
    OrderLine,
    TicketItem,
    TicketTypeItem,
    Unit,
    commit,
    event_key,
    event_tickets_key,
    get,
    open_orders_key,
    order_key,
    pending_shard,
    pending_sort_key,
    ticket_index_keys,
    ticket_key,
    ticket_type_key,
)


@dataclass(frozen=True)
class Line:
    ticket_type: TicketTypeItem
    attendees: list[str]

    @property
    def quantity(self) -> int:
        return len(self.attendees)


def find(order_id: str) -> OrderItem | None:
    return get(OrderItem, *order_key(order_id))


def require(order_id: str) -> OrderItem:
    order = find(order_id)
    if order is None:
        raise NotFound(ORDER_NOT_FOUND)
    return order


def ticket_ids(order: OrderItem) -> list[str]:
    return [str(ticket_id) for ticket_id in order.ticketIds]


def reserve(event: Event, buyer_id: str, lines: list[Line], hold_seconds: int, success_url: str | None,
            cancel_url: str | None, limits: tuple[int, int]) -> OrderItem:
    """One transaction: every type's stock decremented only if enough is left (else 409, nothing written), the
    event still on sale, the buyer's open orders and tickets of the event counted within `limits` (else 409),
    the PENDING order with its hold and one PENDING_PAYMENT ticket per attendee."""
    max_open, max_tickets = limits
    now, order_id = now_iso(), new_id("order")
    hold_until = int(time.time()) + hold_seconds
    currency = lines[0].ticket_type.price.currency
    tickets = [TicketItem(*ticket_key(ticket_id), ticketId=ticket_id, orderId=order_id, eventId=event.event_id,
                          userId=buyer_id, ticketTypeId=line.ticket_type.ticketTypeId, kind=line.ticket_type.kind,
                          attendeeName=name, price=Money(**line.ticket_type.price.as_dict()), purchaseDate=now,
                          status=PENDING_PAYMENT, **ticket_index_keys(ticket_id, buyer_id, event.event_id, now))
               for line in lines for name in line.attendees for ticket_id in [new_id("ticket")]]
    total = sum(int(line.ticket_type.price.amount) * line.quantity for line in lines)
    order = OrderItem(*order_key(order_id), orderId=order_id, userId=buyer_id, eventId=event.event_id,
                      status=PENDING, ticketIds=[t.ticketId for t in tickets],
                      lines=[OrderLine(ticketTypeId=line.ticket_type.ticketTypeId, kind=line.ticket_type.kind,
                                       quantity=line.quantity, unitAmount=int(line.ticket_type.price.amount))
                             for line in lines],
                      amount=Money(amount=total, currency=currency), createdAt=now, updatedAt=now,
                      holdUntil=hold_until, successUrl=success_url, cancelUrl=cancel_url,
                      cancelKey=secrets.token_urlsafe(24), counted=True,
                      GSI1PK=f"USER#{buyer_id}#ORDERS", GSI1SK=f"{now}#{order_id}",
                      GSI2PK=pending_shard(order_id), GSI2SK=pending_sort_key(hold_until, order_id))

    def write(unit: Unit) -> None:
        unit.check(EventReplica, event_key(event.event_id), PROFILE,
                   EventReplica.deletedAt.does_not_exist() & (EventReplica.status == "PUBLISHED"),
                   failure=Conflict(f"Cannot reserve tickets for event {event.event_id} because it is not published"))
        for line in lines:
            item = line.ticket_type
            unit.update(TicketTypeItem(*ticket_type_key(item.ticketTypeId)),
                        [TicketTypeItem.available.add(-line.quantity), TicketTypeItem.sold.add(line.quantity)],
                        condition=TicketTypeItem.PK.exists() & (TicketTypeItem.available >= line.quantity),
                        failure=Conflict(f'Ticket type "{item.kind}" is sold out'))
        count = BuyerCounter.count
        unit.update(BuyerCounter(*open_orders_key(buyer_id)), [count.add(1)],
                    condition=count.does_not_exist() | (count < max_open),
                    failure=Conflict(f"A buyer holds at most {max_open} open orders at once: pay or cancel one "
                                     "of yours first"))
        unit.update(BuyerCounter(*event_tickets_key(buyer_id, event.event_id)), [count.add(len(tickets))],
                    condition=count.does_not_exist() | (count <= max_tickets - len(tickets)),
                    failure=Conflict(f"A buyer gets at most {max_tickets} tickets of an event, free ones "
                                     "included: this order would go beyond that"))
        unit.save(order, condition=OrderItem.PK.does_not_exist())
        for ticket in tickets:
            unit.save(ticket, condition=TicketItem.PK.does_not_exist())

    commit(write)
    return order


def _update_if_pending(order_id: str, actions: list[Any]) -> bool:
    """One conditional update of a PENDING order; False when it was settled meanwhile."""
    try:
        OrderItem(*order_key(order_id)).update(actions=actions, condition=OrderItem.status == PENDING)
        return True
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False


def attach_session(order_id: str, session_id: str, url: str | None) -> None:
    """The Checkout Session on the order (unless a release won the race: then there is nothing to attach to)."""
    actions = [OrderItem.sessionId.set(session_id)] + ([OrderItem.sessionUrl.set(url)] if url else [])
    _update_if_pending(order_id, actions)


def store_task_token(order_id: str, token: str) -> bool:
    """The saga's task token on the PENDING order (False when the order was settled before it waited)."""
    return _update_if_pending(order_id, [OrderItem.taskToken.set(token)])


def note_reason(order_id: str, reason: str) -> None:
    """Why a PENDING order is about to end, noted before Stripe is told (its expiry webhook may then release
    the order before we do, and must give the same reason). A declined card notes `payment_failed`: the order
    stays PENDING (the buyer may try another card) and that is the reason if the hold ends."""
    _update_if_pending(order_id, [OrderItem.reason.set(reason)])


def _leave_pending(order: OrderItem, status: str, extra: list[Any]) -> list[Any]:
    return [OrderItem.status.set(status), OrderItem.updatedAt.set(now_iso()), OrderItem.GSI2PK.remove(),
            OrderItem.GSI2SK.remove(), *extra]


def confirm(order: OrderItem, payment_intent_id: str | None) -> bool:
    """PENDING -> COMPLETED with ACTIVE tickets and payments.order.confirmed; False if it was not PENDING."""

    def write(unit: Unit) -> None:
        extra = [OrderItem.paymentIntentId.set(payment_intent_id)] if payment_intent_id else []
        unit.update(order, _leave_pending(order, COMPLETED, [*extra, OrderItem.reason.remove()]),
                    condition=OrderItem.status == PENDING)
        for ticket_id in ticket_ids(order):
            unit.update(TicketItem(*ticket_key(ticket_id)), [TicketItem.status.set(ACTIVE)],
                        condition=TicketItem.status == PENDING_PAYMENT)
        _give_back(unit, order, tickets=False)
        unit.publish("payments.order.confirmed", {"orderId": order.orderId, "userId": order.userId,
                                                  "eventId": order.eventId, "ticketCount": len(order.ticketIds)})

    return _settled(write)


def release(order: OrderItem, reason: str) -> bool:
    """PENDING -> CANCELLED: tickets PAYMENT_FAILED, each type's stock given back, payments.order.rejected; False
    if it was not PENDING (a retried or late release releases nothing)."""
    reason = order.reason or reason  # noted when the order began to end (note_reason)

    def write(unit: Unit) -> None:
        unit.update(order, _leave_pending(order, CANCELLED, [OrderItem.reason.set(reason)]),
                    condition=OrderItem.status == PENDING)
        for line in order.lines:
            quantity = int(line.quantity)
            unit.update(TicketTypeItem(*ticket_type_key(line.ticketTypeId)),
                        [TicketTypeItem.available.add(quantity), TicketTypeItem.sold.add(-quantity)],
                        condition=TicketTypeItem.PK.exists())
        for ticket_id in ticket_ids(order):
            unit.update(TicketItem(*ticket_key(ticket_id)), [TicketItem.status.set(PAYMENT_FAILED)],
                        condition=TicketItem.status == PENDING_PAYMENT)
        _give_back(unit, order, tickets=True)
        unit.publish("payments.order.rejected", {"orderId": order.orderId, "userId": order.userId,
                                                 "eventId": order.eventId, "reason": reason})

    return _settled(write)


def _give_back(unit: Unit, order: OrderItem, tickets: bool) -> None:
    """The order leaves PENDING: it is no longer an open order of its buyer, and a released one's tickets no
    longer count against the event's cap (in the transaction that moves the order, so exactly once)."""
    if not order.counted:
        return
    unit.update(BuyerCounter(*open_orders_key(order.userId)), [BuyerCounter.count.add(-1)])
    if tickets:
        unit.update(BuyerCounter(*event_tickets_key(order.userId, order.eventId)),
                    [BuyerCounter.count.add(-len(order.ticketIds))])


def record_refund(order: OrderItem, payment_intent_id: str, refund_id: str) -> bool:
    """A late payment was refunded at Stripe: its tickets REFUNDED and payments.order.refunded, once."""

    def write(unit: Unit) -> None:
        unit.update(order, [OrderItem.refundId.set(refund_id), OrderItem.paymentIntentId.set(payment_intent_id),
                            OrderItem.updatedAt.set(now_iso())],
                    condition=(OrderItem.status == CANCELLED) & OrderItem.refundId.does_not_exist())
        for ticket_id in ticket_ids(order):
            unit.update(TicketItem(*ticket_key(ticket_id)), [TicketItem.status.set(REFUNDED)],
                        condition=TicketItem.status == PAYMENT_FAILED)
        unit.publish("payments.order.refunded", {"orderId": order.orderId, "userId": order.userId,
                                                 "eventId": order.eventId, "ticketIds": ticket_ids(order),
                                                 "amount": order.amount.as_dict(), "reason": "late_payment"})

    return _settled(write)


def _settled(write: Any) -> bool:
    try:
        commit(write)
        return True
    except Stale:
        return False

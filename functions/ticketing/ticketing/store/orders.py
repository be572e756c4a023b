"""Orders in the table: an Order read from its item, and each transition it recorded written in one transaction
with its tickets, the stock it gives back, the buyer's counters and its domain events."""

from __future__ import annotations

from typing import Any

from kernel.unit_of_work import Stale

from ..domain import (
    ACTIVE,
    ORDER_NOT_FOUND,
    PENDING,
    Money,
    NotOnSale,
    Order,
    OrderLine,
    Reservation,
    Settled,
    SoldOut,
    TooManyOpenOrders,
    TooManyTickets,
)
from ..domain.events import PUBLISHED
from . import (
    ORDER_ID,
    PENDING_SHARDS,
    PROFILE,
    BuyerCounter,
    EventReplica,
    Lookup,
    OrderItem,
    TicketTypeItem,
    Unit,
    commit,
    event_key,
    event_tickets_key,
    holdings,
    money,
    open_orders_key,
    order_key,
    page,
    pending_shard,
    pending_sort_key,
    publish,
    ticket_type_key,
)
from . import door as door_store
from . import tickets as ticket_store

# Order fields as the item names them (the ones a transition may change)
ATTRIBUTES = {"status": "status", "reason": "reason", "updated_at": "updatedAt", "session_id": "sessionId",
              "session_url": "sessionUrl", "task_token": "taskToken", "payment_intent_id": "paymentIntentId",
              "refund_id": "refundId"}


def to_order(item: OrderItem) -> Order:
    return Order(order_id=item.orderId, user_id=item.userId, event_id=item.eventId, status=item.status,
                 ticket_ids=[str(t) for t in item.ticketIds],
                 lines=[OrderLine(line.ticketTypeId, line.kind, int(line.quantity), int(line.unitAmount))
                        for line in item.lines],
                 amount=Money(int(item.amount.amount), str(item.amount.currency)), created_at=item.createdAt,
                 hold_until=int(item.holdUntil), cancel_key=item.cancelKey, success_url=item.successUrl,
                 cancel_url=item.cancelUrl, session_id=item.sessionId, session_url=item.sessionUrl,
                 task_token=item.taskToken, payment_intent_id=item.paymentIntentId, reason=item.reason,
                 refund_id=item.refundId, updated_at=item.updatedAt, counted=bool(item.counted),
                 promo_code=item.promoCode, discount=int(item.discount or 0), promo_uses=int(item.promoUses or 0))


_lookup = Lookup(ORDER_ID, OrderItem, order_key, to_order, ORDER_NOT_FOUND)
find, require, owned = _lookup.find, _lookup.require, _lookup.owned


def buyer_page(user_id: str, limit: int, start_key: dict | None) -> tuple[list[Order], dict | None]:
    items, last_key = page(OrderItem.by_user, f"USER#{user_id}#ORDERS", limit, start_key)
    return [to_order(item) for item in items], last_key


def _item(order: Order) -> OrderItem:
    return OrderItem(*order_key(order.order_id), orderId=order.order_id, userId=order.user_id,
                     eventId=order.event_id, status=order.status, ticketIds=list(order.ticket_ids),
                     lines=[OrderItem.lines.element_type(ticketTypeId=line.ticket_type_id, kind=line.kind,
                                                         quantity=line.quantity, unitAmount=line.unit_amount)
                            for line in order.lines],
                     amount=money(order.amount), createdAt=order.created_at, updatedAt=order.updated_at,
                     holdUntil=order.hold_until, successUrl=order.success_url, cancelUrl=order.cancel_url,
                     cancelKey=order.cancel_key, counted=order.counted, promoCode=order.promo_code,
                     discount=order.discount or None, promoUses=order.promo_uses or None,
                     GSI1PK=f"USER#{order.user_id}#ORDERS", GSI1SK=f"{order.created_at}#{order.order_id}",
                     GSI2PK=pending_shard(order.order_id),
                     GSI2SK=pending_sort_key(order.hold_until, order.order_id))


def add_pending(unit: Unit, reservation: Reservation) -> None:
    """The reservation's PENDING order, its tickets and the holder's "My events" entry, in the transaction that
    takes their stock (a checkout's, or a waiting-list offer's)."""
    order = reservation.order
    unit.save(_item(order), condition=OrderItem.PK.does_not_exist())
    for ticket in reservation.tickets:
        ticket_store.add(unit, ticket)
    holdings.hold(unit, order.user_id, order.event_id, reservation.starts_at)  # the start it was reserved with


def add(reservation: Reservation) -> None:
    """One transaction: every type's stock taken only if enough is left (SoldOut), the event still on sale
    (NotOnSale), the buyer's open orders and tickets of the event within the caps (TooMany...), the PENDING order
    and its PENDING_PAYMENT tickets; nothing is written when any of it fails."""
    order, limits = reservation.order, reservation.limits
    count = BuyerCounter.count

    def write(unit: Unit) -> None:
        unit.check(EventReplica, event_key(order.event_id), PROFILE,
                   EventReplica.deletedAt.does_not_exist() & (EventReplica.status == PUBLISHED),
                   failure=NotOnSale(order.event_id))
        for wanted in reservation.wanted:
            unit.update(TicketTypeItem(*ticket_type_key(wanted.ticket_type.ticket_type_id)),
                        [TicketTypeItem.available.add(-wanted.quantity), TicketTypeItem.sold.add(wanted.quantity)],
                        condition=TicketTypeItem.PK.exists() & (TicketTypeItem.available >= wanted.quantity)
                        & (TicketTypeItem.waiting.does_not_exist() | (TicketTypeItem.waiting <= 0)),  # line first
                        failure=SoldOut(wanted.ticket_type.kind))
        unit.update(BuyerCounter(*open_orders_key(order.user_id)), [count.add(1)],
                    condition=count.does_not_exist() | (count < limits.open_orders),
                    failure=TooManyOpenOrders(limits.open_orders))
        tickets = len(reservation.tickets)
        unit.update(BuyerCounter(*event_tickets_key(order.user_id, order.event_id)), [count.add(tickets)],
                    condition=count.does_not_exist() | (count <= limits.tickets_per_event - tickets),
                    failure=TooManyTickets(limits.tickets_per_event))
        add_pending(unit, reservation)
        if reservation.promo is not None:  # its uses, on the condition that enough are left (UsedUp)
            from .promo_codes import use

            use(unit, reservation.promo, order.promo_uses)

    commit(write)
    holdings.caught_up(order.user_id, order.event_id, reservation.starts_at)  # the start may have moved meanwhile


def save(order: Order) -> bool:
    """Write the transition the order recorded, only while the order is as it was read; False (nothing written)
    when another step moved it first."""
    change = order.change
    if change is None:
        raise ValueError("the order recorded no change")

    def write(unit: Unit) -> None:
        actions: list[Any] = []
        for name in change.fields:
            attribute, value = getattr(OrderItem, ATTRIBUTES[name]), getattr(order, name)
            actions.append(attribute.remove() if value is None else attribute.set(value))
        if change.leaves_pending:  # off the sweeper's work list
            actions += [OrderItem.GSI2PK.remove(), OrderItem.GSI2SK.remove()]
        condition = OrderItem.status == change.source
        if change.unrefunded:
            condition &= OrderItem.refundId.does_not_exist()
        if change.guards_reason:  # the reason it was decided from is still the order's
            condition &= (OrderItem.reason == change.reason_was if change.reason_was is not None
                          else OrderItem.reason.does_not_exist())
        unit.update(OrderItem(*order_key(order.order_id)), actions, condition=condition,
                    failure=Settled(change.source))
        if change.tickets is not None:
            ticket_store.move(unit, change.tickets)
            if change.tickets.target == ACTIVE:  # paid: the check-in figures count them sold
                door_store.count_sold(unit, order.event_id, order.lines)
        for ticket_type_id, quantity in change.stock_back:
            unit.update(TicketTypeItem(*ticket_type_key(ticket_type_id)),
                        [TicketTypeItem.available.add(quantity), TicketTypeItem.sold.add(-quantity)],
                        condition=TicketTypeItem.PK.exists())
        if change.open_orders:
            unit.update(BuyerCounter(*open_orders_key(order.user_id)), [BuyerCounter.count.add(change.open_orders)])
        if change.event_tickets:
            unit.update(BuyerCounter(*event_tickets_key(order.user_id, order.event_id)),
                        [BuyerCounter.count.add(change.event_tickets)])
        publish(unit, order.events)

    try:
        commit(write)
    except (Settled, Stale):  # another step moved the order, or one of its tickets, first
        return False
    finally:
        order.change, order.events = None, []
    return True


def keep_task_token(order_id: str, task_token: str) -> bool:
    """The saga's task token on the order, in one conditional write without reading the order first: only a
    PENDING order waits for its payment (the condition); False, nothing written, when it left PENDING or does not
    exist (its wait then ends at the hold, a no-op)."""
    if not ORDER_ID.fullmatch(order_id):
        return False

    def write(unit: Unit) -> None:
        unit.update(OrderItem(*order_key(order_id)), [OrderItem.taskToken.set(task_token)],
                    condition=OrderItem.status == PENDING)

    try:
        commit(write)
    except Stale:
        return False
    return True


def overdue(before: int, per_shard: int = 100) -> list[str]:
    """Orders still PENDING whose hold ended before `before` (epoch s): a Query per shard of the PENDING orders'
    index (GSI2), oldest hold first, never a Scan. The index may lag: act on the order itself."""
    found: list[str] = []
    for shard in range(PENDING_SHARDS):
        found += [item.orderId for item in OrderItem.pending.query(
            f"PENDING#{shard}", OrderItem.GSI2SK < pending_sort_key(before, "~"), limit=per_shard)]  # noqa: SIM300
    return found

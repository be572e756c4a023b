"""What only the store can show, on the ticketing table in in-process moto: the reservation's transaction (stock,
event, buyer caps: all or nothing), steps that race or run twice acting once, the door's race, and consumers
that get the same business fact again under a new eventId changing nothing."""

from __future__ import annotations

import json
import uuid

import pytest
from ticketing.domain import (
    ACTIVE,
    ADMITTED,
    ALREADY_USED,
    CANCELLED,
    COMPLETED,
    PAYMENT_FAILED,
    REFUNDED,
    USED,
    BuyerLimits,
    Event,
    Money,
    NotOnSale,
    Order,
    SoldOut,
    TicketType,
    TooManyOpenOrders,
    TooManyTickets,
    Wanted,
    now_iso,
)

LIMITS = BuyerLimits(open_orders=3, tickets_per_event=10)
E1 = "5b0c8f0e-0d2c-4c1a-9b6e-2f1f7a3c9e01"  # ids as the events' schemas want them
BUYER, OTHER, HOARDER, COLLECTOR = (str(uuid.UUID(int=n)) for n in range(1, 5))
NOW = "2026-12-05T10:00:00.000Z"


def published(event_id: str = E1, status: str = "PUBLISHED") -> Event:
    from ticketing import replicas

    replicas.keep({"eventId": event_id, "creatorId": "org"}, NOW, status)
    found = replicas.event(event_id)
    assert found is not None
    return found


def stocked(event: Event, quantity: int = 10, amount: int = 1500, kind: str = "STANDARD") -> TicketType:
    from ticketing.store import ticket_types

    created = TicketType.create(event, f"ett_{uuid.uuid4()}", kind, None, Money(amount, "EUR"), quantity, None, NOW)
    ticket_types.add(created)
    return created


def reserve(event: Event, ticket_type: TicketType, count: int = 2, buyer: str = BUYER,
            limits: BuyerLimits = LIMITS) -> Order:
    from ticketing.store import orders
    from ticketing.store import ticket_types as type_store

    fresh = type_store.require(ticket_type.ticket_type_id)
    reservation = Order.reserve(event, buyer, [Wanted(fresh, [f"G{n}" for n in range(count)])], limits, now_iso(),
                                2_000_000_000, "key")
    orders.add(reservation)
    return reservation.order


def stock(ticket_type: TicketType) -> tuple[int, int]:
    from ticketing.store import ticket_types

    now = ticket_types.require(ticket_type.ticket_type_id)
    return now.available, now.sold


def published_events(event_type: str) -> list[dict]:
    from kernel.table import ContextTable

    class Outbox(ContextTable):
        from pynamodb.attributes import UnicodeAttribute
        envelope = UnicodeAttribute(null=True)

    found = [json.loads(item.envelope) for item in Outbox.scan(Outbox.PK.startswith("OUTBOX#"))]
    return [e["payload"] for e in found if e["eventType"] == event_type]


def counters(buyer: str, event_id: str) -> tuple[int, int]:
    from ticketing.store import BuyerCounter, event_tickets_key, get, open_orders_key

    open_orders, tickets = get(BuyerCounter, *open_orders_key(buyer)), get(BuyerCounter,
                                                                           *event_tickets_key(buyer, event_id))
    return (int(open_orders.count) if open_orders else 0, int(tickets.count) if tickets else 0)


def figures(event_id: str) -> dict[str, tuple[int, int]]:
    """The event's check-in counters: (sold, admitted) by ticket type."""
    from ticketing.store import door as door_store

    return {t: (int(c.sold or 0), int(c.admitted or 0)) for t, c in door_store.figures(event_id).items()}


def statuses(order: Order) -> list[str]:
    from ticketing.store import tickets

    return [t.status for t in tickets.of_order(order)]



def test_a_reservation_files_the_holders_event_under_the_start_it_was_reserved_with(table) -> None:
    """The "My events" entry is written in the reservation's transaction with the start of the event the
    reservation was decided on (no read of its own)."""
    from ticketing import replicas
    from ticketing.store import holdings

    start = "2030-01-01T20:00:00Z"
    replicas.keep({"eventId": E1, "creatorId": "org", "startsAt": start}, NOW, "PUBLISHED")
    event = replicas.event(E1)
    assert event is not None
    reserve(event, stocked(event))
    items, _ = holdings.holder_page(BUYER, True, NOW, 10, None)
    assert [(i.eventId, i.startsAt, i.GSI1SK) for i in items] == [(E1, start, f"{start}#{E1}")]


def test_a_reservation_takes_stock_counts_the_buyer_and_writes_order_and_tickets(table) -> None:
    from ticketing.store import orders

    event = published()
    standard = stocked(event)
    order = reserve(event, standard, 3)
    assert stock(standard) == (7, 3)
    assert counters(BUYER, E1) == (1, 3)
    assert orders.require(order.order_id).status == "PENDING"
    assert statuses(order) == ["PENDING_PAYMENT"] * 3


def test_stock_sold_since_it_was_read_refuses_the_whole_reservation(table) -> None:
    from ticketing.store import orders

    event = published()
    standard = stocked(event, quantity=2)
    stale = Order.reserve(event, BUYER, [Wanted(standard, ["A", "B"])], LIMITS, now_iso(), 2_000_000_000, "k")
    reserve(event, standard, 1, buyer=OTHER)  # a sale between the read and the write
    with pytest.raises(SoldOut):
        orders.add(stale)
    assert stock(standard) == (1, 1) and orders.find(stale.order.order_id) is None
    assert counters(BUYER, E1) == (0, 0)


def test_an_event_cancelled_since_it_was_read_refuses_the_reservation(table) -> None:
    from ticketing import replicas
    from ticketing.store import orders

    event = published()
    standard = stocked(event)
    stale = Order.reserve(event, BUYER, [Wanted(standard, ["A"])], LIMITS, now_iso(), 2_000_000_000, "k")
    replicas.keep({"eventId": E1}, NOW, "CANCELLED")
    with pytest.raises(NotOnSale):
        orders.add(stale)
    assert stock(standard) == (10, 0)


def test_the_buyer_caps_are_counted_in_the_reservation_and_refuse_everything_beyond(table) -> None:
    event = published()
    standard = stocked(event, quantity=50)
    held = [reserve(event, standard, 1) for _ in range(3)]
    with pytest.raises(TooManyOpenOrders):
        reserve(event, standard, 1)
    assert stock(standard) == (47, 3) and counters(BUYER, E1) == (3, 3)
    assert len(held) == 3
    with pytest.raises(TooManyTickets):
        reserve(event, standard, 11, buyer=HOARDER)  # a first order beyond the cap (it passed before the fix)
    reserve(event, standard, 8, buyer=COLLECTOR)
    with pytest.raises(TooManyTickets):
        reserve(event, standard, 3, buyer=COLLECTOR)
    assert counters(COLLECTOR, E1) == (1, 8) and counters(HOARDER, E1) == (0, 0)


def test_confirming_twice_confirms_once(table) -> None:
    from ticketing.store import orders

    event = published()
    order = reserve(event, stocked(event))
    first, second = orders.require(order.order_id), orders.require(order.order_id)  # two webhooks, one order
    first.confirm("pi_1", NOW)
    second.confirm("pi_1", NOW)
    assert orders.save(first) is True
    assert orders.save(second) is False
    assert orders.require(order.order_id).status == COMPLETED and statuses(order) == [ACTIVE, ACTIVE]
    assert len(published_events("payments.order.confirmed")) == 1
    assert counters(BUYER, E1) == (0, 2)
    assert figures(E1) == {order.lines[0].ticket_type_id: (2, 0)}  # counted sold with the confirmation, once


def test_a_release_that_loses_to_a_confirmation_gives_nothing_back(table) -> None:
    from ticketing.store import orders

    event = published()
    standard = stocked(event)
    order = reserve(event, standard)
    paying, expiring = orders.require(order.order_id), orders.require(order.order_id)
    paying.confirm("pi_1", NOW)
    assert orders.save(paying)
    expiring.release("expired", NOW)
    assert orders.save(expiring) is False
    assert stock(standard) == (8, 2) and counters(BUYER, E1) == (0, 2)
    assert published_events("payments.order.rejected") == []


def test_a_release_gives_stock_and_allowance_back_and_takes_the_order_off_the_sweepers_list(table) -> None:
    from ticketing.store import orders

    event = published()
    standard = stocked(event)
    order = reserve(event, standard)
    assert order.order_id in orders.overdue(2_000_000_001)
    loaded = orders.require(order.order_id)
    loaded.release("expired", NOW)
    assert orders.save(loaded)
    assert stock(standard) == (10, 0) and counters(BUYER, E1) == (0, 0)
    assert statuses(order) == [PAYMENT_FAILED, PAYMENT_FAILED]
    assert order.order_id not in orders.overdue(2_000_000_001)
    assert [p["reason"] for p in published_events("payments.order.rejected")] == ["expired"]


def test_the_saga_token_is_kept_only_on_a_pending_order_without_reading_it(table) -> None:
    from ticketing.store import orders

    event = published()
    waiting, paid = reserve(event, stocked(event)), reserve(event, stocked(event, kind="VIP"))
    confirmed = orders.require(paid.order_id)
    confirmed.confirm("pi_1", NOW)
    assert orders.save(confirmed)
    assert orders.keep_task_token(waiting.order_id, "token-1") is True
    assert orders.require(waiting.order_id).task_token == "token-1"
    assert orders.keep_task_token(paid.order_id, "token-2") is False  # settled: its wait needs no token
    assert orders.require(paid.order_id).task_token is None
    unknown = f"order_{uuid.uuid4()}"
    assert orders.keep_task_token(unknown, "token-3") is False
    assert orders.find(unknown) is None  # the conditional write made no item of a missing order


def test_a_late_payment_is_recorded_once(table) -> None:
    from ticketing.store import orders

    event = published()
    order = reserve(event, stocked(event))
    released = orders.require(order.order_id)
    released.release("expired", NOW)
    orders.save(released)
    again = [orders.require(order.order_id) for _ in range(2)]  # the webhook retried
    for copy in again:
        copy.refund_late_payment("pi_late", "re_1", NOW)
    assert [orders.save(copy) for copy in again] == [True, False]
    assert statuses(order) == [REFUNDED, REFUNDED]
    assert len(published_events("payments.order.refunded")) == 1


def test_of_two_simultaneous_scans_exactly_one_admits(table) -> None:
    from ticketing import door
    from ticketing.store import orders, tickets

    event = published()
    order = reserve(event, stocked(event), 1)
    paid = orders.require(order.order_id)
    paid.confirm("pi_1", NOW)
    orders.save(paid)
    scans = [tickets.require(order.ticket_ids[0]) for _ in range(2)]  # both read it ACTIVE
    results = [door.admit(scan) for scan in scans]
    assert sorted(r for r, _ in results) == [ADMITTED, ALREADY_USED]
    assert tickets.require(order.ticket_ids[0]).status == USED
    assert figures(E1) == {order.lines[0].ticket_type_id: (1, 1)}  # admitted counted once, with the admission


@pytest.mark.parametrize("first", ["scan", "transfer"])
def test_of_a_transfer_and_a_scan_that_both_read_the_ticket_active_the_first_written_wins(table, first) -> None:
    """Both orders of the race the transfer e2e test cannot choose between (tests/e2e/ticketing/test_transfer.py
    accepts either winner): each side decided on the ticket as ACTIVE, and the later write finds it gone."""
    from ticketing import door
    from ticketing.domain.tickets import NotUsable
    from ticketing.domain.transfers import NotTransferable, transfer
    from ticketing.store import orders, tickets, transfers

    event = published()
    order = reserve(event, stocked(event), 1)
    paid = orders.require(order.order_id)
    paid.confirm("pi_1", NOW)
    orders.save(paid)
    [ticket_id] = order.ticket_ids
    at_the_door = tickets.require(ticket_id)  # both read it ACTIVE
    given = transfer(tickets.require(ticket_id), event, OTHER, None, NOW)
    if first == "scan":
        assert door.admit(at_the_door)[0] == ADMITTED
        with pytest.raises(NotTransferable):
            transfers.save(given)
        assert tickets.require(ticket_id).status == USED
        assert tickets.find(given.new.ticket_id) is None  # nothing given away, the order's list as it was
        assert [str(t) for t in orders.require(order.order_id).ticket_ids] == [ticket_id]
        assert published_events("ticket.transferred") == []
        assert figures(E1) == {order.lines[0].ticket_type_id: (1, 1)}
    else:
        transfers.save(given)
        with pytest.raises(NotUsable):  # decided again on what the transfer left: the old QR code does not pass
            door.admit(at_the_door)
        assert tickets.require(ticket_id).status == "TRANSFERRED"
        assert tickets.require(given.new.ticket_id).status == ACTIVE
        assert [str(t) for t in orders.require(order.order_id).ticket_ids] == [given.new.ticket_id]
        assert [p["ticketId"] for p in published_events("ticket.transferred")] == [ticket_id]
        assert figures(E1) == {order.lines[0].ticket_type_id: (1, 0)}  # nobody admitted


def test_a_ticket_admitted_while_its_order_is_voided_is_left_used_and_not_refunded(table) -> None:
    from ticketing import door, refunds, replicas
    from ticketing.store import orders, tickets

    event = published()
    order = reserve(event, stocked(event, amount=0), 2)  # free: no Stripe refund to make
    paid = orders.require(order.order_id)
    paid.confirm(None, NOW)
    orders.save(paid)
    voiding = orders.require(order.order_id)
    voiding.void(list(order.ticket_ids), NOW)  # read both ACTIVE
    door.admit(tickets.require(order.ticket_ids[1]))  # then one goes in at the door
    assert orders.save(voiding) is False  # nothing half-done
    assert orders.require(order.order_id).status == COMPLETED
    replicas.keep({"eventId": E1}, NOW, "CANCELLED")
    assert refunds.refund_order(orders.require(order.order_id)) == 1
    assert statuses(order) == [REFUNDED, USED]
    assert refunds.refund_order(orders.require(order.order_id)) == 0  # the refund message again
    refunded = published_events("payments.order.refunded")
    assert [(p["ticketIds"], p["amount"]["amount"]) for p in refunded] == [([order.ticket_ids[0]], 0)]
    assert orders.require(order.order_id).status == CANCELLED


def test_event_deleted_again_under_a_new_event_id_removes_nothing_more(table) -> None:
    from ticketing.handlers import consume
    from ticketing.store import ticket_types

    event = published()
    stocked(event), stocked(event, kind="VIP")
    for _ in range(2):
        consume.on_event_deleted({"eventId": str(uuid.uuid4()), "occurredAt": NOW, "payload": {"eventId": E1}})
    assert ticket_types.of_event(E1) == []
    assert len(published_events("ticket-type.deleted")) == 2


def test_a_type_change_racing_a_sale_is_stale_and_a_type_with_sales_is_not_deleted(table) -> None:
    from kernel.unit_of_work import Stale
    from ticketing.domain import TicketsSold
    from ticketing.store import ticket_types

    event = published()
    standard = stocked(event)
    read = ticket_types.require(standard.ticket_type_id)
    reserve(event, standard, 1)
    read.change(event, None, Money(2000, "EUR"), 20, None, NOW)
    with pytest.raises(Stale):
        ticket_types.save_change(read)
    assert stock(standard) == (9, 1)
    unsold_as_read = ticket_types.require(standard.ticket_type_id)
    unsold_as_read.sold = 0  # read before the sale
    unsold_as_read.delete()
    with pytest.raises(TicketsSold):
        ticket_types.delete(unsold_as_read)
    assert ticket_types.find(standard.ticket_type_id) is not None


def test_one_type_per_kind_and_event_until_it_is_deleted(table) -> None:
    from ticketing.domain import KindTaken
    from ticketing.store import ticket_types

    event = published()
    standard = stocked(event)
    with pytest.raises(KindTaken, match='already has a "STANDARD" ticket type'):
        stocked(event, amount=100)
    assert [t.ticket_type_id for t in ticket_types.of_event(E1)] == [standard.ticket_type_id]
    standard.delete()
    ticket_types.delete(standard)
    assert stocked(event).kind == "STANDARD"  # the kind is free again
    assert len(published_events("ticket-type.created")) == 2


def test_no_type_is_added_to_an_event_cancelled_since_it_was_read(table) -> None:
    from ticketing import replicas
    from ticketing.domain import ClosedForTypes
    from ticketing.store import ticket_types

    event = published()
    replicas.keep({"eventId": E1}, NOW, "CANCELLED")
    with pytest.raises(ClosedForTypes):
        stocked(event)  # the event as read before its cancellation
    assert ticket_types.of_event(E1) == [] and published_events("ticket-type.created") == []

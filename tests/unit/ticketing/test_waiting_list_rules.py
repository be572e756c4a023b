"""The waiting list: its rules on plain objects, and on the ticketing table in in-process moto the offers a
release makes - at most one per ticket back, first in line first, each once however many runs race."""

from __future__ import annotations

import os
import uuid

import pytest
from kernel.errors import Conflict
from ticketing.domain import BuyerLimits, Event, Money, Order, TicketType, Wanted, now_iso
from ticketing.domain.waiting import OFFERED, PASSED, TAKEN, WAITING, AlreadyWaiting, NotSoldOut, NotWaiting, WaitEntry

E1 = "5b0c8f0e-0d2c-4c1a-9b6e-2f1f7a3c9e01"
NOW = "2026-12-05T10:00:00.000Z"
MEMBERS = [str(uuid.UUID(int=n)) for n in range(1, 21)]
LIMITS = BuyerLimits(open_orders=3, tickets_per_event=10)


def event(status: str = "PUBLISHED") -> Event:
    return Event(E1, "org", status, "Gig", None, "2027-01-01T20:00:00Z")


def ticket_type(available: int = 0) -> TicketType:
    return TicketType(f"ett_{uuid.uuid4()}", E1, "STANDARD", None, Money(1500, "EUR"), available, 10, None, NOW, NOW)


# --- rules ---

def test_only_a_sold_out_type_of_an_event_on_sale_has_a_line() -> None:
    entry = WaitEntry.join(event(), ticket_type(0), MEMBERS[0], "Ada", NOW)
    assert (entry.status, entry.attendee_name, entry.user_id) == (WAITING, "Ada", MEMBERS[0])
    with pytest.raises(NotSoldOut):
        WaitEntry.join(event(), ticket_type(1), MEMBERS[0], "Ada", NOW)
    with pytest.raises(Conflict):
        WaitEntry.join(event("CANCELLED"), ticket_type(0), MEMBERS[0], "Ada", NOW)


def test_an_offer_is_made_once_and_settles_only_with_its_own_order() -> None:
    entry = WaitEntry.join(event(), ticket_type(0), MEMBERS[0], "Ada", NOW)
    order = Order.reserve(event(), MEMBERS[0], [Wanted(ticket_type(1), ["Ada"])], LIMITS, NOW, 2_000_000_000, "k")
    entry.offer(order.order)
    assert (entry.status, entry.order_id, entry.offer_until) == (OFFERED, order.order.order_id, 2_000_000_000)
    assert [e.type for e in entry.events] == ["waiting-list.offered"]
    with pytest.raises(NotWaiting):
        entry.offer(order.order)  # an entry gets one offer
    with pytest.raises(NotWaiting):
        entry.leave()  # an offer is declined through its order
    assert not entry.settle("order_other", paid=True)
    assert entry.settle(order.order.order_id, paid=False) and entry.status == PASSED
    assert not entry.settle(order.order.order_id, paid=True)  # settled once


def test_a_paid_offer_is_taken() -> None:
    entry = WaitEntry.join(event(), ticket_type(0), MEMBERS[0], "Ada", NOW)
    order = Order.reserve(event(), MEMBERS[0], [Wanted(ticket_type(1), ["Ada"])], LIMITS, NOW, 2_000_000_000, "k")
    entry.offer(order.order)
    assert entry.settle(order.order.order_id, paid=True) and entry.status == TAKEN


# --- on the table ---

@pytest.fixture(scope="module")
def moto_table(moto_table):
    """The conftest's table, with the offer window the template gives the Lambdas."""
    os.environ["WAITING_LIST_OFFER_SECONDS"] = "3600"
    yield moto_table


def sold_out_with_line(waiting: int) -> TicketType:
    """A published event whose type of 5 is sold (available 0), and `waiting` members in line, in MEMBERS order."""
    from ticketing import replicas
    from ticketing.store import ticket_types
    from ticketing.store import waiting as waiting_store

    replicas.keep({"eventId": E1, "creatorId": "org"}, NOW, "PUBLISHED")
    published = replicas.event(E1)
    created = TicketType.create(published, f"ett_{uuid.uuid4()}", "STANDARD", None, Money(1500, "EUR"), 5, None, NOW)
    ticket_types.add(created)
    give_back(created, -5)
    for member in MEMBERS[:waiting]:
        waiting_store.add(WaitEntry.join(published, ticket_types.require(created.ticket_type_id), member,
                                         f"name of {member}", now_iso()))
    return created


def give_back(ticket_type: TicketType, count: int) -> None:
    from ticketing.store import TicketTypeItem, ticket_type_key

    TicketTypeItem(*ticket_type_key(ticket_type.ticket_type_id)).update(
        actions=[TicketTypeItem.available.add(count), TicketTypeItem.sold.add(-count)])


def entries(ticket_type: TicketType) -> dict[str, WaitEntry]:
    from ticketing.store import waiting as waiting_store

    return {m: e for m in MEMBERS if (e := waiting_store.find(ticket_type.ticket_type_id, m)) is not None}


def test_a_member_joins_once_and_leaves(table) -> None:
    from ticketing.store import waiting as waiting_store

    standard = sold_out_with_line(1)
    with pytest.raises(AlreadyWaiting):
        waiting_store.add(WaitEntry(standard.ticket_type_id, E1, MEMBERS[0], "again", WAITING, now_iso()))
    entry = waiting_store.find(standard.ticket_type_id, MEMBERS[0])
    entry.leave()
    waiting_store.remove(entry)
    assert waiting_store.find(standard.ticket_type_id, MEMBERS[0]) is None
    assert waiting_store.first_waiting(standard.ticket_type_id) == []


def test_five_tickets_back_make_five_offers_to_the_first_five_however_many_runs_come(table) -> None:
    """Runs one after the other here (in-process moto does not isolate concurrent transactions; the concurrent
    race is tests/e2e/ticketing/test_waiting_list.py's, on the platform)."""
    from ticketing import waitlist
    from ticketing.store import orders, ticket_types

    standard = sold_out_with_line(20)
    give_back(standard, 5)
    made = [waitlist.offer_freed(standard.ticket_type_id) for _ in range(8)]  # five releases' messages, and more
    assert made == [5, 0, 0, 0, 0, 0, 0, 0]
    found = entries(standard)
    offered = [m for m in MEMBERS if found[m].status == OFFERED]
    assert offered == MEMBERS[:5]  # first in line first
    assert all(found[m].status == WAITING for m in MEMBERS[5:])
    assert ticket_types.require(standard.ticket_type_id).available == 0
    for member in offered:
        order = orders.require(found[member].order_id)
        assert (order.user_id, order.status, order.counted) == (member, "PENDING", False)
        assert order.hold_until == found[member].offer_until


def test_an_offer_that_passes_goes_to_the_next_in_line(table) -> None:
    from ticketing import settle, waitlist
    from ticketing.store import orders

    standard = sold_out_with_line(3)
    give_back(standard, 1)
    assert waitlist.offer_freed(standard.ticket_type_id) == 1
    first = entries(standard)[MEMBERS[0]]
    order = orders.require(first.order_id)
    assert settle.ended(order, "expired") == "released"  # the offer's hold ran out
    waitlist.on_order_rejected({"payload": {"orderId": order.order_id}})
    waitlist.on_order_rejected({"payload": {"orderId": order.order_id}})  # delivered twice: one more offer only
    found = entries(standard)
    assert [found[m].status for m in MEMBERS[:3]] == [PASSED, OFFERED, WAITING]


def test_a_paid_offer_is_taken_on_the_table(table) -> None:
    from ticketing import waitlist
    from ticketing.store import orders

    standard = sold_out_with_line(2)
    give_back(standard, 1)
    waitlist.offer_freed(standard.ticket_type_id)
    order = orders.require(entries(standard)[MEMBERS[0]].order_id)
    order.confirm("pi_1", now_iso())
    assert orders.save(order)
    waitlist.on_order_confirmed({"payload": {"orderId": order.order_id}})
    assert [e.status for e in entries(standard).values()] == [TAKEN, WAITING]


def test_while_members_wait_what_comes_back_is_theirs_not_a_buyers(table) -> None:
    from ticketing import replicas
    from ticketing.domain import SoldOut
    from ticketing.store import orders, ticket_types
    from ticketing.store import waiting as waiting_store

    standard = sold_out_with_line(1)
    give_back(standard, 1)  # a released hold, before the consumer offers it
    fresh = ticket_types.require(standard.ticket_type_id)
    assert (fresh.available, fresh.waiting, fresh.for_sale) == (1, 1, 0)
    with pytest.raises(SoldOut):
        fresh.require_available(1)
    stale = TicketType(**{**fresh.__dict__, "waiting": 0, "events": []})  # read before the member joined
    buyer = Order.reserve(replicas.event(E1), MEMBERS[19], [Wanted(stale, ["Bob"])], LIMITS, now_iso(), 2_000_000_000,
                          "k")
    with pytest.raises(SoldOut):
        orders.add(buyer)  # the reservation's own condition: the line first
    entry = waiting_store.find(standard.ticket_type_id, MEMBERS[0])
    entry.leave()
    waiting_store.remove(entry)
    assert ticket_types.require(standard.ticket_type_id).for_sale == 1
    orders.add(Order.reserve(replicas.event(E1), MEMBERS[19], [Wanted(stale, ["Bob"])], LIMITS, now_iso(),
                             2_000_000_000, "k2"))  # nobody waits: for sale again
    assert ticket_types.require(standard.ticket_type_id).available == 0

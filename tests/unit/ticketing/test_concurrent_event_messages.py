"""Two event.* messages about one event handled at once, by two workers: each writes what it derived from the
replica as its own update left it, and the older one's writes may come last. What they derive must not take the
older state back (on the template's table in moto; the interleaving played step by step)."""

from __future__ import annotations

import os
import uuid

import pytest

EARLY, LATER = "2026-12-05T10:00:00.000Z", "2026-12-05T11:00:00.000Z"
FIRST_START, MOVED_START, NEWEST_START = "2030-01-01T20:00:00Z", "2030-02-01T20:00:00Z", "2030-03-01T20:00:00Z"

pytestmark = pytest.mark.usefixtures("table")  # the conftest's table, emptied after each test


def deliver(event_type: str, occurred_at: str, **payload: object) -> None:
    from ticketing.handlers import consume

    consume.HANDLERS[event_type]({"eventId": str(uuid.uuid4()), "eventType": event_type,
                                  "occurredAt": occurred_at, "payload": payload})


def _holders_sort_keys(event_id: str) -> list[str | None]:
    from ticketing.store import holdings

    return [item.GSI1SK for item in holdings.HoldingItem.by_event.query(f"EVENT#{event_id}#HOLDERS")]


def test_an_older_start_re_keying_the_holders_after_a_newer_one_leaves_the_newer() -> None:
    """event.updated (start moved) and a newer event.updated (moved again) at once: the older one kept its start
    in the replica first, but re-keys the holders' "My events" entries last, with the start it read back."""
    from kernel import replica
    from kernel.unit_of_work import commit
    from ticketing.store import PROFILE, EventReplica, event_key, holdings

    event_id = str(uuid.uuid4())
    deliver("event.created", EARLY, eventId=event_id, creatorId="org", name="Jazz", status="PUBLISHED",
            startsAt=FIRST_START)
    commit("ticketing", lambda unit: [holdings.hold(unit, holder, event_id, FIRST_START) for holder in ("ada", "bo")])
    older = "2026-12-05T10:30:00.000Z"
    # the older message's worker: its update of the replica applies (nothing newer yet) and answers its start ...
    kept = replica.kept(EventReplica, (event_key(event_id), PROFILE), older, {"startsAt": MOVED_START})
    assert kept is not None and kept.startsAt == MOVED_START
    # ... the newer message is handled whole meanwhile (replica and holders at the newest start) ...
    deliver("event.updated", LATER, eventId=event_id, startsAt=NEWEST_START)
    assert _holders_sort_keys(event_id) == [f"{NEWEST_START}#{event_id}"] * 2
    # ... then the older worker re-keys the holders with the start its update answered
    holdings.moved(event_id, kept.startsAt)
    assert _holders_sort_keys(event_id) == [f"{NEWEST_START}#{event_id}"] * 2


def test_a_moved_start_re_keys_more_holders_than_one_transaction_takes_and_a_repeat_keeps_them() -> None:
    from kernel.unit_of_work import commit
    from ticketing.store import holdings

    event_id = str(uuid.uuid4())
    deliver("event.created", EARLY, eventId=event_id, creatorId="org", name="Jazz", status="PUBLISHED",
            startsAt=FIRST_START)
    holders = [f"holder-{n}" for n in range(holdings.MOVED_PER_TRANSACTION + 2)]  # two transactions' worth
    for first in range(0, len(holders), 50):
        commit("ticketing", lambda unit, first=first: [holdings.hold(unit, holder, event_id, FIRST_START)
                                                       for holder in holders[first:first + 50]])
    deliver("event.updated", LATER, eventId=event_id, startsAt=MOVED_START)
    assert _holders_sort_keys(event_id) == [f"{MOVED_START}#{event_id}"] * len(holders)
    deliver("event.updated", LATER, eventId=event_id, startsAt=MOVED_START)  # the same fact, a new eventId
    assert _holders_sort_keys(event_id) == [f"{MOVED_START}#{event_id}"] * len(holders)


def _published_with_a_type(available: int) -> tuple[object, object]:
    """An event on sale (its replica at FIRST_START) with a ticket type of `available` tickets."""
    from ticketing import replicas
    from ticketing.domain import Money, TicketType, now_iso
    from ticketing.store import ticket_types

    event_id = str(uuid.uuid4())
    deliver("event.created", EARLY, eventId=event_id, creatorId="org", name="Jazz", status="PUBLISHED",
            startsAt=FIRST_START)
    event = replicas.event(event_id)
    created = TicketType.create(event, f"ett_{uuid.uuid4()}", "STANDARD", None, Money(1500, "EUR"), available,
                                None, now_iso())
    ticket_types.add(created)
    return event, ticket_types.require(created.ticket_type_id)


def test_a_reservation_written_after_the_start_moved_sorts_its_holder_by_the_new_start() -> None:
    """The buyer's checkout read the event (its start), then an event.updated moved the start and re-keyed the
    holders it found - not this one, not written yet - and then the reservation wrote the holder's entry."""
    from ticketing.domain import BuyerLimits, Order, Wanted, now_iso
    from ticketing.store import orders

    event, ticket_type = _published_with_a_type(10)
    reservation = Order.reserve(event, "ada", [Wanted(ticket_type, ["Ada"])], BuyerLimits(3, 10), now_iso(),
                                1_900_000_000, "key")
    deliver("event.updated", LATER, eventId=event.event_id, startsAt=MOVED_START)
    orders.add(reservation)
    assert _holders_sort_keys(event.event_id) == [f"{MOVED_START}#{event.event_id}"]


def test_a_waiting_list_offer_written_after_the_start_moved_sorts_its_holder_by_the_new_start(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The consumer's offer read the event (its start), then an event.updated was handled whole, then the offer
    wrote the member's order and entry."""
    from ticketing import waitlist
    from ticketing.domain import now_iso
    from ticketing.domain.waiting import WaitEntry
    from ticketing.store import TicketTypeItem, ticket_type_key, ticket_types
    from ticketing.store import waiting as waiting_store

    monkeypatch.setitem(os.environ, "WAITING_LIST_OFFER_SECONDS", "3600")
    event, ticket_type = _published_with_a_type(1)
    stock = TicketTypeItem(*ticket_type_key(ticket_type.ticket_type_id))
    stock.update(actions=[TicketTypeItem.available.add(-1), TicketTypeItem.sold.add(1)])  # sold out: a line
    sold_out = ticket_types.require(ticket_type.ticket_type_id)
    waiting_store.add(WaitEntry.join(event, sold_out, str(uuid.uuid4()), "Bo", now_iso()))
    stock.update(actions=[TicketTypeItem.available.add(1), TicketTypeItem.sold.add(-1)])  # a ticket back
    offer = waiting_store.offer

    def offer_after_the_start_moved(entry: object, reservation: object) -> None:
        deliver("event.updated", LATER, eventId=event.event_id, startsAt=MOVED_START)
        offer(entry, reservation)

    monkeypatch.setattr(waiting_store, "offer", offer_after_the_start_moved)
    assert waitlist.offer_freed(ticket_type.ticket_type_id) == 1
    assert _holders_sort_keys(event.event_id) == [f"{MOVED_START}#{event.event_id}"]

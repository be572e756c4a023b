"""Tickets at the door and ticket types, without AWS: admission (ACTIVE -> USED once), who keeps the door, and a
ticket type's changes with their events (reference §2.5; the door's own rules: test_door.py)."""

from __future__ import annotations

import pytest
from kernel.errors import Conflict
from ticketing.domain import (
    ACTIVE,
    ADMITTED,
    ALREADY_USED,
    PAYMENT_FAILED,
    PENDING_PAYMENT,
    REFUNDED,
    USED,
    Event,
    Money,
    NotUsable,
    Ticket,
    TicketsSold,
    TicketType,
)

NOW = "2026-12-05T10:00:00.000Z"


def ticket(status: str) -> Ticket:
    return Ticket("ticket_1", "order_1", "e1", "buyer", "ett_1", "STANDARD", "Ada", Money(1500, "EUR"), NOW, status)


def event(status: str = "PUBLISHED") -> Event:
    return Event("e1", "org", status, "Jazz", None, None)


def test_an_active_ticket_is_admitted_once_and_then_is_already_used() -> None:
    scanned = ticket(ACTIVE)
    assert scanned.admit(NOW) == ADMITTED
    assert (scanned.status, scanned.updated_at, scanned.was) == (USED, NOW, ACTIVE)
    scanned.was = None  # written
    assert scanned.admit("2026-12-05T11:00:00.000Z") == ALREADY_USED
    assert (scanned.updated_at, scanned.was) == (NOW, None)  # the first scan's time; nothing to write


@pytest.mark.parametrize("status", [PENDING_PAYMENT, PAYMENT_FAILED, REFUNDED])
def test_unpaid_failed_and_refunded_tickets_never_pass(status: str) -> None:
    with pytest.raises(NotUsable, match=f"Cannot use ticket with status {status}"):
        ticket(status).admit(NOW)


def new_type(status: str = "PUBLISHED") -> TicketType:
    return TicketType.create(event(status), "ett_1", "VIP", "front row", Money(5000, "EUR"), 10, 2, NOW)


def test_a_new_type_starts_with_its_quantity_available_and_says_so() -> None:
    created = new_type()
    assert (created.available, created.sold, created.total) == (10, 0, 10)
    assert [(e.type, e.payload) for e in created.events] == [
        ("ticket-type.created", {"eventId": "e1", "ticketTypeId": "ett_1",
                                 "price": {"amount": 5000, "currency": "EUR"}})]


@pytest.mark.parametrize("status", ["CANCELLED", "COMPLETED"])
def test_a_closed_events_types_neither_appear_nor_change(status: str) -> None:
    with pytest.raises(Conflict):
        new_type(status)
    with pytest.raises(Conflict):
        new_type().change(event(status), None, Money(1, "EUR"), 5, None, NOW)


def test_a_new_total_keeps_what_is_sold() -> None:
    changed = new_type()
    changed.events.clear()
    changed.sold, changed.available = 7, 3
    changed.change(event(), None, Money(6000, "EUR"), 5, None, NOW)
    assert (changed.available, changed.sold, changed.total) == (0, 7, 7)
    assert (changed.description, changed.max_per_order, changed.price) == (None, None, Money(6000, "EUR"))
    assert [e.type for e in changed.events] == ["ticket-type.updated"]


def test_a_type_with_sold_tickets_is_not_deleted_unless_its_event_goes() -> None:
    sold = new_type()
    sold.sold = 1
    with pytest.raises(TicketsSold):
        sold.delete()
    sold.events.clear()
    sold.remove_with_event()
    assert [e.type for e in sold.events] == ["ticket-type.deleted"]

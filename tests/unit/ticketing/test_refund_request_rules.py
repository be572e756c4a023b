"""Refund requests: the policy's window and the request's decisions on plain objects; on the ticketing table in
in-process moto, an approval's transaction (the ticket REFUNDED, its stock back) and a ticket used meanwhile
refusing it."""

from __future__ import annotations

import uuid

import pytest
from kernel.errors import ValidationFailed
from ticketing.domain import ACTIVE, REFUNDED, USED, Event, Money, NotUsable, Ticket
from ticketing.domain.refund_requests import (
    APPROVED,
    DECLINED,
    REQUESTED,
    AlreadyRequested,
    Decided,
    RefundPolicy,
    RefundRequest,
    RefundsClosed,
)

E1 = "5b0c8f0e-0d2c-4c1a-9b6e-2f1f7a3c9e01"
HOLDER = str(uuid.UUID(int=7))
STARTS = "2027-01-10T20:00:00Z"


def event(status: str = "PUBLISHED") -> Event:
    return Event(E1, "org", status, "Gig", None, STARTS)


def ticket(status: str = ACTIVE, ticket_type_id: str = "ett_x") -> Ticket:
    return Ticket(f"ticket_{uuid.uuid4()}", f"order_{uuid.uuid4()}", E1, HOLDER, ticket_type_id, "STANDARD", "Ada",
                  Money(1500, "EUR"), "2026-12-01T10:00:00.000Z", status)


WEEK = RefundPolicy(allowed=True, days_before=7)


def test_the_policy_closes_requests_n_days_before_the_start_and_none_are_taken_by_default() -> None:
    assert WEEK.deadline(event()) == "2027-01-03T20:00:00.000Z"
    assert RefundPolicy().deadline(event()) is None
    RefundRequest.request(ticket(), event(), WEEK, None, "2027-01-03T19:59:59.999Z")
    with pytest.raises(RefundsClosed):
        RefundRequest.request(ticket(), event(), WEEK, None, "2027-01-03T20:00:00.001Z")
    with pytest.raises(RefundsClosed):
        RefundRequest.request(ticket(), event(), RefundPolicy(), None, "2026-12-05T10:00:00.000Z")
    with pytest.raises(RefundsClosed):
        RefundRequest.request(ticket(), event("CANCELLED"), WEEK, None, "2026-12-05T10:00:00.000Z")
    with pytest.raises(ValidationFailed):
        RefundPolicy(True, 366)


@pytest.mark.parametrize("status", [USED, REFUNDED, "PENDING_PAYMENT", "PAYMENT_FAILED"])
def test_only_an_active_ticket_is_refunded_on_request(status: str) -> None:
    with pytest.raises(RefundsClosed):
        RefundRequest.request(ticket(status), event(), WEEK, None, "2026-12-05T10:00:00.000Z")


def test_a_request_is_decided_once_and_its_refund_recorded_once() -> None:
    asked = RefundRequest.request(ticket(), event(), WEEK, "ill", "2026-12-05T10:00:00.000Z")
    assert (asked.status, asked.holder_id, asked.reason) == (REQUESTED, HOLDER, "ill")
    asked.approve("2026-12-06T10:00:00.000Z")
    assert asked.status == APPROVED and asked.awaits_refund
    with pytest.raises(Decided):
        asked.decline("2026-12-06T10:00:00.000Z")
    asked.record_refund("re_1", HOLDER)
    assert [e.payload["reason"] for e in asked.events] == ["refund_requested"]
    assert asked.events[0].payload["ticketIds"] == [asked.ticket_id]
    assert asked.events[0].payload["amount"] == {"amount": 1500, "currency": "EUR"}
    with pytest.raises(Decided):
        asked.record_refund("re_2", HOLDER)
    declined = RefundRequest.request(ticket(), event(), WEEK, None, "2026-12-05T10:00:00.000Z")
    declined.decline("2026-12-06T10:00:00.000Z")
    assert declined.status == DECLINED
    with pytest.raises(Decided):
        declined.approve("2026-12-06T10:00:00.000Z")


# --- on the table ---

def stored(status: str = ACTIVE) -> tuple[Ticket, str]:
    """A ticket of a type with 3 left of 5 (its ticket among the 2 sold)."""
    from ticketing.domain import TicketType
    from ticketing.store import TicketItem, TicketTypeItem, money, ticket_index_keys, ticket_key, ticket_type_key

    kind = TicketType(f"ett_{uuid.uuid4()}", E1, "STANDARD", None, Money(1500, "EUR"), 3, 2, None, "n", "n")
    TicketTypeItem(*ticket_type_key(kind.ticket_type_id), ticketTypeId=kind.ticket_type_id, eventId=E1,
                   kind="STANDARD", price=money(kind.price), available=3, sold=2, createdAt="n", updatedAt="n").save()
    held = ticket(status, kind.ticket_type_id)
    TicketItem(*ticket_key(held.ticket_id), ticketId=held.ticket_id, orderId=held.order_id, eventId=E1,
               userId=HOLDER, ticketTypeId=kind.ticket_type_id, kind="STANDARD", attendeeName="Ada",
               price=money(held.price), purchaseDate=held.purchase_date, status=status,
               **ticket_index_keys(held.ticket_id, HOLDER, E1, held.purchase_date)).save()
    return held, kind.ticket_type_id


def test_an_approval_refunds_the_ticket_and_gives_its_stock_back_in_one_transaction(table) -> None:
    from ticketing.store import refund_requests as store
    from ticketing.store import ticket_types, tickets

    held, kind = stored()
    asked = RefundRequest.request(held, event(), WEEK, None, "2026-12-05T10:00:00.000Z")
    store.add(asked)
    with pytest.raises(AlreadyRequested):
        store.add(RefundRequest.request(held, event(), WEEK, None, "2026-12-05T10:00:01.000Z"))
    asked.approve("2026-12-06T10:00:00.000Z")
    store.save_approved(asked, HOLDER, counted=False)
    assert tickets.require(held.ticket_id).status == REFUNDED
    assert (ticket_types.require(kind).available, ticket_types.require(kind).sold) == (4, 1)
    assert store.require(held.ticket_id).status == APPROVED
    asked.record_refund("re_1", HOLDER)
    assert store.save_refund(asked)
    again = store.require(held.ticket_id)
    again.refund_id, again.was = None, APPROVED
    again.record_refund("re_1", HOLDER)
    assert not store.save_refund(again)  # recorded once


def test_a_ticket_used_at_the_door_meanwhile_refuses_the_approval_and_nothing_changes(table) -> None:
    from ticketing.store import TicketItem, ticket_key, ticket_types
    from ticketing.store import refund_requests as store

    held, kind = stored()
    asked = RefundRequest.request(held, event(), WEEK, None, "2026-12-05T10:00:00.000Z")
    store.add(asked)
    TicketItem(*ticket_key(held.ticket_id)).update(actions=[TicketItem.status.set(USED)])
    asked.approve("2026-12-06T10:00:00.000Z")
    with pytest.raises(NotUsable):
        store.save_approved(asked, HOLDER, counted=False)
    assert store.require(held.ticket_id).status == REQUESTED
    assert ticket_types.require(kind).available == 3

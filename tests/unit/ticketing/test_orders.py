"""The order's lifecycle on the Order aggregate, without AWS (reference §4, architecture §8): what each saga step
decides, which tickets it moves, what stock and which buyer counters it gives back, which event it records, and
what it refuses."""

from __future__ import annotations

import pytest
from kernel.errors import Conflict, ValidationFailed
from ticketing.domain import (
    ACTIVE,
    CANCELLED,
    COMPLETED,
    EVENT_CANCELLED,
    PAYMENT_FAILED,
    PENDING,
    PENDING_PAYMENT,
    REFUNDED,
    BuyerLimits,
    Event,
    Money,
    NotOnSale,
    Order,
    Settled,
    TicketMove,
    TicketType,
    TooManyTickets,
    Wanted,
    one_event_one_currency,
)

NOW = "2026-12-05T10:00:00.000Z"
LIMITS = BuyerLimits(open_orders=3, tickets_per_event=10)


def event(status: str = "PUBLISHED", starts_at: str | None = "2030-01-01T20:00:00Z") -> Event:
    return Event("e1", "org", status, "Jazz", "2030-01-01T21:00:00", starts_at)


def ticket_type(kind: str = "STANDARD", amount: int = 1500, currency: str = "EUR", available: int = 10,
                event_id: str = "e1", max_per_order: int | None = None) -> TicketType:
    return TicketType(f"ett_{kind}", event_id, kind, None, Money(amount, currency), available, 0, max_per_order,
                      NOW, NOW)


def reserved(*wanted: Wanted, limits: BuyerLimits = LIMITS) -> Order:
    wanted_list = list(wanted) or [Wanted(ticket_type(), ["Ada", "Bob"])]
    return Order.reserve(event(), "buyer", wanted_list, limits, NOW, 1_900_000_000, "key").order


def types(order: Order) -> list[str]:
    return [e.type for e in order.events]


def test_a_reservation_is_a_pending_order_with_a_ticket_awaiting_payment_per_attendee() -> None:
    vip = ticket_type("VIP", amount=5000)
    reservation = Order.reserve(event(), "buyer", [Wanted(ticket_type(), ["Ada", "Bob"]), Wanted(vip, ["Cy"])],
                                LIMITS, NOW, 1_900_000_000, "key")
    order = reservation.order
    assert order.status == PENDING and order.user_id == "buyer" and order.event_id == "e1"
    assert order.amount == Money(2 * 1500 + 5000, "EUR")
    assert [(line.kind, line.quantity, line.unit_amount) for line in order.lines] == [("STANDARD", 2, 1500),
                                                                                   ("VIP", 1, 5000)]
    assert [t.attendee_name for t in reservation.tickets] == ["Ada", "Bob", "Cy"]
    assert {t.status for t in reservation.tickets} == {PENDING_PAYMENT}
    assert order.ticket_ids == [t.ticket_id for t in reservation.tickets]
    assert order.events == []  # reserving announces nothing; confirming or releasing does


@pytest.mark.parametrize(("status", "starts_at"), [("DRAFT", None), ("CANCELLED", None),
                                                   ("PUBLISHED", "2026-12-05T09:00:00Z")])
def test_nothing_is_reserved_for_an_event_not_on_sale(status: str, starts_at: str | None) -> None:
    with pytest.raises(NotOnSale):
        Order.reserve(event(status, starts_at), "buyer", [Wanted(ticket_type(), ["Ada"])], LIMITS, NOW, 1, "k")


def test_an_order_of_more_tickets_than_a_buyer_may_have_of_the_event_is_refused_even_as_the_first() -> None:
    """The per-event cap was a counter condition that a buyer's first order passed whatever its size."""
    with pytest.raises(TooManyTickets, match="at most 10 tickets"):
        reserved(Wanted(ticket_type(available=50), [f"G{n}" for n in range(11)]))
    assert len(reserved(Wanted(ticket_type(available=50), [f"G{n}" for n in range(10)])).ticket_ids) == 10


def test_stock_and_the_per_order_maximum_are_checked_as_read() -> None:
    with pytest.raises(Conflict, match='"VIP" is sold out'):
        ticket_type("VIP", available=1).require_available(2)
    with pytest.raises(ValidationFailed, match='At most 2 "STANDARD" tickets per order'):
        ticket_type(max_per_order=2).require_available(3)
    ticket_type(max_per_order=2, available=2).require_available(2)


def test_an_order_holds_tickets_of_one_event_in_one_currency() -> None:
    assert one_event_one_currency([Wanted(ticket_type(), ["A"]), Wanted(ticket_type("VIP"), ["B"])]) == "e1"
    with pytest.raises(ValidationFailed, match="one event"):
        one_event_one_currency([Wanted(ticket_type(), ["A"]), Wanted(ticket_type("VIP", event_id="e2"), ["B"])])
    with pytest.raises(ValidationFailed, match="one currency"):
        one_event_one_currency([Wanted(ticket_type(), ["A"]), Wanted(ticket_type("VIP", currency="USD"), ["B"])])


def test_confirming_completes_the_order_activates_its_tickets_and_frees_the_buyers_open_order() -> None:
    order = reserved()
    order.note_reason("payment_failed")  # a declined card before another one paid
    order.confirm("pi_1", NOW)
    assert (order.status, order.reason, order.payment_intent_id) == (COMPLETED, None, "pi_1")
    change = order.change
    assert change is not None and change.source == PENDING and change.leaves_pending
    assert change.tickets == TicketMove(tuple(order.ticket_ids), PENDING_PAYMENT, ACTIVE)
    assert (change.open_orders, change.event_tickets, change.stock_back) == (-1, 0, ())  # the tickets stay counted
    assert types(order) == ["payments.order.confirmed"]
    assert order.events[0].payload == {"orderId": order.order_id, "userId": "buyer", "eventId": "e1",
                                       "ticketCount": 2}


def test_releasing_cancels_the_order_fails_its_tickets_and_gives_back_stock_and_allowance() -> None:
    order = reserved()
    order.release("expired", NOW)
    assert (order.status, order.reason) == (CANCELLED, "expired")
    change = order.change
    assert change is not None and change.tickets == TicketMove(tuple(order.ticket_ids), PENDING_PAYMENT,
                                                               PAYMENT_FAILED)
    assert change.stock_back == (("ett_STANDARD", 2),)
    assert (change.open_orders, change.event_tickets) == (-1, -2)
    assert types(order) == ["payments.order.rejected"] and order.events[0].payload["reason"] == "expired"


def test_the_reason_noted_when_the_order_began_to_end_is_the_reason_it_ends_with() -> None:
    order = reserved()
    order.note_reason("cancelled_by_buyer")
    order.release("expired", NOW)  # Stripe's expiry webhook, after the buyer's cancel told Stripe
    assert order.reason == "cancelled_by_buyer" and order.events[0].payload["reason"] == "cancelled_by_buyer"


def test_an_order_reserved_before_the_buyer_counters_gives_nothing_back_to_them() -> None:
    order = reserved()
    order.counted = False
    order.release("expired", NOW)
    assert order.change is not None and (order.change.open_orders, order.change.event_tickets) == (0, 0)


@pytest.mark.parametrize("settle", [lambda o: o.confirm("pi_1", NOW), lambda o: o.release("expired", NOW)])
def test_an_order_that_left_pending_is_neither_confirmed_nor_released_again(settle) -> None:
    order = reserved()
    settle(order)
    for again in (lambda: order.confirm("pi_2", NOW), lambda: order.release("expired", NOW),
                  lambda: order.note_reason("expired"), lambda: order.attach_session("cs_1", None)):
        with pytest.raises(Settled):
            again()
    assert len(order.events) == 1


def test_only_a_pending_order_can_be_cancelled_by_its_buyer() -> None:
    order = reserved()
    order.require_cancellable()
    order.confirm(None, NOW)
    with pytest.raises(Conflict, match="Cannot cancel an order with status COMPLETED"):
        order.require_cancellable()


def test_a_late_payment_for_a_released_order_refunds_its_tickets_once() -> None:
    order = reserved()
    order.release("expired", NOW)
    assert order.refundable_late
    order.events.clear()
    order.refund_late_payment("pi_late", "re_1", NOW)
    change = order.change
    assert change is not None and change.source == CANCELLED and change.unrefunded
    assert change.tickets == TicketMove(tuple(order.ticket_ids), PAYMENT_FAILED, REFUNDED)
    assert order.events[0].payload == {"orderId": order.order_id, "userId": "buyer", "eventId": "e1",
                                       "ticketIds": order.ticket_ids, "amount": {"amount": 3000, "currency": "EUR"},
                                       "reason": "late_payment"}
    with pytest.raises(Settled):
        order.refund_late_payment("pi_late", "re_2", NOW)


def test_an_event_cancellation_voids_the_active_tickets_then_records_the_refund_once() -> None:
    order = reserved()
    order.confirm("pi_1", NOW)
    order.events.clear()
    first, used = order.ticket_ids  # the second went in at the door
    order.void([first], NOW)
    assert (order.status, order.reason) == (CANCELLED, EVENT_CANCELLED) and order.events == []
    assert order.change is not None and order.change.tickets == TicketMove((first,), ACTIVE, REFUNDED)
    assert order.awaits_cancellation_refund and not order.refundable_late  # a late webhook changes nothing
    from ticketing.domain import Ticket

    refunded = Ticket(first, order.order_id, "e1", "buyer", "ett_STANDARD", "STANDARD", "Ada", Money(1500, "EUR"),
                      NOW, REFUNDED)
    order.record_cancellation_refund([refunded], "re_1", NOW)
    assert order.events[0].payload["ticketIds"] == [first]
    assert order.events[0].payload["amount"] == {"amount": 1500, "currency": "EUR"}
    assert order.events[0].payload["reason"] == EVENT_CANCELLED
    with pytest.raises(Settled):
        order.record_cancellation_refund([refunded], "re_2", NOW)
    with pytest.raises(Settled):
        reserved().void([], NOW)  # only a paid (COMPLETED) order is voided


def test_the_terms_are_the_orders_own_session_amount_and_currency() -> None:
    order = reserved()
    order.attach_session("cs_1", "https://checkout.stripe.com/c/pay/cs_1")
    assert order.change is not None and order.change.fields == ("session_id", "session_url")
    assert (order.terms.session_id, order.terms.amount, order.terms.currency) == ("cs_1", 3000, "EUR")

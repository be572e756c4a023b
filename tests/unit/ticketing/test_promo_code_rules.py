"""Promo codes: their discounts and conditions on plain objects; on the ticketing table in in-process moto, the
uses counted in the reservation's transaction (a code used up refuses the whole reservation) and given back
once by a released order."""

from __future__ import annotations

import uuid

import pytest
from kernel.errors import ValidationFailed
from ticketing.domain import BuyerLimits, Event, Money, Order, TicketType, Wanted
from ticketing.domain.promo_codes import FIXED, PERCENT, CodeTaken, PromoCode, UsedUp

E1 = "5b0c8f0e-0d2c-4c1a-9b6e-2f1f7a3c9e01"
BUYER = str(uuid.UUID(int=9))
NOW = "2026-12-05T10:00:00.000Z"
LIMITS = BuyerLimits(open_orders=3, tickets_per_event=10)


def event() -> Event:
    return Event(E1, "org", "PUBLISHED", "Gig", None, "2027-01-10T20:00:00Z")


def kind(amount: int = 1999, name: str = "STANDARD", currency: str = "EUR", available: int = 10) -> TicketType:
    return TicketType(f"ett_{uuid.uuid4()}", E1, name, None, Money(amount, currency), available, 0, None, NOW, NOW)


def code(value: int = 10, kind_: str = PERCENT, types: tuple[str, ...] = (), max_uses: int = 10,
         valid: tuple[str | None, str | None] = (None, None), currency: str | None = None) -> PromoCode:
    return PromoCode.create(E1, "summer10", kind_, value, currency, list(types), max_uses, valid[0], valid[1], NOW)


def reservation(*wanted: tuple[TicketType, int]):
    return Order.reserve(event(), BUYER, [Wanted(t, [f"G{n}" for n in range(n)]) for t, n in wanted], LIMITS, NOW,
                         2_000_000_000, "k")


def test_a_percentage_comes_off_each_ticket_of_its_types_rounded_half_up_and_the_order_keeps_it() -> None:
    standard, vip = kind(1999), kind(5000, "VIP")
    reserved = reservation((standard, 2), (vip, 1))
    promo = code(10, types=(standard.ticket_type_id,))
    assert promo.code == "SUMMER10"
    assert promo.apply(reserved, NOW) == 2
    order = reserved.order
    assert [line.unit_amount for line in order.lines] == [1799, 5000]  # 199.9 -> 200 off
    assert order.amount == Money(2 * 1799 + 5000, "EUR")
    assert (order.promo_code, order.discount, order.promo_uses) == ("SUMMER10", 400, 2)
    assert sorted(t.price.amount for t in reserved.tickets) == [1799, 1799, 5000]


def test_a_fixed_amount_never_makes_a_price_negative_and_is_in_the_orders_currency() -> None:
    reserved = reservation((kind(500), 1))
    code(800, FIXED, currency="EUR").apply(reserved, NOW)
    assert reserved.order.amount == Money(0, "EUR") and reserved.order.discount == 500
    with pytest.raises(ValidationFailed):
        code(100, FIXED, currency="USD").apply(reservation((kind(500), 1)), NOW)
    with pytest.raises(ValidationFailed):
        code(100, FIXED)  # a fixed amount names its currency


@pytest.mark.parametrize(("promo", "why"), [
    (lambda: code(valid=("2026-12-06T00:00:00.000Z", None)), "valid from"),
    (lambda: code(valid=(None, "2026-12-04T00:00:00.000Z")), "expired"),
    (lambda: code(types=("ett_other",)), "other ticket types"),
])
def test_a_code_outside_its_window_or_types_is_refused_and_changes_nothing(promo, why: str) -> None:
    reserved = reservation((kind(1000), 1))
    with pytest.raises(ValidationFailed, match=why):
        promo().apply(reserved, NOW)
    assert reserved.order.amount == Money(1000, "EUR") and reserved.order.promo_code is None


def test_a_disabled_or_used_up_code_is_refused() -> None:
    disabled = code()
    disabled.disable()
    with pytest.raises(ValidationFailed, match="disabled"):
        disabled.apply(reservation((kind(), 1)), NOW)
    nearly = code(max_uses=3)
    nearly.uses = 2
    with pytest.raises(UsedUp):
        nearly.apply(reservation((kind(), 2)), NOW)  # two tickets, one use left


def test_a_percentage_is_one_to_a_hundred_and_a_window_ends_after_it_starts() -> None:
    for bad in (0, 101):
        with pytest.raises(ValidationFailed):
            code(bad)
    with pytest.raises(ValidationFailed):
        code(valid=("2026-12-06T00:00:00.000Z", "2026-12-05T00:00:00.000Z"))


# --- on the table ---

def stocked() -> TicketType:
    from ticketing import replicas
    from ticketing.store import ticket_types

    replicas.keep({"eventId": E1, "creatorId": "org"}, NOW, "PUBLISHED")
    created = TicketType.create(replicas.event(E1), f"ett_{uuid.uuid4()}", "STANDARD", None, Money(1000, "EUR"), 10,
                                None, NOW)
    ticket_types.add(created)
    return created


def test_uses_are_counted_with_the_reservation_and_a_used_up_code_writes_nothing(table) -> None:
    from ticketing.store import orders, ticket_types
    from ticketing.store import promo_codes as promo_store

    standard = stocked()
    promo = PromoCode.create(E1, f"T{uuid.uuid4().hex[:8]}", PERCENT, 50, None, [], 3, None, None, NOW)
    promo_store.add(promo)
    with pytest.raises(CodeTaken):
        promo_store.add(promo)
    first = reservation((ticket_types.require(standard.ticket_type_id), 2))
    promo_store.require(E1, promo.code).apply(first, NOW)
    first.promo = promo_store.require(E1, promo.code)
    orders.add(first)
    assert promo_store.require(E1, promo.code).uses == 2
    stale = reservation((ticket_types.require(standard.ticket_type_id), 2))
    promo.apply(stale, NOW)  # as read before the first reservation: 0 uses
    stale.promo = promo
    with pytest.raises(UsedUp):
        orders.add(stale)  # 2 + 2 > 3: nothing of the reservation is written
    assert ticket_types.require(standard.ticket_type_id).available == 8
    assert orders.find(stale.order.order_id) is None
    saved = orders.require(first.order.order_id)
    assert (saved.promo_code, saved.discount, saved.promo_uses, saved.amount.amount) == (promo.code, 1000, 2, 1000)

    saved.release("expired", NOW)
    assert orders.save(saved)
    released = orders.require(first.order.order_id)
    assert promo_store.give_back(released)
    assert not promo_store.give_back(released)  # once
    assert promo_store.require(E1, promo.code).uses == 0

"""The payment rules without AWS: what confirms an order (its own session, paid, for its amount and currency),
when a late payment goes back, and what a Checkout Session offers."""

from __future__ import annotations

import pytest
from ticketing.domain import CANCELLED, COMPLETED, PENDING, REJECTION_REASONS, Event, OrderTerms, refundable_late

TERMS = OrderTerms(session_id="cs_test_ours", amount=9800, currency="EUR")


def session(**changes: object) -> dict:
    return {"id": "cs_test_ours", "object": "checkout.session", "mode": "payment", "status": "complete",
            "payment_status": "paid", "amount_total": 9800, "currency": "eur", "payment_intent": "pi_1",
            "metadata": {"orderId": "order_1"}, **changes}


def test_the_orders_own_paid_session_pays_it() -> None:
    assert TERMS.mismatch(session()) is None
    assert TERMS.paid_by(session())


@pytest.mark.parametrize(("changes", "problem"), [
    ({"id": "cs_test_someone_elses"}, "not the order's checkout session"),  # M1: metadata names our order
    ({"mode": "subscription"}, "not payment"),
    ({"amount_total": 50}, "amount 50"),
    ({"currency": "usd"}, "currency 'usd'"),
])
def test_another_session_naming_the_order_does_not_pay_it(changes: dict, problem: str) -> None:
    assert problem in (TERMS.mismatch(session(**changes)) or "")
    assert not TERMS.paid_by(session(**changes))


def test_an_order_whose_session_is_not_known_is_paid_by_no_session() -> None:
    assert OrderTerms(None, 9800, "EUR").mismatch(session()) == "not the order's checkout session"


@pytest.mark.parametrize("changes", [{"payment_status": "unpaid"}, {"status": "open", "payment_status": "unpaid"},
                                     {"status": "expired", "payment_status": "unpaid"}])
def test_a_session_that_is_not_paid_yet_pays_nothing(changes: dict) -> None:
    """H2: a delayed method (SEPA, vouchers) completes the session unpaid; only async_payment_succeeded pays."""
    assert TERMS.mismatch(session(**changes)) is None
    assert not TERMS.paid_by(session(**changes))


@pytest.mark.parametrize("reason", REJECTION_REASONS)
def test_a_late_payment_for_an_order_released_without_one_goes_back_once(reason: str) -> None:
    assert refundable_late(CANCELLED, reason, None)
    assert not refundable_late(CANCELLED, reason, "re_already")


@pytest.mark.parametrize(("status", "reason"), [(CANCELLED, "event_cancelled"), (COMPLETED, None),
                                                (PENDING, None), (CANCELLED, None)])
def test_a_late_payment_for_an_order_that_was_paid_is_not_refunded_again(status: str, reason: str | None) -> None:
    """L11: an order voided by its event's cancellation was refunded by it (tickets maybe used at the door)."""
    assert not refundable_late(status, reason, None)


def test_checkout_sessions_offer_cards_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """H2: no delayed method the Stripe Dashboard may enable is offered (they complete sessions unpaid)."""
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://eventonight.example")
    monkeypatch.setenv("CHECKOUT_HOLD_SECONDS", "900")
    from ticketing.checkout import session_params
    from ticketing.domain import Money, Order, OrderLine

    order = Order("order_1", "u1", "e1", PENDING, ["ticket_1"], [OrderLine("ett_1", "STANDARD", 1, 1500)],
                  Money(1500, "EUR"), "2026-12-05T00:00:00.000Z", 0, cancel_key="k")
    event = Event(event_id="e1", creator_id="org", status="PUBLISHED", title="Jazz", date=None, starts_at=None)
    params = session_params(order, event)
    assert params["payment_method_types"] == ["card"] and params["mode"] == "payment"

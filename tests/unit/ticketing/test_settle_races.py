"""Two of a PENDING order's enders at once (the saga's hold timeout, Stripe's webhooks, the buyer's cancel), on
the template's table in moto, the interleaving played step by step: what one decided from the order as it read
it does not write over what the other noted meanwhile."""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

import boto3
import pytest

pytestmark = pytest.mark.usefixtures("table")  # the conftest's table, emptied after each test


def _pending_order() -> str:
    """A PENDING order (no Checkout Session yet: ending it asks nothing of Stripe) of an event on sale."""
    from ticketing import replicas
    from ticketing.domain import BuyerLimits, Money, Order, TicketType, Wanted, now_iso
    from ticketing.store import orders, ticket_types

    event_id = str(uuid.uuid4())
    replicas.keep({"eventId": event_id, "creatorId": "org", "startsAt": "2030-01-01T20:00:00Z"},
                  "2026-12-05T10:00:00.000Z", "PUBLISHED")
    event = replicas.event(event_id)
    created = TicketType.create(event, f"ett_{uuid.uuid4()}", "STANDARD", None, Money(1500, "EUR"), 5, None,
                                now_iso())
    ticket_types.add(created)
    reservation = Order.reserve(event, str(uuid.uuid4()), [Wanted(created, ["Ada"])], BuyerLimits(3, 10),
                                now_iso(), 1_900_000_000, "key")
    orders.add(reservation)
    return reservation.order.order_id


def _rejections(order_id: str) -> list[dict[str, Any]]:
    items = boto3.client("dynamodb").scan(TableName=os.environ["TABLE_NAME"])["Items"]
    envelopes = [json.loads(item["envelope"]["S"]) for item in items if item["PK"]["S"].startswith("OUTBOX#")]
    return [e["payload"] for e in envelopes
            if e["eventType"] == "payments.order.rejected" and e["payload"]["orderId"] == order_id]


def test_a_declined_cards_reason_noted_after_the_hold_end_read_the_order_is_the_reason_it_ends_with() -> None:
    """The hold ends (the saga's timeout reads the order: no reason yet); the webhook of a declined card notes
    `payment_failed`; then the timeout, which would note `expired` only over no reason, ends the order."""
    from ticketing import settle
    from ticketing.store import orders

    order_id = _pending_order()
    read_at_the_hold_end = orders.require(order_id)
    settle.note(orders.require(order_id), "payment_failed")  # the webhook
    assert settle.close_checkout(read_at_the_hold_end, "expired") == "released"
    ended = orders.require(order_id)
    assert (ended.status, ended.reason) == ("CANCELLED", "payment_failed")
    assert [r["reason"] for r in _rejections(order_id)] == ["payment_failed"]


def test_a_reason_noted_after_a_release_read_the_order_is_the_reason_it_ends_with() -> None:
    """Stripe's expiry webhook reads the order, a declined card's webhook notes its reason, then the expiry
    releases the order: with the reason noted, as if it had come first."""
    from ticketing import settle
    from ticketing.store import orders

    order_id = _pending_order()
    read_by_the_expiry = orders.require(order_id)
    settle.note(orders.require(order_id), "payment_failed")
    assert settle.ended(read_by_the_expiry, "expired") == "released"
    assert orders.require(order_id).reason == "payment_failed"
    assert [r["reason"] for r in _rejections(order_id)] == ["payment_failed"]


def test_a_buyers_cancel_is_the_reason_over_a_declined_card_and_an_ended_order_is_not_ended_again() -> None:
    from ticketing import settle
    from ticketing.store import orders

    order_id = _pending_order()
    settle.note(orders.require(order_id), "payment_failed")
    assert settle.close_checkout(orders.require(order_id), "cancelled_by_buyer") == "released"
    assert orders.require(order_id).reason == "cancelled_by_buyer"
    assert settle.ended(orders.require(order_id), "expired") == "unchanged"
    assert [r["reason"] for r in _rejections(order_id)] == ["cancelled_by_buyer"]

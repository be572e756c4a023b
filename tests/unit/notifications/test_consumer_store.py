"""The consumer's handlers against the template's table (in-process moto): the same business fact told again
under a new eventId (past kernel.consumer's per-eventId dedupe) stores no second notification and counts no
second unread one (test audit §3.8)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from support.context_tables import context_table

BUYER, ORGANIZER, AT = "member-1", "org-1", "2026-11-22T02:00:00.000Z"


@pytest.fixture(autouse=True)
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with context_table("notifications") as name:
        monkeypatch.setenv("TABLE_NAME", name)
        yield


def envelope(event_type: str, payload: dict) -> dict:
    return {"eventId": str(uuid.uuid4()), "eventType": event_type, "version": 1, "occurredAt": AT,
            "producer": "test", "payload": payload}


@pytest.mark.parametrize(("event_type", "handler", "payload", "recipient"), [
    ("payments.order.confirmed", "on_order_confirmed",
     {"orderId": "order_1", "userId": BUYER, "eventId": "e-1", "ticketCount": 2}, BUYER),
    ("payments.order.refunded", "on_order_refunded",
     {"orderId": "order_1", "userId": BUYER, "eventId": "e-1", "ticketIds": ["t-1"], "reason": "event_cancelled",
      "amount": {"amount": 3000, "currency": "EUR"}}, BUYER),
    ("interactions.like.created", "on_like",
     {"eventId": "e-1", "eventName": "Jazz", "userId": BUYER, "creatorId": ORGANIZER}, ORGANIZER),
    ("interactions.follow.created", "on_follow", {"followerId": BUYER, "followedId": ORGANIZER}, ORGANIZER),
])
def test_a_fact_told_again_under_a_new_event_id_notifies_once(event_type: str, handler: str, payload: dict,
                                                              recipient: str) -> None:
    from notifications import inbox
    from notifications.handlers import consume

    first, copy = envelope(event_type, payload), envelope(event_type, payload)
    assert first["eventId"] != copy["eventId"]
    for message in (first, copy):
        getattr(consume, handler)(message)
    notes, _ = inbox.page(recipient, unread_only=False, limit=10, start_key=None)
    assert len(notes) == 1 and inbox.unread_count(recipient) == 1

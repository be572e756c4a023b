"""The refund queue's messages: a cancelled event's refunds go one order per message (handlers/refund_work.py
works them), so that one order's trouble (Stripe down, a ticket at the door) retries and dead-letters only that
order.

    {"kind": "event", "eventId": <e>, "cursor": <the page's start key, JSON> | null}
    {"kind": "order", "orderId": <o>}
"""

from __future__ import annotations

import json
import os
from typing import Any

from kernel.aws import client

from . import replicas
from .domain.events import CANCELLED

BATCH = 10  # SendMessageBatch's limit


def enqueue(messages: list[dict[str, Any]]) -> None:
    queue_url = os.environ["REFUND_QUEUE_URL"]
    for start in range(0, len(messages), BATCH):
        entries = [{"Id": str(i), "MessageBody": json.dumps(m)} for i, m in enumerate(messages[start:start + BATCH])]
        result = client("sqs").send_message_batch(QueueUrl=queue_url, Entries=entries)
        if result.get("Failed"):  # the message comes back and sends its page again: order messages are idempotent
            raise RuntimeError(f"the refund queue refused {len(result['Failed'])} messages")


def on_event_cancelled(envelope: dict[str, Any]) -> None:
    """event.cancelled (ticketing's queue): record the status first (no new reservation, no admission from now
    on), then hand the refunds to the refund queue, a page of tickets at a time."""
    payload = envelope["payload"]
    replicas.keep(payload, envelope["occurredAt"], CANCELLED)
    enqueue([{"kind": "event", "eventId": payload["eventId"], "cursor": None}])


def on_order_confirmed(envelope: dict[str, Any]) -> None:
    """payments.order.confirmed (our own): an order reserved before the event was cancelled and paid after its
    tickets were refunded is refunded too. Whatever the interleaving, either the cancellation's pages see its
    ACTIVE tickets or this message finds the event already CANCELLED."""
    payload = envelope["payload"]
    event = replicas.event(payload["eventId"])
    if event is not None and event.status == CANCELLED:
        enqueue([{"kind": "order", "orderId": payload["orderId"]}])

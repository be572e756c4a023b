"""The refund queue: a cancelled event's refunds, one message per order, so that no invocation refunds more than
one order and one order's trouble (Stripe down, a ticket at the door) holds up, retries and dead-letters only
that order. A page of the event's tickets becomes one message per order on it (and one for the next page).

    {"kind": "event", "eventId": <e>, "cursor": <the page's start key, JSON> | null}
    {"kind": "order", "orderId": <o>}

Redelivery is safe: every step of `refunds.refund_order` is conditional and the Stripe refund has the order's
idempotency key, so an order message handled twice (or twice at once) refunds once.
"""

from __future__ import annotations

import json
import os
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from kernel.aws import client
from kernel.table import page

from . import refunds, replicas, tickets
from .store import OrderItem, TicketItem, get, order_key

logger = Logger()
processor = BatchProcessor(event_type=EventType.SQS)
PAGE = 25  # tickets read per message: a handful of orders' worth, so a page message stays short
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
    replicas.keep(payload, envelope["occurredAt"], refunds.CANCELLED)
    enqueue([{"kind": "event", "eventId": payload["eventId"], "cursor": None}])


def on_order_confirmed(envelope: dict[str, Any]) -> None:
    """payments.order.confirmed (our own): an order reserved before the event was cancelled and paid after its
    tickets were refunded is refunded too. Whatever the interleaving, either the cancellation's pages see its
    ACTIVE tickets or this message finds the event already CANCELLED."""
    payload = envelope["payload"]
    event = tickets.event(payload["eventId"])
    if event is not None and event.status == refunds.CANCELLED:
        enqueue([{"kind": "order", "orderId": payload["orderId"]}])


def _event_page(message: dict[str, Any]) -> None:
    cursor = message.get("cursor")
    found, last_key = page(TicketItem.by_event, f"EVENT#{message['eventId']}#TICKETS", PAGE,
                           json.loads(cursor) if cursor else None, newest_first=False,
                           filter_condition=TicketItem.status.is_in(refunds.ACTIVE, refunds.REFUNDED))
    work: list[dict[str, Any]] = [{"kind": "order", "orderId": o} for o in dict.fromkeys(t.orderId for t in found)]
    if last_key:
        work.append({**message, "cursor": json.dumps(last_key)})
    enqueue(work)


def _order(message: dict[str, Any]) -> None:
    """Only an order of a cancelled event is refunded, whoever sent the message."""
    order = get(OrderItem, *order_key(message["orderId"]))
    if order is None:
        return
    event = tickets.event(order.eventId)
    if event is None or event.status != refunds.CANCELLED:
        logger.warning("not refunded: the event is not cancelled", extra={"orderId": order.orderId})
        return
    refunds.refund_order(order)


def on_record(record: Any) -> None:
    message = json.loads(record.body)
    if message["kind"] == "event":
        _event_page(message)
    else:
        _order(message)


@logger.inject_lambda_context
def handler(event: dict, context: Any) -> Any:
    return process_partial_response(event=event, record_handler=on_record, processor=processor, context=context)

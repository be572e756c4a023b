"""The refund queue's worker (messages: refund_queue.py): no invocation refunds more than one order. A page of
the event's tickets becomes one message per order on it (and one for the next page).

Redelivery is safe: every step of `refunds.refund_order` is conditional and the Stripe refund has the order's
idempotency key, so an order message handled twice (or twice at once) refunds once.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from .. import refund_queue, refunds, replicas
from ..domain import ACTIVE, REFUNDED
from ..domain.events import CANCELLED
from ..store import orders as order_store
from ..store import tickets as ticket_store

logger = Logger()
processor = BatchProcessor(event_type=EventType.SQS)
PAGE = 25  # tickets read per message: a handful of orders' worth, so a page message stays short


def _event_page(message: dict[str, Any]) -> None:
    cursor = message.get("cursor")
    found, last_key = ticket_store.event_page(message["eventId"], (ACTIVE, REFUNDED), PAGE,
                                              json.loads(cursor) if cursor else None)
    work: list[dict[str, Any]] = [{"kind": "order", "orderId": o} for o in dict.fromkeys(t.order_id for t in found)]
    if last_key:
        work.append({**message, "cursor": json.dumps(last_key)})
    refund_queue.enqueue(work)


def _order(message: dict[str, Any]) -> None:
    """Only an order of a cancelled event is refunded, whoever sent the message."""
    order = order_store.find(message["orderId"])
    if order is None:
        return
    event = replicas.event(order.event_id)
    if event is None or event.status != CANCELLED:
        logger.warning("not refunded: the event is not cancelled", extra={"orderId": order.order_id})
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

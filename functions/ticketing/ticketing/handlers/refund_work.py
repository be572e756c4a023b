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
from kernel.table import page

from .. import refund_queue, refunds, tickets
from ..store import OrderItem, TicketItem, get, order_key

logger = Logger()
processor = BatchProcessor(event_type=EventType.SQS)
PAGE = 25  # tickets read per message: a handful of orders' worth, so a page message stays short


def _event_page(message: dict[str, Any]) -> None:
    cursor = message.get("cursor")
    found, last_key = page(TicketItem.by_event, f"EVENT#{message['eventId']}#TICKETS", PAGE,
                           json.loads(cursor) if cursor else None, newest_first=False,
                           filter_condition=TicketItem.status.is_in(refunds.ACTIVE, refunds.REFUNDED))
    work: list[dict[str, Any]] = [{"kind": "order", "orderId": o} for o in dict.fromkeys(t.orderId for t in found)]
    if last_key:
        work.append({**message, "cursor": json.dumps(last_key)})
    refund_queue.enqueue(work)


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

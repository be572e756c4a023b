"""The announce queue. An announcement (its delay is the coalescing window): an event's new time and place, told
once to each holder of a valid ticket. The pending mark goes first, so an update from now on opens a window of
its own; what is told is the newest the ledger holds, and nothing when it is what holders were told already (a
change undone, or a second window that found the first one's letter sent). Holders' work messages (no delay,
mail/holders_of.py): a letter to one page of an event's holders."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from .. import replicas
from ..domain.events import CANCELLED
from ..mail import ledger, rules
from ..mail.holders_of import to_holders, work

processor = BatchProcessor(event_type=EventType.SQS)


def announce(event_id: str) -> None:
    ledger.clear_pending(event_id)
    item = ledger.current(event_id)
    if item is None:
        return
    now = ledger.whereabouts(item)
    event = replicas.event(event_id)
    if not rules.to_announce(item.told, now) or (event is not None and event.status == CANCELLED):
        return
    to_holders("changed", event_id, now)
    ledger.told(event_id, now)  # False: a newer time or place came meanwhile, its announcement tells it


def _record(record: Any) -> None:
    message = json.loads(record.body)
    if message.get("kind") == "holders":
        work(message)
    else:
        announce(message["eventId"])


def handler(event: dict, context: Any) -> dict:
    return process_partial_response(event=event, record_handler=_record, processor=processor, context=context)

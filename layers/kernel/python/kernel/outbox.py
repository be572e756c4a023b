"""The outbox: a domain event is an item written in the same transaction as the state change it reports.

The table's stream carries it to the relay (kernel.relay), which puts it on the bus; a TTL removes it later.
"""

from __future__ import annotations

import json
import os
import time
from functools import cache
from typing import Any

from .events import envelope

RETENTION_SECONDS = 7 * 24 * 3600


@cache
def _record_model(table_name: str) -> Any:
    from pynamodb.attributes import NumberAttribute, UnicodeAttribute
    from pynamodb.models import Model

    from .aws import region

    class OutboxRecord(Model):
        class Meta:
            pass

        PK = UnicodeAttribute(hash_key=True)
        SK = UnicodeAttribute(range_key=True)
        envelope = UnicodeAttribute()
        expiresAt = NumberAttribute()

    OutboxRecord.Meta.table_name = table_name
    OutboxRecord.Meta.region = region()
    return OutboxRecord


def record(event: dict[str, Any], table_name: str | None = None) -> Any:
    """The outbox item of an event, as a PynamoDB model instance to `save` inside a TransactWrite."""
    model = _record_model(table_name or os.environ["TABLE_NAME"])
    return model(PK=f"OUTBOX#{event['eventId']}", SK="EVENT", envelope=json.dumps(event),
                 expiresAt=int(time.time()) + RETENTION_SECONDS)


def add(transaction: Any, event_type: str, producer: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Create the event and save its outbox item in `transaction` (a pynamodb TransactWrite)."""
    event = envelope(event_type, producer, payload)
    item = record(event)
    transaction.save(item, condition=type(item).PK.does_not_exist())
    return event

"""The outbox relay: each context's table stream -> the `eventonight` bus.

Wired in the template with a FilterCriteria that passes only INSERTs of `OUTBOX#` items, in order, with
`ReportBatchItemFailures`: a record that cannot be published stops the batch there, so the stream retries from
it and nothing after it overtakes it.
"""

from __future__ import annotations

import json
import os
from typing import Any

from aws_lambda_powertools import Logger

from .aws import client
from .events import validate

logger = Logger()
PUT_EVENTS_BATCH = 10


def _entry(event: dict[str, Any]) -> dict[str, Any]:
    return {"Source": f"eventonight.{event['producer']}", "DetailType": event["eventType"],
            "Detail": json.dumps(event), "EventBusName": os.environ["EVENT_BUS_NAME"]}


@logger.inject_lambda_context
def handler(stream_event: dict[str, Any], context: Any) -> dict[str, Any]:
    records = stream_event.get("Records", [])
    for start in range(0, len(records), PUT_EVENTS_BATCH):
        batch = records[start:start + PUT_EVENTS_BATCH]
        events = [json.loads(r["dynamodb"]["NewImage"]["envelope"]["S"]) for r in batch]
        for event in events:
            validate(event)  # a producer that broke its contract must not reach consumers
        result = client("events").put_events(Entries=[_entry(e) for e in events])
        if result.get("FailedEntryCount"):
            first = next(i for i, entry in enumerate(result["Entries"]) if "ErrorCode" in entry)
            logger.warning("publishing failed", extra={"error": result["Entries"][first].get("ErrorMessage")})
            return {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]}
                                          for r in records[start + first:]]}
        logger.info("relayed events", extra={"eventTypes": [e["eventType"] for e in events]})
    return {"batchItemFailures": []}

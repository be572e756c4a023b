"""The outbox relay: each context's table stream -> the `eventonight` bus.

Wired in the template with a FilterCriteria that passes only INSERTs of `OUTBOX#` items, in order, with
`ReportBatchItemFailures`: a record that cannot be published stops the batch there, so the stream retries from
it and nothing after it overtakes it. A record that breaks its schema would fail the same way on every retry:
it goes to the context's OutboxFailures queue at once (OUTBOX_FAILURES_QUEUE_URL) and the records after it
are published.
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


def _event(record: dict[str, Any]) -> dict[str, Any] | None:
    """The record's event, or None once a malformed one is set aside in OutboxFailures."""
    raw = record["dynamodb"]["NewImage"]["envelope"]["S"]
    try:
        event = json.loads(raw)
        validate(event)  # a producer that broke its contract must not reach consumers
        return event
    except Exception as error:  # noqa: BLE001 - not JSON, unknown type, schema violation: all the same here
        logger.error("outbox item breaks its schema: set aside", extra={"error": str(error)[:500]})
        body = {"condition": "SchemaInvalid", "error": str(error)[:2000], "eventSourceARN": record.get(
            "eventSourceARN"), "sequenceNumber": record["dynamodb"]["SequenceNumber"], "envelope": raw}
        client("sqs").send_message(QueueUrl=os.environ["OUTBOX_FAILURES_QUEUE_URL"], MessageBody=json.dumps(body))
        return None


def _failed_from(records: list[dict[str, Any]], index: int) -> dict[str, Any]:
    return {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in records[index:]]}


@logger.inject_lambda_context
def handler(stream_event: dict[str, Any], context: Any) -> dict[str, Any]:
    records = stream_event.get("Records", [])
    position = 0
    while position < len(records):
        batch: list[tuple[int, dict[str, Any]]] = []  # (index in records, event)
        while position < len(records) and len(batch) < PUT_EVENTS_BATCH:
            try:
                event = _event(records[position])
            except Exception:  # noqa: BLE001 - could not set it aside: retry from here, after what is ready
                logger.exception("could not set an invalid outbox item aside")
                return _publish(records, batch) or _failed_from(records, position)
            if event is not None:
                batch.append((position, event))
            position += 1
        failed = _publish(records, batch)
        if failed:
            return failed
    return {"batchItemFailures": []}


def _publish(records: list[dict[str, Any]], batch: list[tuple[int, dict[str, Any]]]) -> dict[str, Any] | None:
    """Put the batch's events; the partial batch response from the first one refused, or None."""
    if not batch:
        return None
    result = client("events").put_events(Entries=[_entry(e) for _, e in batch])
    if result.get("FailedEntryCount"):
        first = next(i for i, entry in enumerate(result["Entries"]) if "ErrorCode" in entry)
        logger.warning("publishing failed", extra={"error": result["Entries"][first].get("ErrorMessage")})
        return _failed_from(records, batch[first][0])
    # DEBUG: a line per batch of every context drowned `eventonight up`'s banner and the functions' own output
    logger.debug("relayed events", extra={"eventTypes": [e["eventType"] for _, e in batch]})
    return None

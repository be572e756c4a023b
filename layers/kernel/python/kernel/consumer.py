"""Consuming other contexts' domain events from the context's SQS queue: idempotent on `eventId`.

    handler = consumer.entrypoint({"user.created": on_user_created, ...}, repeatable={"user.created"})

Each SQS record holds the EventBridge event whose `detail` is the envelope. A handler runs at most once per
eventId (powertools idempotency, records in the context's own table), unless its event type is `repeatable`: a
handler whose every write is guarded by the version it applies (kernel.replica's newest-wins updates) has the
same effect however often it runs, and a record would only add a PutItem and an UpdateItem to each message (two
of a replica's three writes; every registration's user.created reaches five contexts). A failing record is
reported alone (partial batch response) and comes back later, or ends in the queue's DLQ. A copy of an event that
another invocation is applying right now comes back after a few seconds, not after the queue's visibility timeout.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyAlreadyInProgressError
from aws_lambda_powertools.utilities.idempotency.persistence.dynamodb import DynamoDBPersistenceLayer

from .aws import client
from .events import validate

logger = Logger()
Handler = Callable[[dict[str, Any]], None]  # receives the whole envelope
RETRY_IN_PROGRESS_SECONDS = 5


@cache
def _persistence() -> DynamoDBPersistenceLayer:
    """The idempotency records go through the worker's one DynamoDB client, the context's models' (building a
    client of its own cost each consumer's worker a botocore client at its first message: more than the write)."""
    from .unit_of_work import connection

    return DynamoDBPersistenceLayer(table_name=os.environ["TABLE_NAME"], key_attr="PK", sort_key_attr="SK",
                                    expiry_attr="expiresAt", boto3_client=connection().client)


def entrypoint(handlers: dict[str, Handler], repeatable: Iterable[str] = ()) -> Callable[[dict, Any], dict]:
    """A Lambda handler for the context's queue that dispatches each envelope by its eventType; the handlers of
    the `repeatable` event types run without an idempotency record (they must be safe to apply again)."""
    repeatable = frozenset(repeatable)
    if repeatable - handlers.keys():
        raise ValueError(f"repeatable event types without a handler: {sorted(repeatable - handlers.keys())}")
    config = IdempotencyConfig(event_key_jmespath="eventId", expires_after_seconds=14 * 24 * 3600)

    def run_once(envelope: dict[str, Any]) -> None:
        @idempotent_function(data_keyword_argument="envelope", config=config, persistence_store=_persistence())
        def apply(envelope: dict[str, Any]) -> dict[str, str]:
            handlers[envelope["eventType"]](envelope)
            return {"applied": envelope["eventId"]}

        apply(envelope=envelope)

    def on_record(record: Any) -> None:
        envelope = json.loads(record.body)["detail"]
        validate(envelope)
        if envelope["eventType"] not in handlers:
            logger.warning("no handler", extra={"eventType": envelope["eventType"]})
            return
        if envelope["eventType"] in repeatable:
            handlers[envelope["eventType"]](envelope)
            return
        try:
            run_once(envelope)
        except IdempotencyAlreadyInProgressError:
            _retry_soon(record)
            raise

    def _retry_soon(record: Any) -> None:
        _, _, _, region, account, name = record.event_source_arn.split(":")
        queue_url = f"https://sqs.{region}.amazonaws.com/{account}/{name}"  # the SQS event role may not GetQueueUrl
        client("sqs").change_message_visibility(QueueUrl=queue_url, ReceiptHandle=record.receipt_handle,
                                                VisibilityTimeout=RETRY_IN_PROGRESS_SECONDS)

    processor = BatchProcessor(event_type=EventType.SQS)

    @logger.inject_lambda_context
    def handler(event: dict, context: Any) -> dict:
        config.register_lambda_context(context)
        return process_partial_response(event=event, record_handler=on_record, processor=processor,
                                        context=context)

    handler.event_types = frozenset(handlers)  # type: ignore[attr-defined]  # read by tests/contract/test_wiring.py
    return handler

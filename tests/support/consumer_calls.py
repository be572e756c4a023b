"""A context's consumer (kernel.consumer.entrypoint) called in-process as Lambda's SQS event source calls it: the
unit tier's handler-level tests of repeated and out-of-order delivery, on a context table (context_tables.py).

    deliver(consume.handler, published, copy_of(published))   # each envelope in a batch of its own
    assert not idempotency_records()                          # a repeatable event type writes none
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[2] / "events_schema" / "examples"
QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:context-queue"


@dataclass
class LambdaContext:
    function_name: str = "ContextConsume"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:eu-west-1:123456789012:function:ContextConsume"
    aws_request_id: str = "request-1"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def envelope(event_type: str, occurred_at: str, **payload: Any) -> dict[str, Any]:
    """The contract's example of `event_type` (events_schema/examples) as a new fact: a fresh eventId, this
    occurredAt, and these payload fields over the example's."""
    example = json.loads((EXAMPLES / f"{event_type}.json").read_text())
    return {**example, "eventId": str(uuid.uuid4()), "occurredAt": occurred_at,
            "payload": {**example["payload"], **payload}}


def sqs_event(envelope: dict[str, Any]) -> dict[str, Any]:
    """One SQS record holding the EventBridge event whose detail is the envelope."""
    return {"Records": [{
        "messageId": str(uuid.uuid4()), "receiptHandle": "handle", "body": json.dumps({"detail": envelope}),
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "0", "SenderId": "x",
                       "ApproximateFirstReceiveTimestamp": "0"},
        "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs", "eventSourceARN": QUEUE_ARN,
        "awsRegion": "eu-west-1"}]}


def deliver(handler: Any, *envelopes: dict[str, Any]) -> None:
    """Each envelope delivered in a batch of its own, in this order; none may fail."""
    from kernel import consumer

    consumer._persistence.cache_clear()  # an idempotency layer whose client is this moto's
    for each in envelopes:
        assert handler(sqs_event(each), LambdaContext()) == {"batchItemFailures": []}, each["eventType"]


def idempotency_records() -> list[dict[str, Any]]:
    """The kernel.consumer idempotency records in the context's table (TABLE_NAME)."""
    import os

    import boto3
    from kernel.aws import region

    table = boto3.resource("dynamodb", region_name=region()).Table(os.environ["TABLE_NAME"])
    # powertools' key with a sort key: PK "idempotency#<function>", SK the hash of the eventId
    return [item for item in table.scan()["Items"] if item["PK"].startswith("idempotency#")]

"""The outbox relay sets a schema-invalid outbox item aside in its context's OutboxFailures queue at once: the
items after it reach the bus without waiting for the stream's retries (20, with backoff) to give up on it."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

from support.bus import BusTap
from support.platform import Platform
from support.polling import eventually

EXAMPLE = Path(__file__).resolve().parents[2] / "events_schema" / "examples" / "payments.order.refunded.json"


def outbox_item(envelope: dict | str) -> dict:
    text = envelope if isinstance(envelope, str) else json.dumps(envelope)
    event_id = json.loads(text)["eventId"]
    return {"PutRequest": {"Item": {"PK": {"S": f"OUTBOX#{event_id}"}, "SK": {"S": "EVENT"}, "envelope": {"S": text},
                                    "expiresAt": {"N": str(int(time.time()) + 3600)}}}}


def test_a_schema_invalid_outbox_item_is_set_aside_and_the_next_ones_are_relayed(platform: Platform) -> None:
    ddb, sqs = platform.cloud.client("dynamodb"), platform.cloud.client("sqs")
    table = next(n for n in ddb.list_tables()["TableNames"] if n.startswith("eventonight-TicketingContext"))
    failures = next(u for u in sqs.list_queues(QueueNamePrefix="eventonight-TicketingContext")["QueueUrls"]
                    if u.endswith("-OutboxFailures"))
    valid = {**json.loads(EXAMPLE.read_text()), "eventId": str(uuid.uuid4())}
    valid["payload"] = {**valid["payload"], "orderId": f"order_{uuid.uuid4()}"}
    broken = {**valid, "eventId": str(uuid.uuid4()), "payload": {"orderId": "no amount, no reason"}}

    with BusTap(platform.cloud, "ticketing") as tap:  # the tap checks every envelope it receives: none is broken
        ddb.batch_write_item(RequestItems={table: [outbox_item(broken), outbox_item(valid)]})  # one stream batch
        relayed = tap.wait_for("payments.order.refunded", orderId=valid["payload"]["orderId"])
        assert relayed["eventId"] == valid["eventId"]

    def set_aside() -> list[dict]:
        messages = sqs.receive_message(QueueUrl=failures, MaxNumberOfMessages=10, VisibilityTimeout=0)
        bodies = [json.loads(m["Body"]) for m in messages.get("Messages", [])]
        return [b for b in bodies if b.get("condition") == "SchemaInvalid"
                and json.loads(b["envelope"])["eventId"] == broken["eventId"]]

    [aside] = eventually(set_aside, what="the broken outbox item in OutboxFailures")
    assert "is a required property" in aside["error"]

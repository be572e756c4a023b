"""The event bus as tests see it: a tap that catches what a context publishes, as a consuming context's queue
would, and `publish` to put another context's event on the bus as its outbox relay does.

    with BusTap(platform.cloud, "ticketing") as tap:
        ...
        tap.wait_for("payments.order.confirmed", orderId=order_id)
    publish(platform.cloud, "event.published", {...})
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from kernel.events import validate

from support.cloud import RunningCloud
from support.polling import eventually

BUS = "eventonight"


class BusTap:
    """A queue of the test's own subscribed to every event of one producing context; each envelope it receives is
    checked against its schema."""

    def __init__(self, cloud: RunningCloud, producer: str) -> None:
        self.producer = producer
        self.name = f"tap-{producer}-{uuid.uuid4().hex[:12]}"
        self.sqs, self.events = cloud.client("sqs"), cloud.client("events")
        self.queue_url = self.sqs.create_queue(QueueName=self.name)["QueueUrl"]
        queue_arn = self.sqs.get_queue_attributes(QueueUrl=self.queue_url,
                                                  AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.events.put_rule(Name=self.name, EventBusName=BUS,
                             EventPattern=json.dumps({"source": [f"eventonight.{producer}"]}))
        self.events.put_targets(Rule=self.name, EventBusName=BUS, Targets=[{"Id": "tap", "Arn": queue_arn}])
        self.seen: list[dict[str, Any]] = []

    def __enter__(self) -> BusTap:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.events.remove_targets(Rule=self.name, EventBusName=BUS, Ids=["tap"])
        self.events.delete_rule(Name=self.name, EventBusName=BUS)
        self.sqs.delete_queue(QueueUrl=self.queue_url)

    def _drain(self) -> None:
        while messages := self.sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10,
                                                   WaitTimeSeconds=0).get("Messages", []):
            for message in messages:
                event = json.loads(message["Body"])
                assert event["source"] == f"eventonight.{self.producer}", event
                assert event["detail-type"] == event["detail"]["eventType"], event
                validate(event["detail"])
                self.seen.append(event["detail"])
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])

    def about(self, event_type: str, **payload: Any) -> list[dict[str, Any]]:
        """The envelopes of `event_type` received so far whose payload has these values."""
        self._drain()
        return [e for e in self.seen if e["eventType"] == event_type
                and all(e["payload"].get(key) == value for key, value in payload.items())]

    def wait_for(self, event_type: str, timeout: float = 20.0, **payload: Any) -> dict[str, Any]:
        return eventually(lambda: self.about(event_type, **payload), timeout=timeout,
                          what=f"{event_type} with {payload}")[0]


def publish(cloud: RunningCloud, event_type: str, payload: dict[str, Any], producer: str,
            event_id: str | None = None, occurred_at: datetime | None = None) -> dict[str, Any]:
    """Put a valid domain event on the bus as `producer`'s relay would; returns its envelope (to send it again)."""
    moment = occurred_at or datetime.now(UTC)
    envelope = {"eventId": event_id or str(uuid.uuid4()), "eventType": event_type, "version": 1,
                "occurredAt": moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z", "producer": producer,
                "payload": payload}
    send(cloud, envelope)
    return envelope


def send(cloud: RunningCloud, envelope: dict[str, Any]) -> None:
    """Put this exact envelope on the bus (a redelivery, when it was sent before)."""
    validate(envelope)
    result = cloud.client("events").put_events(Entries=[{
        "Source": f"eventonight.{envelope['producer']}", "DetailType": envelope["eventType"],
        "Detail": json.dumps(envelope), "EventBusName": BUS}])
    assert result["FailedEntryCount"] == 0, result

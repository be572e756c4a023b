"""The domain events the events context publishes reach the bus, each valid against events_schema/, with the
payloads consumers rely on: created, published (also when created as PUBLISHED, §12 item 2), updated,
cancelled, deleted."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from events_e2e import Events, local_in
from kernel import events as contracts
from support.platform import Platform, User
from support.polling import eventually


class BusTap:
    """An SQS queue subscribed to everything the events context publishes."""

    def __init__(self, platform: Platform) -> None:
        self.sqs, self.bus = platform.cloud.client("sqs"), platform.cloud.client("events")
        name = f"events-tap-{uuid.uuid4().hex[:8]}"
        self.url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.rule = name
        self.bus.put_rule(Name=name, EventBusName="eventonight",
                          EventPattern=json.dumps({"source": ["eventonight.events"]}))
        self.bus.put_targets(Rule=name, EventBusName="eventonight", Targets=[{"Id": "tap", "Arn": arn}])
        self.seen: list[dict[str, Any]] = []

    def drain(self) -> list[dict[str, Any]]:
        for message in self.sqs.receive_message(QueueUrl=self.url, MaxNumberOfMessages=10).get("Messages", []):
            self.seen.append(json.loads(message["Body"]))
            self.sqs.delete_message(QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"])
        return self.seen

    def of(self, event_id: str) -> list[dict[str, Any]]:
        return [m["detail"] for m in self.drain() if m["detail"]["payload"].get("eventId") == event_id]

    def close(self) -> None:
        self.bus.remove_targets(Rule=self.rule, EventBusName="eventonight", Ids=["tap"])
        self.bus.delete_rule(Name=self.rule, EventBusName="eventonight")
        self.sqs.delete_queue(QueueUrl=self.url)


@pytest.fixture
def tap(platform: Platform) -> Iterator[BusTap]:
    bus_tap = BusTap(platform)
    yield bus_tap
    bus_tap.close()


def types_of(tap: BusTap, event_id: str, count: int) -> list[str]:
    found = eventually(lambda: (lambda got: got if len(got) >= count else None)(tap.of(event_id)),
                       what=f"{count} events of {event_id}")
    for message in found:
        contracts.validate(message)  # every published event keeps its contract
    return [m["eventType"] for m in found]


def test_lifecycle_events_are_published_and_valid(events: Events, platform: Platform, org: User,
                                                  tap: BusTap) -> None:
    partner = events.organization()
    published = events.created(org, collaboratorIds=[partner.id])
    assert types_of(tap, published["eventId"], 2) == ["event.created", "event.published"]
    announced = tap.of(published["eventId"])[1]
    payload = announced["payload"]
    assert payload["creatorName"] == org.username and payload["name"] == published["title"]
    assert payload["startsAt"] == published["startsAt"] and payload["collaboratorIds"] == [partner.id]

    draft = events.created(org, status="DRAFT", date=None, timezone=None)["eventId"]
    assert types_of(tap, draft, 1) == ["event.created"]
    events.update(draft, org, {"status": "PUBLISHED", "date": local_in(2), "timezone": "UTC"})
    assert types_of(tap, draft, 3)[1:] == ["event.updated", "event.published"]
    platform.request("DELETE", f"/events/{draft}", user=org)
    assert types_of(tap, draft, 4)[3] == "event.cancelled"
    platform.request("DELETE", f"/events/{draft}", user=org)
    assert types_of(tap, draft, 5)[4] == "event.deleted"
    assert tap.of(draft)[4]["payload"] == {"eventId": draft}

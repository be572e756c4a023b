"""Contracts with events_schema/: what interactions publishes (captured from the bus with a queue of our own)
validates against its schema and carries what its consumers need; every example of the events interactions
subscribes to is accepted by its consumer."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from interactions_world import BUS, SCHEMAS, Bus, World, validate_event
from support.platform import Platform
from support.polling import eventually

PUBLISHED = ("interactions.like.created", "interactions.like.deleted", "interactions.review.created",
             "interactions.follow.created", "interactions.follow.deleted")
# in an order that makes sense for the same ids: the deletions last
CONSUMED = ("user.created", "user.updated", "event.created", "event.updated", "event.published", "event.cancelled",
            "event.completed", "payments.order.confirmed", "event.deleted", "user.deleted")


class Capture:
    """An SQS queue behind an EventBridge rule for everything interactions publishes."""

    def __init__(self, platform: Platform) -> None:
        self.sqs, self.events = platform.cloud.client("sqs"), platform.cloud.client("events")
        self.name = f"interactions-contract-{uuid.uuid4().hex[:8]}"
        self.url = self.sqs.create_queue(QueueName=self.name)["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.events.put_rule(Name=self.name, EventBusName=BUS,
                             EventPattern=json.dumps({"source": ["eventonight.interactions"]}))
        self.events.put_targets(Rule=self.name, EventBusName=BUS, Targets=[{"Id": "capture", "Arn": arn}])
        self.seen: list[dict[str, Any]] = []

    def drain(self) -> list[dict[str, Any]]:
        while True:
            messages = self.sqs.receive_message(QueueUrl=self.url, MaxNumberOfMessages=10).get("Messages", [])
            if not messages:
                return self.seen
            for message in messages:
                self.seen.append(json.loads(message["Body"]))
                self.sqs.delete_message(QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"])

    def close(self) -> None:
        self.events.remove_targets(Rule=self.name, EventBusName=BUS, Ids=["capture"])
        self.events.delete_rule(Name=self.name, EventBusName=BUS)
        self.sqs.delete_queue(QueueUrl=self.url)


@pytest.fixture
def capture(platform: Platform) -> Iterator[Capture]:
    capture = Capture(platform)
    yield capture
    capture.close()


def test_every_event_interactions_publishes_matches_its_schema(platform: Platform, world: World,
                                                               capture: Capture) -> None:
    organization = world.user("organization")
    member = world.user()
    event_id = world.event(organization.id, name="Contract Night")
    world.order(member.id, event_id)
    world.event_status(event_id, organization.id, "COMPLETED", name="Contract Night")
    assert platform.request("POST", f"/interactions/events/{event_id}/likes", user=member).status == 201
    assert platform.request("DELETE", f"/interactions/events/{event_id}/likes/{member.id}", user=member).status \
        == 204
    assert platform.request("POST", f"/interactions/events/{event_id}/reviews", {"rating": 4, "title": "Solid"},
                            user=member).status == 201
    assert platform.request("POST", f"/interactions/users/{member.id}/following",
                            {"followedId": organization.id}, user=member).status == 201
    assert platform.request("DELETE", f"/interactions/users/{member.id}/following/{organization.id}",
                            user=member).status == 204

    def mine() -> dict[str, dict[str, Any]]:
        found = {e["detail"]["eventType"]: e for e in capture.drain()
                 if member.id in (e["detail"]["payload"].get("userId"), e["detail"]["payload"].get("followerId"))}
        return found if set(found) == set(PUBLISHED) else {}

    published = eventually(mine, timeout=30, what="every interactions event on the bus")
    for event_type, entry in published.items():
        assert entry["source"] == "eventonight.interactions" and entry["detail-type"] == event_type
        validate_event(entry["detail"])
        assert entry["detail"]["producer"] == "interactions"
    like = published["interactions.like.created"]["detail"]["payload"]
    assert like == {"eventId": event_id, "creatorId": organization.id, "eventName": "Contract Night",
                    "userId": member.id, "userName": member.username, "userAvatar": like["userAvatar"]}
    assert published["interactions.like.deleted"]["detail"]["payload"] == \
        {"eventId": event_id, "creatorId": organization.id, "userId": member.id}
    review = published["interactions.review.created"]["detail"]["payload"]
    assert (review["creatorId"], review["rating"], review["title"], review["userName"]) == \
        (organization.id, 4, "Solid", member.username)
    follow = published["interactions.follow.created"]["detail"]["payload"]
    assert (follow["followedId"], follow["followerName"]) == (organization.id, member.username)
    assert published["interactions.follow.deleted"]["detail"]["payload"] == \
        {"followerId": member.id, "followedId": organization.id}


def test_the_consumer_accepts_every_example_of_what_it_subscribes_to(platform: Platform, bus: Bus) -> None:
    examples = {t: json.loads((SCHEMAS / "examples" / f"{t}.json").read_text(encoding="utf-8")) for t in CONSUMED}
    for event_type in CONSUMED:
        envelope = examples[event_type]
        validate_event(envelope)
        bus.put(envelope)  # settles only when the consumer took the message off its queue without failing
        if event_type == "payments.order.confirmed":
            payload = envelope["payload"]
            assert platform.request("GET", f"/interactions/users/{payload['userId']}/participations/"
                                           f"{payload['eventId']}").json["hasParticipated"]
    user_id = examples["user.deleted"]["payload"]["id"]
    assert platform.request("GET", f"/interactions/users/{user_id}").status == 404
    event_id = examples["event.deleted"]["payload"]["eventId"]
    assert platform.request("GET", f"/interactions/events/{event_id}/likes").status == 404


def test_the_interactions_api_describes_itself(platform: Platform) -> None:
    assert platform.request("GET", "/interactions/health").json == {"status": "ok"}
    document = platform.request("GET", "/interactions/openapi.json")
    assert document.status == 200
    paths = document.json["paths"]
    assert set(paths["/interactions/events/{eventId}/likes"]) == {"get", "post"}
    assert "requestBody" in paths["/interactions/events/{eventId}/reviews"]["post"]
    assert "/interactions/users/{userId}/participations/{eventId}" in paths
    assert len(paths) == 17

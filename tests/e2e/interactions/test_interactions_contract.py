"""Contracts with events_schema/: what interactions publishes (caught on the bus by support.bus.BusTap)
validates against its schema and carries what its consumers need; every example of the events interactions
subscribes to is accepted by its consumer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from interactions_world import Bus, World
from support.bus import BusTap
from support.examples import fresh_examples
from support.platform import Platform

PUBLISHED = ("interactions.like.created", "interactions.like.deleted", "interactions.review.created",
             "interactions.follow.created", "interactions.follow.deleted")
# in an order that makes sense for the same ids: the deletions last
CONSUMED = ("user.created", "user.updated", "event.created", "event.updated", "event.published", "event.cancelled",
            "event.completed", "payments.order.confirmed", "event.deleted", "user.deleted")


@pytest.fixture
def tap(platform: Platform) -> Iterator[BusTap]:
    with BusTap(platform.cloud, "interactions") as bus_tap:  # checks each event it catches against its schema
        yield bus_tap


def test_every_event_interactions_publishes_matches_its_schema(platform: Platform, world: World,
                                                               tap: BusTap) -> None:
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

    published = {event_type: tap.wait_for(event_type, timeout=30, **{
        "followerId" if "follow" in event_type else "userId": member.id}) for event_type in PUBLISHED}
    for envelope in published.values():
        assert envelope["producer"] == "interactions"
    like = published["interactions.like.created"]["payload"]
    assert like == {"eventId": event_id, "creatorId": organization.id, "eventName": "Contract Night",
                    "userId": member.id, "userName": member.username, "userAvatar": like["userAvatar"]}
    assert published["interactions.like.deleted"]["payload"] == \
        {"eventId": event_id, "creatorId": organization.id, "userId": member.id}
    review = published["interactions.review.created"]["payload"]
    assert (review["creatorId"], review["rating"], review["title"], review["userName"]) == \
        (organization.id, 4, "Solid", member.username)
    follow = published["interactions.follow.created"]["payload"]
    assert (follow["followedId"], follow["followerName"]) == (organization.id, member.username)
    assert published["interactions.follow.deleted"]["payload"] == \
        {"followerId": member.id, "followedId": organization.id}


def test_the_consumer_accepts_every_example_of_what_it_subscribes_to(platform: Platform, bus: Bus) -> None:
    examples = fresh_examples(*CONSUMED)
    for event_type in CONSUMED:
        envelope = examples[event_type]
        bus.put(envelope)  # checked, then settles once the consumer took it off its queue without failing
        if event_type == "payments.order.confirmed":
            payload = envelope["payload"]
            table = platform.cloud.deployment.function_by_logical_id(
                "HasParticipatedFunction").environment["TABLE_NAME"]  # the example's buyer has no login to ask with
            key = {"PK": {"S": f"USER#{payload['userId']}"}, "SK": {"S": f"PARTICIPATION#{payload['eventId']}"}}
            assert platform.cloud.client("dynamodb").get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")
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

"""PutEvents builds an event's message only for the rules whose pattern it matches (moto 5.2.5 built it, and
checked the pattern on a fresh JSON copy of it, for every rule of the bus), and delivers to the same targets the
same message as before."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from moto.events.models import EventPattern

PATTERNS = {  # rule -> pattern, as the template's rules and archives write them
    "users": {"source": ["eventonight.users"], "detail-type": ["user.created", "user.updated"]},
    "likes": {"detail-type": ["interactions.like.created"]},
    "prefix": {"detail-type": [{"prefix": "user."}], "detail": {"payload": {"role": ["organization"]}}},
    "either": {"$or": [{"detail-type": ["event.published"]}, {"detail": {"payload": {"name": [{"exists": True}]}}}]},
    "not-members": {"detail": {"payload": {"role": [{"anything-but": ["member"]}]}}},
}


@pytest.fixture(scope="module")
def events(moto_server: Any) -> Any:
    return boto3.client("events", endpoint_url=moto_server.url, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def _bus_with_queues(events: Any, sqs: Any, unique_name: Callable[[str], str]) -> tuple[str, dict[str, str]]:
    """A bus with a rule per PATTERNS entry, each to a queue of its own."""
    bus = unique_name("bus")
    events.create_event_bus(Name=bus)
    queues = {}
    for rule, pattern in PATTERNS.items():
        events.put_rule(Name=rule, EventBusName=bus, EventPattern=json.dumps(pattern))
        url = sqs.create_queue(QueueName=f"q-{uuid.uuid4().hex[:12]}")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        events.put_targets(Rule=rule, EventBusName=bus, Targets=[{"Id": "queue", "Arn": arn}])
        queues[rule] = url
    return bus, queues


def _put(events: Any, bus: str, detail_type: str, payload: dict[str, Any]) -> str:
    result = events.put_events(Entries=[{"Source": "eventonight.users", "DetailType": detail_type,
                                         "EventBusName": bus, "Detail": json.dumps({"payload": payload})}])
    assert result["FailedEntryCount"] == 0, result
    return result["Entries"][0]["EventId"]


def _bodies(sqs: Any, url: str) -> list[dict[str, Any]]:
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(m["Body"]) for m in messages]


def test_each_rule_gets_the_events_its_pattern_matches(moto, events, sqs, unique_name) -> None:
    bus, queues = _bus_with_queues(events, sqs, unique_name)
    organization = _put(events, bus, "user.created", {"role": "organization", "name": "Blue Note"})
    member = _put(events, bus, "user.updated", {"role": "member"})
    like = _put(events, bus, "interactions.like.created", {"userId": "u1"})

    expected = {"users": {organization, member}, "likes": {like}, "prefix": {organization},
                "either": {organization}, "not-members": {organization}}
    for rule, url in queues.items():  # PutEvents sends to SQS targets before it answers
        assert {body["id"] for body in _bodies(sqs, url)} == expected[rule], rule


def test_a_matched_rule_gets_moto_s_whole_message(moto, events, sqs, unique_name) -> None:
    bus, queues = _bus_with_queues(events, sqs, unique_name)
    event_id = _put(events, bus, "interactions.like.created", {"userId": "u1"})
    (body,) = _bodies(sqs, queues["likes"])
    assert body["id"] == event_id
    assert (body["version"], body["source"], body["detail-type"], body["region"], body["resources"]) == (
        "0", "eventonight.users", "interactions.like.created", "us-east-1", [])
    assert body["detail"] == {"payload": {"userId": "u1"}}
    assert sorted(body) == ["detail", "detail-type", "id", "region", "resources", "source", "time", "version"]


def test_only_the_rules_that_match_see_the_event(moto, events, sqs, unique_name, count_calls) -> None:
    moto.expect_defect("every rule of the bus gets a message built and checked", raises=AssertionError)
    bus, queues = _bus_with_queues(events, sqs, unique_name)
    checks = count_calls(EventPattern, "matches_event")

    assert checks.during(_put, events, bus, "interactions.like.created", {"userId": "u1"}) == 1  # "likes" alone
    assert [body["detail-type"] for body in _bodies(sqs, queues["likes"])] == ["interactions.like.created"]

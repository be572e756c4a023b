"""EventBridge parses each input path once (moto 5.2.5 built a new jsonpath parser for each path of each target of
each event), and renders the targets' input as before: the whole event by default, an InputTransformer's
template filled from its paths."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from jsonpath_ng.ext.parser import ExtendedJsonPathParser
from support.polling import eventually


@pytest.fixture(scope="module")
def events(moto_server: Any) -> Any:
    return boto3.client("events", endpoint_url=moto_server.url, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def _queue(sqs: Any, events: Any, bus: str, rule: str, transformer: dict | None = None) -> str:
    url = sqs.create_queue(QueueName=f"q-{uuid.uuid4().hex[:12]}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    target = {"Id": url.rsplit("/", 1)[1], "Arn": arn, **({"InputTransformer": transformer} if transformer else {})}
    events.put_targets(Rule=rule, EventBusName=bus, Targets=[target])
    return url


def _received(sqs: Any, url: str) -> dict:
    messages = eventually(lambda: sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages"),
                          what="the event on the queue")
    sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
    return json.loads(messages[0]["Body"])


def test_targets_get_their_input_and_the_paths_are_parsed_once(
        events: Any, sqs: Any, unique_name: Callable[[str], str], monkeypatch: pytest.MonkeyPatch) -> None:
    bus, rule = unique_name("bus"), unique_name("rule")
    events.create_event_bus(Name=bus)
    events.put_rule(Name=rule, EventBusName=bus, EventPattern=json.dumps({"source": ["users"]}))
    whole = _queue(sqs, events, bus, rule)
    transformed = _queue(sqs, events, bus, rule, {"InputPathsMap": {"who": "$.detail.username"},
                                                  "InputTemplate": '{"greeting": "hello <who>"}'})

    def put(username: str) -> None:
        events.put_events(Entries=[{"Source": "users", "DetailType": "user.created", "EventBusName": bus,
                                    "Detail": json.dumps({"username": username})}])

    put("ada")
    first = (_received(sqs, whole), _received(sqs, transformed))
    parsers: list[Any] = []
    real_init = ExtendedJsonPathParser.__init__

    def counted(self: Any, *args: Any, **kwargs: Any) -> None:
        parsers.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(ExtendedJsonPathParser, "__init__", counted)
    put("grace")
    second = (_received(sqs, whole), _received(sqs, transformed))

    for (event, greeting), username in zip((first, second), ("ada", "grace"), strict=True):
        assert (event["source"], event["detail-type"], event["detail"]) == ("users", "user.created",
                                                                            {"username": username})
        assert greeting == {"greeting": f"hello {username}"}
    assert first[0]["id"] != second[0]["id"]
    assert parsers == []  # the second event's paths were all parsed for the first

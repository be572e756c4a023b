"""SendMessage costs the same whatever the queue holds, ReceiveMessage builds no queue attributes per message,
and SQS behaves as moto 5.2.5 does."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from embedded_cloud.moto_server import backend_lock
from moto.sqs.models import Message, Queue


def create_queue(sqs: Any, name: str, **attributes: str) -> str:
    return sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]


def queue_counts(sqs: Any, url: str) -> dict[str, int]:
    names = [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
    ]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return {name.removeprefix("ApproximateNumberOf"): int(attributes[name]) for name in names}


def receive(sqs: Any, url: str, **kwargs: Any) -> list[dict[str, Any]]:
    return sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, **kwargs).get("Messages", [])


def test_send_message_work_does_not_grow_with_the_queue(
    moto, sqs, backends, unique_name, count_calls
) -> None:
    moto.expect_defect("SendMessage checks the visibility of every queued message", raises=AssertionError)
    visibility_checks = count_calls(Message, "visible")
    checks = {}
    for queued in (10, 100):  # ten times the queue: moto as released checks ten times the messages
        name = unique_name(f"cost-{queued}")
        url = create_queue(sqs, name)
        with backend_lock():
            for i in range(queued):
                backends.sqs.send_message(name, f"queued {i}")
        checks[queued] = visibility_checks.during(sqs.send_message, QueueUrl=url, MessageBody="one more")
    assert checks[100] == checks[10], checks


def test_receive_message_builds_no_queue_attributes_per_message(moto, sqs, unique_name, count_calls) -> None:
    moto.expect_defect("each received message's retention check builds every queue attribute three times",
                       raises=AssertionError)
    url = create_queue(sqs, unique_name("receive-cost"))
    for i in range(3):
        sqs.send_message(QueueUrl=url, MessageBody=f"body {i}")
    builds = count_calls(Queue, "attributes")

    received: list[dict[str, Any]] = []

    assert builds.during(lambda: received.extend(receive(sqs, url))) == 0
    assert sorted(m["Body"] for m in received) == ["body 0", "body 1", "body 2"]


def test_a_message_past_the_retention_period_is_not_received(moto, sqs, backends, unique_name) -> None:
    name = unique_name("retention")
    url = create_queue(sqs, name, MessageRetentionPeriod="60")
    sqs.send_message(QueueUrl=url, MessageBody="expired")
    with backend_lock():
        (message,) = backends.sqs.queues[name]._messages
        message.sent_timestamp -= 61_000  # sent 61 s ago: past the queue's 60 s

    assert receive(sqs, url) == []

    sqs.send_message(QueueUrl=url, MessageBody="fresh")
    assert [m["Body"] for m in receive(sqs, url)] == ["fresh"]


def test_messages_are_received_with_their_attributes_and_deleted(moto, sqs, unique_name) -> None:
    url = create_queue(sqs, unique_name("standard"))
    attributes = {"kind": {"DataType": "String", "StringValue": "ticket.sold"}}
    sent = [
        sqs.send_message(QueueUrl=url, MessageBody=f"body {i}", MessageAttributes=attributes)
        for i in range(3)
    ]

    received = receive(sqs, url, MessageAttributeNames=["All"])

    assert sorted(m["Body"] for m in received) == ["body 0", "body 1", "body 2"]
    assert {m["MD5OfBody"] for m in received} == {
        hashlib.md5(m["Body"].encode()).hexdigest() for m in received
    }
    assert {m["MessageAttributes"]["kind"]["StringValue"] for m in received} == {"ticket.sold"}
    assert {m["MD5OfMessageAttributes"] for m in received} == {s["MD5OfMessageAttributes"] for s in sent}
    assert queue_counts(sqs, url) == {"Messages": 0, "MessagesNotVisible": 3, "MessagesDelayed": 0}
    for message in received:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    assert queue_counts(sqs, url) == {"Messages": 0, "MessagesNotVisible": 0, "MessagesDelayed": 0}
    assert receive(sqs, url) == []


def test_send_message_batch_queues_every_entry(moto, sqs, unique_name) -> None:
    url = create_queue(sqs, unique_name("batch"))
    entries = [{"Id": f"e{i}", "MessageBody": f"batched {i}"} for i in range(4)]

    response = sqs.send_message_batch(QueueUrl=url, Entries=entries)

    assert sorted(s["Id"] for s in response["Successful"]) == ["e0", "e1", "e2", "e3"]
    assert sorted(m["Body"] for m in receive(sqs, url)) == [f"batched {i}" for i in range(4)]


def test_in_flight_message_returns_when_its_visibility_is_reset(moto, sqs, unique_name, poll) -> None:
    url = create_queue(sqs, unique_name("visibility"))
    sqs.send_message(QueueUrl=url, MessageBody="in flight")
    (first,) = receive(sqs, url, VisibilityTimeout=30)

    assert receive(sqs, url) == []
    assert queue_counts(sqs, url) == {"Messages": 0, "MessagesNotVisible": 1, "MessagesDelayed": 0}

    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=first["ReceiptHandle"], VisibilityTimeout=0)
    (again,) = poll(lambda: receive(sqs, url, AttributeNames=["ApproximateReceiveCount"]), until=bool)
    assert again["Body"] == "in flight"
    assert again["Attributes"]["ApproximateReceiveCount"] == "2"


def test_delayed_message_is_counted_but_not_delivered(moto, sqs, unique_name) -> None:
    url = create_queue(sqs, unique_name("delayed"))
    sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)

    assert receive(sqs, url) == []
    assert queue_counts(sqs, url) == {"Messages": 0, "MessagesNotVisible": 0, "MessagesDelayed": 1}


def test_queue_delay_applies_when_the_message_names_none(moto, sqs, unique_name) -> None:
    url = create_queue(sqs, unique_name("queue-delay"), DelaySeconds="60")
    sqs.send_message(QueueUrl=url, MessageBody="later")
    sqs.send_message(QueueUrl=url, MessageBody="now", DelaySeconds=0)

    assert [m["Body"] for m in receive(sqs, url)] == ["now"]
    assert queue_counts(sqs, url)["MessagesDelayed"] == 1


def test_delay_above_fifteen_minutes_is_rejected(moto, sqs, unique_name) -> None:
    url = create_queue(sqs, unique_name("too-late"))
    with pytest.raises(ClientError) as error:
        sqs.send_message(QueueUrl=url, MessageBody="never", DelaySeconds=901)
    assert error.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert "DelaySeconds must be >= 0 and <= 900" in error.value.response["Error"]["Message"]


def test_message_moves_to_the_dead_letter_queue_after_max_receive_count(moto, sqs, unique_name) -> None:
    dlq_url = create_queue(sqs, unique_name("dlq"))
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 1})
    url = create_queue(sqs, unique_name("source"), RedrivePolicy=redrive)
    sqs.send_message(QueueUrl=url, MessageBody="poison")

    assert [m["Body"] for m in receive(sqs, url, VisibilityTimeout=0)] == ["poison"]
    assert receive(sqs, url) == []  # received maxReceiveCount times already: redriven, not delivered

    assert [m["Body"] for m in receive(sqs, dlq_url)] == ["poison"]
    assert queue_counts(sqs, url) == {"Messages": 0, "MessagesNotVisible": 0, "MessagesDelayed": 0}


def test_fifo_drops_a_repeated_deduplication_id(moto, sqs, unique_name) -> None:
    url = create_queue(sqs, unique_name("dedup") + ".fifo", FifoQueue="true")
    first = sqs.send_message(
        QueueUrl=url, MessageBody="first", MessageGroupId="g", MessageDeduplicationId="same"
    )
    sqs.send_message(QueueUrl=url, MessageBody="repeat", MessageGroupId="g", MessageDeduplicationId="same")
    sqs.send_message(QueueUrl=url, MessageBody="other", MessageGroupId="g", MessageDeduplicationId="other")

    assert first["SequenceNumber"].isdigit()
    assert [m["Body"] for m in receive(sqs, url)] == ["first", "other"]


def test_fifo_content_based_deduplication_uses_the_body(moto, sqs, unique_name) -> None:
    url = create_queue(
        sqs, unique_name("content") + ".fifo", FifoQueue="true", ContentBasedDeduplication="true"
    )
    for body in ("a", "a", "b", "a"):
        sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId="g")

    received = receive(sqs, url, AttributeNames=["MessageDeduplicationId"])

    assert [m["Body"] for m in received] == ["a", "b"]
    assert received[0]["Attributes"]["MessageDeduplicationId"] == hashlib.sha256(b"a").hexdigest()


def test_fifo_requires_a_group_and_a_deduplication_id(moto, sqs, unique_name) -> None:
    url = create_queue(sqs, unique_name("strict") + ".fifo", FifoQueue="true")
    with pytest.raises(ClientError) as no_group:
        sqs.send_message(QueueUrl=url, MessageBody="x", MessageDeduplicationId="d")
    with pytest.raises(ClientError) as no_dedup:
        sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="g")

    assert no_group.value.response["Error"]["Code"] == "MissingParameter"
    assert no_dedup.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert receive(sqs, url) == []

"""A queue's poller receives and deletes in the platform's process (no API round trip) and hands the function
the record ReceiveMessage would have given it: the same ids, body, digest, system and message attributes."""

from __future__ import annotations

import boto3
from embedded_cloud.deployment import QueueSource
from embedded_cloud.event_sources import QueuePoller
from moto import mock_aws

REGION, ACCOUNT = "us-east-1", "123456789012"


def test_a_polled_record_is_what_receive_message_answers_and_a_delete_takes_it_off_the_queue() -> None:
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        url = sqs.create_queue(QueueName="consumer", Attributes={"VisibilityTimeout": "0"})["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody='{"detail": {}}', MessageAttributes={
            "kind": {"DataType": "String", "StringValue": "user.created"}})
        api = sqs.receive_message(QueueUrl=url, AttributeNames=["All"], MessageAttributeNames=["All"])["Messages"][0]
        poller = QueuePoller(QueueSource("Consume", f"arn:aws:sqs:{REGION}:{ACCOUNT}:consumer", url), invoke=print)

        (message,) = poller._receive()  # received again: its visibility timeout is 0
        record = poller._record(message)

        assert (record["messageId"], record["body"], record["md5OfBody"]) == (
            api["MessageId"], api["Body"], api["MD5OfBody"])
        assert record["receiptHandle"] != api["ReceiptHandle"]  # a receive of its own
        assert record["attributes"] == {**api["Attributes"], "ApproximateReceiveCount": "2"}
        assert record["messageAttributes"] == {"kind": {"stringValue": "user.created", "dataType": "String"}}
        assert (record["eventSource"], record["eventSourceARN"]) == ("aws:sqs", poller.source.queue_arn)

        poller._delete([record])
        assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []


def test_an_empty_or_deleted_queue_gives_nothing() -> None:
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        url = sqs.create_queue(QueueName="consumer")["QueueUrl"]
        poller = QueuePoller(QueueSource("Consume", f"arn:aws:sqs:{REGION}:{ACCOUNT}:consumer", url), invoke=print)
        assert poller._receive() == []
        sqs.delete_queue(QueueUrl=url)
        assert poller._receive() == []

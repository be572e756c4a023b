"""Fixtures of the media context's end-to-end tests: the media API with its bucket, a queue of the tests' own on
the bus that catches every event the context publishes, and fresh users registered through the public API."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from media_e2e import BusEvents, Media
from support.platform import Platform


@pytest.fixture(scope="session")
def media(platform: Platform) -> Media:
    return Media(platform, platform.cloud.client("s3"), platform.cloud.deployment.outputs["MediaBucketName"])


@pytest.fixture(scope="session")
def bus(platform: Platform) -> Iterator[BusEvents]:
    """A queue subscribed to every event of the media context, as a consuming context's would be."""
    name = f"media-events-{uuid.uuid4().hex[:12]}"
    sqs, events = platform.cloud.client("sqs"), platform.cloud.client("events")
    bus_name = platform.cloud.deployment.outputs["EventBusName"]
    queue_url = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name=name, EventBusName=bus_name, EventPattern=json.dumps({"source": ["eventonight.media"]}))
    events.put_targets(Rule=name, EventBusName=bus_name, Targets=[{"Id": "capture", "Arn": queue_arn}])
    yield BusEvents(sqs, events, queue_url, bus_name)
    events.remove_targets(Rule=name, EventBusName=bus_name, Ids=["capture"])
    events.delete_rule(Name=name, EventBusName=bus_name)
    sqs.delete_queue(QueueUrl=queue_url)

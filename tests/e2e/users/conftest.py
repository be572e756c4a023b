"""Fixtures of the users context's end-to-end tests: a queue of the test's own on the bus that catches every
event the context publishes, the platform's user pool, and fresh users registered through the public API."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from support.platform import Platform
from users_e2e import Pool, PublishedEvents, unique_name


@pytest.fixture(scope="session")
def published(platform: Platform) -> Iterator[PublishedEvents]:
    """A queue subscribed to every event of the users context, as a consuming context's would be."""
    name = unique_name("users-events-")
    sqs, bus = platform.cloud.client("sqs"), platform.cloud.client("events")
    queue_url = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    bus.put_rule(Name=name, EventBusName="eventonight", EventPattern=json.dumps({"source": ["eventonight.users"]}))
    bus.put_targets(Rule=name, EventBusName="eventonight", Targets=[{"Id": "capture", "Arn": queue_arn}])
    yield PublishedEvents(queue_url, sqs)
    bus.remove_targets(Rule=name, EventBusName="eventonight", Ids=["capture"])
    bus.delete_rule(Name=name, EventBusName="eventonight")
    sqs.delete_queue(QueueUrl=queue_url)


@pytest.fixture(scope="session")
def pool(platform: Platform) -> Pool:
    outputs = platform.cloud.deployment.outputs
    return Pool(platform.cloud.client("cognito-idp"), outputs["UserPoolId"], outputs["UserPoolClientId"])

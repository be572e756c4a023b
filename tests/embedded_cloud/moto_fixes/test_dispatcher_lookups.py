"""Dispatching a request reads neither moto's package directory nor the handler class's members again."""

from __future__ import annotations

import inspect
import os


def test_a_request_lists_no_directory_and_no_class(moto, dynamodb, count_calls) -> None:
    moto.expect_defect("every request lists moto's modules and its handler's methods", raises=AssertionError)
    dynamodb.list_tables()
    listings = count_calls(os, "listdir")
    members = count_calls(inspect, "getmembers")

    for _ in range(3):
        dynamodb.list_tables()

    assert (listings.count, members.count) == (0, 0)


def test_requests_reach_their_service_and_action(moto, dynamodb, sqs, unique_name) -> None:
    name = unique_name("dispatch")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]

    assert name in url and sqs.get_queue_url(QueueName=name)["QueueUrl"] == url
    assert isinstance(dynamodb.list_tables()["TableNames"], list)

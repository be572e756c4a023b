"""kernel.consumer on a moto table: a handler runs once per eventId behind an idempotency record, unless its event
type is `repeatable` (a replica's versioned writes): then it runs for every delivery and no record is written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws
from support.consumer_calls import LambdaContext, sqs_event

EXAMPLE = Path(__file__).resolve().parents[2] / "events_schema" / "examples" / "user.created.json"


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    for name, value in {"TABLE_NAME": "things", "AWS_DEFAULT_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "test",
                        "AWS_SECRET_ACCESS_KEY": "test"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        dynamodb = boto3.resource("dynamodb")
        dynamodb.create_table(
            TableName="things", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                                  {"AttributeName": "SK", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}])
        from kernel import consumer, unit_of_work

        for cached in (consumer._persistence, unit_of_work.connection):  # a persistence layer and a client of
            cached.cache_clear()                                           # this moto account and region
        yield dynamodb.Table("things")
        for cached in (consumer._persistence, unit_of_work.connection):
            cached.cache_clear()


def delivered_twice(repeatable: set[str]) -> list[str]:
    """The eventIds a user.created handler ran for when the same message came twice."""
    from kernel import consumer

    runs: list[str] = []
    handler = consumer.entrypoint({"user.created": lambda envelope: runs.append(envelope["eventId"])},
                                  repeatable=repeatable)
    envelope = json.loads(EXAMPLE.read_text())
    for _ in range(2):
        assert handler(sqs_event(envelope), LambdaContext()) == {"batchItemFailures": []}
    return runs


def test_a_handler_runs_once_per_event_id_behind_an_idempotency_record(table) -> None:
    assert len(delivered_twice(repeatable=set())) == 1
    assert table.scan()["Count"] == 1  # the record that stopped the second run


def test_a_repeatable_handler_runs_for_every_delivery_and_writes_no_record(table) -> None:
    assert len(delivered_twice(repeatable={"user.created"})) == 2
    assert table.scan()["Count"] == 0


def test_a_repeatable_event_type_needs_a_handler() -> None:
    from kernel import consumer

    with pytest.raises(ValueError, match="user.updated"):
        consumer.entrypoint({"user.created": print}, repeatable={"user.updated"})


def test_the_idempotency_records_go_through_the_workers_one_dynamodb_client(table) -> None:
    from kernel import consumer, unit_of_work

    assert consumer._persistence().client is unit_of_work.connection().client
    assert len(delivered_twice(repeatable=set())) == 1  # and it still stops the second run

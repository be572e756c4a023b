"""The moto server counts the requests that may change its state, so an idle platform skips its snapshots."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from embedded_cloud import moto_server
from embedded_cloud.moto_server import MotoServer


@pytest.fixture(scope="module")
def dynamodb() -> Iterator[object]:
    server = MotoServer(port=0)
    server.start()
    try:
        client = boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                              aws_access_key_id="test", aws_secret_access_key="test")
        client.create_table(TableName="counted", BillingMode="PAY_PER_REQUEST",
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        yield client
    finally:
        server.stop()


def test_reads_leave_the_count_alone(dynamodb: object) -> None:
    client: object = dynamodb
    before = moto_server.changes()
    client.get_item(TableName="counted", Key={"pk": {"S": "a"}})  # type: ignore[attr-defined]
    client.query(TableName="counted", KeyConditionExpression="pk = :a",  # type: ignore[attr-defined]
                 ExpressionAttributeValues={":a": {"S": "a"}})
    client.describe_table(TableName="counted")  # type: ignore[attr-defined]
    client.list_tables()  # type: ignore[attr-defined]
    assert moto_server.changes() == before


def test_every_write_moves_the_count(dynamodb: object) -> None:
    client: object = dynamodb
    before = moto_server.changes()
    client.put_item(TableName="counted", Item={"pk": {"S": "a"}})  # type: ignore[attr-defined]
    client.update_item(TableName="counted", Key={"pk": {"S": "a"}},  # type: ignore[attr-defined]
                       UpdateExpression="SET n = :one", ExpressionAttributeValues={":one": {"N": "1"}})
    client.delete_item(TableName="counted", Key={"pk": {"S": "a"}})  # type: ignore[attr-defined]
    assert moto_server.changes() == before + 3

"""A snapshot keeps DynamoDB's items and stream records as journal entries (values, moto-independent, quick to
read back), not as pickled moto objects; restoring it gives back the same items and the same stream."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from embedded_cloud import persistence
from embedded_cloud.moto_server import MotoServer


@pytest.fixture(scope="module")
def dynamodb() -> Iterator[Any]:
    server = MotoServer("127.0.0.1", 0)
    server.start()
    yield boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="test",
                       aws_secret_access_key="test")
    server.stop()


def _stream(dynamodb: Any, table: str) -> list[dict]:
    streams = boto3.client("dynamodbstreams", endpoint_url=dynamodb.meta.endpoint_url, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
    arn = dynamodb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    return [(r["eventID"], r["eventName"], r["dynamodb"]["SequenceNumber"], r["dynamodb"].get("NewImage"))
            for r in records]


def test_items_and_stream_records_come_back_from_a_snapshot(dynamodb: Any, tmp_path: Path) -> None:
    table, marker = f"t-{uuid.uuid4().hex[:8]}", f"marker-{uuid.uuid4().hex}"
    dynamodb.create_table(
        TableName=table, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": k, "AttributeType": "S"} for k in ("PK", "SK")],
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    for n in range(3):
        dynamodb.put_item(TableName=table, Item={"PK": {"S": "P"}, "SK": {"S": str(n)}, "note": {"S": marker},
                                                 "count": {"N": str(n)}, "tags": {"SS": ["a", "b"]}})
    dynamodb.update_item(TableName=table, Key={"PK": {"S": "P"}, "SK": {"S": "1"}},
                         UpdateExpression="SET #c = #c + :one", ExpressionAttributeNames={"#c": "count"},
                         ExpressionAttributeValues={":one": {"N": "1"}})
    dynamodb.delete_item(TableName=table, Key={"PK": {"S": "P"}, "SK": {"S": "2"}})
    items_before = dynamodb.scan(TableName=table)["Items"]
    stream_before = _stream(dynamodb, table)

    persistence.save(tmp_path, {}, 7)
    assert dynamodb.scan(TableName=table)["Items"] == items_before  # the live tables were only lent to the pickler
    assert marker.encode() not in (tmp_path / persistence.MOTO_FILE).read_bytes()
    assert marker.encode() in (tmp_path / "dynamodb-000007.snapshot").read_bytes()
    saved = persistence.restore(tmp_path)

    assert saved.moto_from == 7
    assert sorted(dynamodb.scan(TableName=table)["Items"], key=str) == sorted(items_before, key=str)
    assert [i["count"]["N"] for i in items_before if i["SK"]["S"] == "1"] == ["2"]
    assert _stream(dynamodb, table) == stream_before and len(stream_before) == 5


def test_a_compaction_cut_short_by_a_crash_leaves_no_file_behind(dynamodb: Any, tmp_path: Path) -> None:
    persistence.save(tmp_path, {}, 3)
    # the kill came while a forked child wrote the next snapshot (each was 150 MB at 10,000 events)
    (tmp_path / "dynamodb-000004.snapshot.tmp").write_bytes(b"half a snapshot")
    (tmp_path / f"{persistence.MOTO_FILE}.tmp").write_bytes(b"half a pickle")
    assert persistence.restore(tmp_path).moto_from == 3  # the whole snapshot before it
    assert not list(tmp_path.glob("*.tmp"))

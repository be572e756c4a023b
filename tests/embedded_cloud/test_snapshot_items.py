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
                                                 "count": {"N": str(n)}, "tags": {"SS": ["a", "b"]},
                                                 "nested": {"M": {"l": {"L": [{"S": "x"}, {"M": {}}, {"B": b"1"}]}}}})
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


def test_a_snapshot_leaves_out_the_stream_records_every_poller_has_read_and_keeps_the_rest(
        dynamodb: Any, tmp_path: Path) -> None:
    read, unread = f"t-{uuid.uuid4().hex[:8]}", f"t-{uuid.uuid4().hex[:8]}"
    for table in (read, unread):
        dynamodb.create_table(
            TableName=table, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        for n in range(5):
            dynamodb.put_item(TableName=table, Item={"PK": {"S": str(n)}})
    stream_before = _stream(dynamodb, read)
    last_read = stream_before[2][2]  # the pollers of `read` are done with its first three records
    arn = dynamodb.describe_table(TableName=read)["Table"]["LatestStreamArn"]
    unread_before = _stream(dynamodb, unread)

    persistence.save(tmp_path, {}, 5, streams_read={arn: int(last_read)})
    snapshot = (tmp_path / "dynamodb-000005.snapshot").read_text()
    assert stream_before[0][0] not in snapshot and stream_before[3][0] in snapshot
    persistence.restore(tmp_path)

    assert _stream(dynamodb, read) == stream_before[3:]  # the unread ones, with their own sequence numbers
    assert _stream(dynamodb, unread) == unread_before  # a stream not every poller has started on keeps it all
    dynamodb.put_item(TableName=read, Item={"PK": {"S": "after"}})
    assert int(_stream(dynamodb, read)[-1][2]) == int(stream_before[-1][2]) + 1  # numbering goes on


def test_positions_every_poller_of_a_stream_has_passed() -> None:
    from embedded_cloud.deployment import StreamSource
    from embedded_cloud.event_sources import checkpoint_key, streams_read

    a, b, c = (StreamSource(function=f, stream_arn=s) for f, s in (("f1", "s1"), ("f2", "s1"), ("f1", "s2")))
    checkpoints = {checkpoint_key(a): "120", checkpoint_key(b): "110", checkpoint_key(c): "7"}
    assert streams_read([a, b, c], checkpoints) == {"s1": 110, "s2": 7}
    del checkpoints[checkpoint_key(a)]  # a poller that has read nothing yet: all of s1 is kept
    assert streams_read([a, b, c], checkpoints) == {"s2": 7}


def test_stale_records_are_those_of_a_snapshot_every_poller_has_read_since() -> None:
    from embedded_cloud.durable.dynamodb import stale_records

    spans = {"s1": (100, 150), "s2": (7, 9), "s3": (1, 5)}  # held: 100-149, 7-8, 1-4
    assert stale_records(spans, {"s1": 119, "s2": 40}) == 20 + 2  # s3: a poller has not started, nothing is stale
    assert stale_records(spans, {"s1": 90}) == 0  # read only what the snapshot had already left out

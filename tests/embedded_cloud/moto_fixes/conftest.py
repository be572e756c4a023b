"""A moto server for the moto-fix tests, run once as moto 5.2.5 released it and once with our fixes.

Tests of behaviour take the `moto` fixture and run both ways: they describe what moto does, and show the
fixes keep it. Tests of a defect call `moto.expect_defect(reason, raises=...)`, which marks the unpatched run
as a strict xfail: the test must fail on moto as released, with the exception named, and pass once fixed.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import boto3
import pytest
from botocore.config import Config
from embedded_cloud.moto_server import MotoServer
from support.moto_modes import MotoMode, running_moto_server, set_fixes

# The fixes the `moto` fixture takes out for a run on moto as released (those of issue 8, then issue 18).
TOGGLED_FIXES = (
    "dynamodb_query_by_partition",
    "dynamodb_transaction_rollback",
    "sqs_send_message_cost",
    "eventbridge_rule_matching",
    "json_protocol_responses",
    "json_request_parsing",
    "dynamodb_parsed_expressions",
    "dynamodb_item_copies",
    "dynamodb_item_json",
    "dynamodb_update_validation",
    "dynamodb_item_size",
    "dispatcher_lookups",
    "json_target_dispatch",
    "json_error_bodies",
    "request_ids",
    "step_functions_program_thread",
)
ACCOUNT = "123456789012"
REGION = "us-east-1"
T = TypeVar("T")


@pytest.fixture(scope="session")
def moto_server() -> Iterator[MotoServer]:
    with running_moto_server() as server:
        yield server



def _set_fixes(installed: bool) -> None:
    set_fixes(TOGGLED_FIXES, installed)


@pytest.fixture(params=[False, True], ids=["moto-5.2.5", "patched"])
def moto(request: pytest.FixtureRequest, moto_server: MotoServer) -> Iterator[MotoMode]:
    _set_fixes(installed=request.param)
    yield MotoMode(patched=request.param, request=request)
    _set_fixes(installed=True)  # as the embedded cloud runs, for whatever this process tests next


def _client(server: MotoServer, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=server.url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 1}, account_id_endpoint_mode="disabled"),
    )


@pytest.fixture(scope="module")
def stepfunctions() -> Iterator[Any]:
    """A Step Functions client on a moto server of the module's own (its executions run in that server's threads)."""
    server = MotoServer(port=0)
    server.start()
    yield boto3.client("stepfunctions", endpoint_url=server.url, region_name=REGION,
                       aws_access_key_id="test", aws_secret_access_key="test")
    server.stop()


@pytest.fixture(scope="session")
def dynamodb(moto_server: MotoServer) -> Any:
    return _client(moto_server, "dynamodb")


@pytest.fixture(scope="session")
def streams(moto_server: MotoServer) -> Any:
    return _client(moto_server, "dynamodbstreams")


@pytest.fixture(scope="session")
def sqs(moto_server: MotoServer) -> Any:
    return _client(moto_server, "sqs")


@pytest.fixture(scope="session")
def unique_name() -> Callable[[str], str]:
    return lambda prefix: f"{prefix}-{uuid.uuid4().hex[:12]}"


@dataclass
class Backends:
    """moto's in-process state, for what the API cannot show (read it under `backend_lock()`)."""

    @property
    def dynamodb(self) -> Any:
        from moto.dynamodb.models import dynamodb_backends

        return dynamodb_backends[ACCOUNT][REGION]

    @property
    def sqs(self) -> Any:
        from moto.sqs.models import sqs_backends

        return sqs_backends[ACCOUNT][REGION]


@pytest.fixture
def backends() -> Backends:
    return Backends()


def _poll(read: Callable[[], T], until: Callable[[T], bool], deadline_s: float = 10.0) -> T:
    ends = time.monotonic() + deadline_s
    while True:
        result = read()
        if until(result):
            return result
        if time.monotonic() > ends:
            raise AssertionError(f"still {result!r} after {deadline_s} s")
        time.sleep(0.05)


@pytest.fixture
def poll() -> Callable[..., Any]:
    """poll(read, until): call `read` until its result satisfies `until`, or fail at a deadline."""
    return _poll


class CallCounter:
    """Counts calls of a moto method or property getter (the server runs in this process)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> None:
        self.count = 0
        original = owner.__dict__[name]
        if isinstance(original, property):
            getter = original.fget

            def counted_get(this: Any) -> Any:
                self.count += 1
                return getter(this)  # type: ignore[misc]

            monkeypatch.setattr(owner, name, property(counted_get))
        else:

            def counted(*args: Any, **kwargs: Any) -> Any:
                self.count += 1
                return original(*args, **kwargs)

            monkeypatch.setattr(owner, name, counted)

    def during(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> int:
        """How many calls `action(*args, **kwargs)` caused."""
        before = self.count
        action(*args, **kwargs)
        return self.count - before


@pytest.fixture
def count_calls(monkeypatch: pytest.MonkeyPatch) -> Callable[[type, str], CallCounter]:
    """count_calls(Class, "method_or_property") -> CallCounter, removed after the test."""
    return lambda owner, name: CallCounter(monkeypatch, owner, name)


EVENTS_TABLE_SCHEMA: dict[str, Any] = {
    "BillingMode": "PAY_PER_REQUEST",
    "AttributeDefinitions": [
        {"AttributeName": "PK", "AttributeType": "S"},
        {"AttributeName": "SK", "AttributeType": "S"},
        {"AttributeName": "price", "AttributeType": "N"},
        {"AttributeName": "owner", "AttributeType": "S"},
        {"AttributeName": "created", "AttributeType": "S"},
        {"AttributeName": "status", "AttributeType": "S"},
    ],
    "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
    "LocalSecondaryIndexes": [
        {
            "IndexName": "ByPrice",
            "KeySchema": [
                {"AttributeName": "PK", "KeyType": "HASH"},
                {"AttributeName": "price", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }
    ],
    "GlobalSecondaryIndexes": [
        {
            "IndexName": "ByOwner",
            "KeySchema": [
                {"AttributeName": "owner", "KeyType": "HASH"},
                {"AttributeName": "created", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        },
        {
            "IndexName": "ByStatus",
            "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        },
    ],
    "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
}


@pytest.fixture(scope="session")
def make_events_table(dynamodb: Any, unique_name: Callable[[str], str]) -> Callable[..., str]:
    """make_events_table(name=None): a new table keyed PK/SK, with an LSI ByPrice (price N), GSIs
    ByOwner (owner, created) and ByStatus (status, KEYS_ONLY), and a NEW_AND_OLD_IMAGES stream."""

    def make(name: str | None = None) -> str:
        name = name or unique_name("events")
        dynamodb.create_table(TableName=name, **EVENTS_TABLE_SCHEMA)
        return name

    return make


class StreamReader:
    """Reads a table's stream from an iterator taken at creation, following NextShardIterator."""

    def __init__(self, dynamodb: Any, streams: Any, table: str, start: str = "TRIM_HORIZON") -> None:
        self.streams = streams
        arn = dynamodb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        self.iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=start)[
            "ShardIterator"
        ]

    def read(self) -> list[tuple[str, str, str]]:
        """(eventName, PK, SK) of every record since the last read."""
        records = []
        while True:
            response = self.streams.get_records(ShardIterator=self.iterator)
            self.iterator = response["NextShardIterator"]
            if not response["Records"]:
                return records
            for record in response["Records"]:
                keys = record["dynamodb"]["Keys"]
                records.append((record["eventName"], keys["PK"]["S"], keys["SK"]["S"]))


@pytest.fixture
def stream_reader(dynamodb: Any, streams: Any) -> Callable[..., StreamReader]:
    """stream_reader(table, start="TRIM_HORIZON"|"LATEST") -> StreamReader"""
    return lambda table, start="TRIM_HORIZON": StreamReader(dynamodb, streams, table, start)

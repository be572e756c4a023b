"""moto's server is not thread-safe: concurrent requests corrupt DynamoDB. Ours serialises them.

Python switches threads every 5 ms, which hides most races in short tests; the test switches far more often
so that, without the lock, it reliably sees what the design notes measured: scans answering HTTP 500
("dictionary changed size during iteration") and counter increments lost.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
from botocore.config import Config
from embedded_cloud.moto_server import MotoServer

WORKERS, WRITES = 8, 60


@pytest.fixture
def frequent_thread_switches() -> Iterator[None]:
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


@pytest.mark.slow
def test_concurrent_writes_counters_and_scans_lose_nothing(frequent_thread_switches: None) -> None:
    server = MotoServer(port=0)
    server.start()
    try:
        def client():
            return boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                                aws_access_key_id="test", aws_secret_access_key="test",
                                config=Config(retries={"total_max_attempts": 1}))  # see every failure

        client().create_table(TableName="race", BillingMode="PAY_PER_REQUEST",
                              KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])

        def writer(worker: int) -> int:
            ddb = client()
            for n in range(WRITES):
                ddb.put_item(TableName="race", Item={"pk": {"S": f"{worker}-{n}"}, "n": {"N": str(n)}})
                ddb.update_item(TableName="race", Key={"pk": {"S": "counter"}}, UpdateExpression="ADD c :one",
                                ExpressionAttributeValues={":one": {"N": "1"}})
                ddb.scan(TableName="race", FilterExpression="n >= :zero",
                         ExpressionAttributeValues={":zero": {"N": "0"}})
            return worker

        with ThreadPoolExecutor(WORKERS) as pool:
            finished = list(pool.map(writer, range(WORKERS)))  # re-raises the first failed request
        assert finished == list(range(WORKERS))
        ddb = client()
        assert ddb.get_item(TableName="race", Key={"pk": {"S": "counter"}})["Item"]["c"] == {"N": str(WORKERS * WRITES)}
        assert ddb.scan(TableName="race", Select="COUNT")["Count"] == WORKERS * WRITES + 1
    finally:
        server.stop()

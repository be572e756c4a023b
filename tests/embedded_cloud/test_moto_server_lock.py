"""moto's server is not thread-safe: concurrent requests corrupt DynamoDB. Ours serialises them.

Without the lock this test sees HTTP 500s ("dictionary changed size during iteration") from transactions
that copy the table while other requests insert into it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
from botocore.config import Config
from embedded_cloud.moto_server import MotoServer

WORKERS, WRITES = 8, 90


@pytest.mark.slow
def test_concurrent_writes_transactions_and_scans_lose_nothing() -> None:
    server = MotoServer(port=0)
    server.start()
    try:
        def client():
            return boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                                aws_access_key_id="test", aws_secret_access_key="test",
                                config=Config(retries={"total_max_attempts": 1}))  # see every failure

        client().create_table(TableName="race", BillingMode="PAY_PER_REQUEST",
                              KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])

        def writer(worker: int) -> int:
            ddb = client()
            for n in range(WRITES):
                ddb.put_item(TableName="race", Item={"id": {"S": f"{worker}-{n}"}, "pad": {"S": "x" * 200}})
                if n % 3 == 0:  # a transaction that fails its condition and rolls back
                    try:
                        ddb.transact_write_items(TransactItems=[{"Put": {
                            "TableName": "race", "Item": {"id": {"S": f"never-{worker}-{n}"}},
                            "ConditionExpression": "attribute_exists(id)"}}])
                    except ddb.exceptions.TransactionCanceledException:
                        pass
                ddb.scan(TableName="race", Select="COUNT")
            return worker

        with ThreadPoolExecutor(WORKERS) as pool:
            finished = list(pool.map(writer, range(WORKERS)))  # re-raises the first failed request
        assert finished == list(range(WORKERS))
        assert client().scan(TableName="race", Select="COUNT")["Count"] == WORKERS * WRITES
    finally:
        server.stop()

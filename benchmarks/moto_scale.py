"""How the embedded cloud's DynamoDB and SQS costs grow with a table's or a queue's size (issue 8).

Starts moto's server in this process (`embedded_cloud.moto_server.MotoServer`, ephemeral port) with the
issue-8 moto fixes installed, then times each operation over HTTP with boto3 against a small and a large
table (queue) and prints the median of each and the ratio large/small. The goal is every ratio under 1.5.

The large sizes are loaded directly into moto's backend under the server lock, through `Table.put_item`
and `SQSBackend.send_message` (the code paths PutItem and SendMessage take, so streams and indexes are
maintained), because 20,000 items over HTTP would take longer than the measurements.

    .venv/bin/python benchmarks/moto_scale.py                 # patched
    .venv/bin/python benchmarks/moto_scale.py --unpatched     # moto 5.2.5 as released, for comparison
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import time
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config
from embedded_cloud.moto_server import MotoServer, backend_lock

ISSUE_8_FIXES = ("dynamodb_query_by_partition", "dynamodb_transaction_rollback", "sqs_send_message_cost")
ACCOUNT = "123456789012"
REGION = "us-east-1"
ITEMS_PER_PARTITION = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unpatched", action="store_true", help="measure moto without the issue-8 fixes")
    parser.add_argument("--repeat", type=int, default=60, help="timed calls per operation and size")
    parser.add_argument("--small-items", type=int, default=100)
    parser.add_argument("--large-items", type=int, default=20_000)
    parser.add_argument("--small-queue", type=int, default=10)
    parser.add_argument("--large-queue", type=int, default=5_000)
    args = parser.parse_args()

    server = MotoServer("127.0.0.1", 0)
    server.start()
    for name in ISSUE_8_FIXES:
        fix = importlib.import_module(f"embedded_cloud.moto_fixes.{name}")
        fix.uninstall() if args.unpatched else fix.install()
    print(f"moto on {server.url}, {'UNPATCHED' if args.unpatched else 'patched'}, {args.repeat} calls each")
    try:
        bench = Bench(server.url, args.repeat)
        rows = bench.dynamodb_rows(args.small_items, args.large_items)
        rows += bench.sqs_rows(args.small_queue, args.large_queue)
    finally:
        server.stop()
    print_table(rows)


class Bench:
    def __init__(self, url: str, repeat: int) -> None:
        session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
        config = Config(retries={"max_attempts": 1})
        self.dynamodb = session.client("dynamodb", endpoint_url=url, config=config)
        self.sqs = session.client("sqs", endpoint_url=url, config=config)
        self.repeat = repeat

    # DynamoDB ------------------------------------------------------------------------------------------
    def dynamodb_rows(self, small: int, large: int) -> list[tuple[str, str, float, str, float]]:
        timings = {size: self._dynamodb_timings(size) for size in (small, large)}
        return [
            (op, f"{small} items", timings[small][op], f"{large:,} items", timings[large][op]) for op in timings[small]
        ]

    def _dynamodb_timings(self, size: int) -> dict[str, float]:
        table = f"bench-{size}"
        self._create_table(table)
        print(f"loading {size:,} items into {table} (directly into the backend, under the lock)")
        started = time.perf_counter()
        load_items(table, size)
        load_published(table, size)
        print(f"  loaded in {time.perf_counter() - started:.1f} s")
        put = self.dynamodb.put_item
        put(TableName=table, Item=item("BENCH#query", "only", "BENCH#gsi-query"))
        existing = {"PK": {"S": "EVENT#0"}, "SK": {"S": "TICKET#0"}}

        def transaction(r: int, fail: bool) -> None:
            middle: dict[str, Any] = {"Put": {"TableName": table, "Item": item(f"TX#{fail}#{r}", "b", "TX")}}
            if fail:
                middle = {
                    "ConditionCheck": {
                        "TableName": table,
                        "Key": existing,
                        "ConditionExpression": "attribute_not_exists(PK)",
                    }
                }
            items = [
                {"Put": {"TableName": table, "Item": item(f"TX#{fail}#{r}", "a", "TX")}},
                middle,
                {"Put": {"TableName": table, "Item": item(f"TX#{fail}#{r}", "c", "TX")}},
            ]
            try:
                self.dynamodb.transact_write_items(TransactItems=items)
            except self.dynamodb.exceptions.TransactionCanceledException:
                if not fail:
                    raise
            else:
                if fail:
                    raise AssertionError("the failing transaction succeeded")

        def one_item_query(r: int) -> None:
            found = self.dynamodb.query(
                TableName=table,
                KeyConditionExpression="PK = :pk",
                ExpressionAttributeValues={":pk": {"S": "BENCH#query"}},
            )["Items"]
            assert len(found) == 1, found

        def one_item_gsi_query(r: int) -> None:
            found = self.dynamodb.query(
                TableName=table,
                IndexName="ByOwner",
                KeyConditionExpression="GSI1PK = :pk",
                ExpressionAttributeValues={":pk": {"S": "BENCH#gsi-query"}},
            )["Items"]
            assert len(found) == 1, found

        def gsi_partition_page(r: int) -> None:
            found = self.dynamodb.query(
                TableName=table,
                IndexName="ByOwner",
                KeyConditionExpression="GSI1PK = :pk AND GSI1SK >= :from",
                ExpressionAttributeValues={":pk": {"S": "PUBLISHED"}, ":from": {"S": f"DATE#{size // 2:06d}"}},
                ScanIndexForward=r % 2 == 0,
                Limit=20,
            )["Items"]
            assert len(found) == 20, len(found)

        operations: dict[str, Callable[[int], None]] = {
            "PutItem": lambda r: put(TableName=table, Item=item("BENCH#put", str(r), f"PUT#{r}")),
            "GetItem": lambda r: self.dynamodb.get_item(TableName=table, Key=existing),
            "Query, one item": one_item_query,
            "Query on a GSI, one item": one_item_gsi_query,
            "Query on a GSI partition of every item, Limit 20": gsi_partition_page,
            "TransactWriteItems, 3 items, succeeds": lambda r: transaction(r, fail=False),
            "TransactWriteItems, 3 items, cancelled": lambda r: transaction(r, fail=True),
        }
        return {name: self._median_ms(name, size, op) for name, op in operations.items()}

    def _create_table(self, name: str) -> None:
        self.dynamodb.create_table(
            TableName=name,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": attr, "AttributeType": "S"} for attr in ("PK", "SK", "GSI1PK", "GSI1SK")
            ],
            KeySchema=[
                {"AttributeName": "PK", "KeyType": "HASH"},
                {"AttributeName": "SK", "KeyType": "RANGE"},
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "ByOwner",
                    "KeySchema": [
                        {"AttributeName": "GSI1PK", "KeyType": "HASH"},
                        {"AttributeName": "GSI1SK", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )

    # SQS -----------------------------------------------------------------------------------------------
    def sqs_rows(self, small: int, large: int) -> list[tuple[str, str, float, str, float]]:
        medians = {size: self._send_message_median(size) for size in (small, large)}
        return [("SendMessage", f"{small} queued", medians[small], f"{large:,} queued", medians[large])]

    def _send_message_median(self, queued: int) -> float:
        name = f"bench-{queued}"
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        print(f"queueing {queued:,} messages on {name} (directly into the backend, under the lock)")
        queue = load_messages(name, queued)

        def send(r: int) -> None:
            self.sqs.send_message(QueueUrl=url, MessageBody=f"message {r}")
            with backend_lock():  # untimed: keep the queue at its size
                queue._messages.pop()

        return self._median_ms("SendMessage", queued, send)

    # ---------------------------------------------------------------------------------------------------
    def _median_ms(self, name: str, size: int, operation: Callable[[int], None]) -> float:
        for r in range(3):
            operation(-1 - r)  # warm-up
        samples = []
        for r in range(self.repeat):
            started = time.perf_counter()
            operation(r)
            samples.append((time.perf_counter() - started) * 1000)
        median = statistics.median(samples)
        print(f"  {name} at {size:,}: {median:.2f} ms")
        return median


def item(pk: str, sk: str, owner: str) -> dict[str, Any]:
    return {
        "PK": {"S": pk},
        "SK": {"S": sk},
        "GSI1PK": {"S": owner},
        "GSI1SK": {"S": f"{pk}#{sk}"},
        "title": {"S": "An evening of chamber music at the old theatre"},
        "price": {"N": "25.50"},
        "tags": {"SS": ["music", "classical", "evening"]},
    }


def load_items(table_name: str, count: int) -> None:
    from moto.dynamodb.models import dynamodb_backends

    with backend_lock():
        table = dynamodb_backends[ACCOUNT][REGION].get_table(table_name)
        for i in range(count):
            partition = i // ITEMS_PER_PARTITION
            table.put_item(item(f"EVENT#{partition}", f"TICKET#{i % ITEMS_PER_PARTITION}", f"OWNER#{partition}"))


def load_published(table_name: str, count: int) -> None:
    """As many items again, all in one GSI partition (as the events context lists published events)."""
    from moto.dynamodb.models import dynamodb_backends

    with backend_lock():
        table = dynamodb_backends[ACCOUNT][REGION].get_table(table_name)
        for i in range(count):
            published = item(f"PUB#{i}", "META", "PUBLISHED")
            published["GSI1SK"] = {"S": f"DATE#{(i * 7919) % count:06d}"}
            table.put_item(published)


def load_messages(queue_name: str, count: int) -> Any:
    from moto.sqs.models import sqs_backends

    with backend_lock():
        backend = sqs_backends[ACCOUNT][REGION]
        for i in range(count):
            backend.send_message(queue_name, f"queued {i}")
        return backend.get_queue(queue_name)


def print_table(rows: list[tuple[str, str, float, str, float]]) -> None:
    print()
    print("| operation | small | median ms | large | median ms | large/small |")
    print("|---|---|---:|---|---:|---:|")
    for name, small_label, small_ms, large_label, large_ms in rows:
        ratio = large_ms / small_ms
        print(f"| {name} | {small_label} | {small_ms:.2f} | {large_label} | {large_ms:.2f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()

"""CPU the embedded cloud's moto spends on a checkout's DynamoDB calls, with and without some moto fixes.

Starts moto's server (`embedded_cloud.moto_server.MotoServer`, every fix of `moto_fixes.FIXES` installed, as
the platform runs it, less those named by --without) in a child process, with the ticketing table of
infrastructure/ticketing.yaml, and sends it the DynamoDB calls one checkout makes, in the shapes pynamodb sends:
the token's revocation BatchGetItem, the ticket types' BatchGetItem, the event replica's GetItem, the reservation
(TransactWriteItems: a condition check, the stock, two buyer counters, the order, a ticket), the Stripe session
on the order and the saga's task token (one conditional Update each). Prints the server process's CPU per
checkout (user + system, read from /proc: what other work on the machine does not change much, unlike a
latency) for each configuration, several rounds alternating, and the median.

    .venv/bin/python benchmarks/checkout_writes.py [--checkouts 300] [--rounds 3] \
        [--without dynamodb_update_validation dynamodb_item_size]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "infrastructure"), str(ROOT / "tests")]
REGION = "us-east-1"
TABLE = "ticketing"


def serve(without: list[str], ready: Any, stop: Any) -> None:
    from embedded_cloud import moto_fixes
    from embedded_cloud.moto_server import MotoServer

    server = MotoServer("127.0.0.1", 0)
    server.start()  # installs every fix
    for name in without:
        __import__(f"embedded_cloud.moto_fixes.{name}", fromlist=["uninstall"]).uninstall()
    assert set(without) <= set(moto_fixes.FIXES), without
    ready.send(server.port)
    stop.wait()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def S(value: str) -> dict[str, str]:  # noqa: N802 - DynamoDB's type letter
    return {"S": value}


def checkout(client: Any) -> None:
    order, ticket, user = (str(uuid.uuid4()) for _ in range(3))
    client.batch_get_item(RequestItems={TABLE: {"Keys": [{"PK": S(f"REVOKED#{user}"), "SK": S("REVOKED")}]}})
    client.batch_get_item(RequestItems={TABLE: {"Keys": [{"PK": S("TICKETTYPE#t"), "SK": S("TICKETTYPE")}]}})
    client.get_item(TableName=TABLE, Key={"PK": S("EVENT#e"), "SK": S("PROFILE")}, ConsistentRead=True)
    details = {f"field{n}": S("v" * 36) for n in range(12)}
    client.transact_write_items(TransactItems=[
        {"ConditionCheck": {"TableName": TABLE, "Key": {"PK": S("EVENT#e"), "SK": S("PROFILE")},
                            "ConditionExpression": "(attribute_not_exists (#0) AND #1 = :0)",
                            "ExpressionAttributeNames": {"#0": "deletedAt", "#1": "status"},
                            "ExpressionAttributeValues": {":0": S("PUBLISHED")}}},
        {"Update": {"TableName": TABLE, "Key": {"PK": S("TICKETTYPE#t"), "SK": S("TICKETTYPE")},
                    "UpdateExpression": "ADD #0 :0, #1 :1",
                    "ConditionExpression": "(attribute_exists (#2) AND #0 >= :2)",
                    "ExpressionAttributeNames": {"#0": "available", "#1": "sold", "#2": "PK"},
                    "ExpressionAttributeValues": {":0": {"N": "-1"}, ":1": {"N": "1"}, ":2": {"N": "1"}}}},
        *({"Update": {"TableName": TABLE, "Key": {"PK": S(f"USER#{user}"), "SK": S(sk)},
                      "UpdateExpression": "ADD #0 :0",
                      "ConditionExpression": "(attribute_not_exists (#0) OR #0 < :1)",
                      "ExpressionAttributeNames": {"#0": "count"},
                      "ExpressionAttributeValues": {":0": {"N": "1"}, ":1": {"N": "100"}}}}
          for sk in ("OPEN_ORDERS", "EVENT#e#TICKETS")),
        {"Put": {"TableName": TABLE, "ConditionExpression": "attribute_not_exists (#0)",
                 "ExpressionAttributeNames": {"#0": "PK"},
                 "Item": {"PK": S(f"ORDER#{order}"), "SK": S("ORDER"), "status": S("PENDING"),
                          "lines": {"L": [{"M": {"ticketTypeId": S("t"), "quantity": {"N": "1"}}}]},
                          "amount": {"M": {"amount": {"N": "1500"}, "currency": S("EUR")}}, **details}}},
        {"Put": {"TableName": TABLE, "ConditionExpression": "attribute_not_exists (#0)",
                 "ExpressionAttributeNames": {"#0": "PK"},
                 "Item": {"PK": S(f"TICKET#{ticket}"), "SK": S("TICKET"), "status": S("PENDING_PAYMENT"),
                          **details}}},
    ])
    for names, values in (({"#0": "sessionId", "#1": "sessionUrl"}, {":0": S("cs_" + order), ":1": S("u" * 90)}),
                          ({"#0": "taskToken"}, {":0": S("t" * 200)})):
        client.transact_write_items(TransactItems=[{"Update": {
            "TableName": TABLE, "Key": {"PK": S(f"ORDER#{order}"), "SK": S("ORDER")},
            "UpdateExpression": "SET " + ", ".join(f"{n} = :{n[1:]}" for n in names),
            "ConditionExpression": "#s = :p", "ExpressionAttributeNames": {**names, "#s": "status"},
            "ExpressionAttributeValues": {**values, ":p": S("PENDING")}}}])


def measure(without: list[str], checkouts: int) -> float:
    import boto3
    from botocore.config import Config
    from support.context_tables import table_properties

    parent, child = multiprocessing.Pipe()
    stop = multiprocessing.Event()
    process = multiprocessing.get_context("fork").Process(target=serve, args=(without, child, stop))
    process.start()
    try:
        port = parent.recv()
        client = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{port}", region_name=REGION,
                              aws_access_key_id="x", aws_secret_access_key="x",
                              config=Config(retries={"max_attempts": 1}))
        client.create_table(TableName=TABLE, **table_properties("ticketing"))
        client.put_item(TableName=TABLE, Item={"PK": S("EVENT#e"), "SK": S("PROFILE"), "status": S("PUBLISHED")})
        client.put_item(TableName=TABLE, Item={"PK": S("TICKETTYPE#t"), "SK": S("TICKETTYPE"),
                                               "available": {"N": "100000000"}, "sold": {"N": "0"}})
        for _ in range(20):  # warm: first requests import and build what later ones reuse
            checkout(client)
        before = cpu_seconds(process.pid)
        for _ in range(checkouts):
            checkout(client)
        return (cpu_seconds(process.pid) - before) * 1000 / checkouts
    finally:
        stop.set()
        process.join(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkouts", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--without", nargs="*", default=["dynamodb_update_validation", "dynamodb_item_size"],
                        help="fixes to compare against (taken out in the first configuration)")
    args = parser.parse_args()
    configurations = {f"without {' '.join(args.without)}": args.without, "every fix": []}
    figures: dict[str, list[float]] = {name: [] for name in configurations}
    for _ in range(args.rounds):
        for name, without in configurations.items():
            figures[name].append(measure(without, args.checkouts))
    print(f"moto server CPU per checkout's DynamoDB calls ({args.checkouts} checkouts, {args.rounds} rounds, "
          f"load average {os.getloadavg()[0]:.1f}):")
    for name, values in figures.items():
        print(f"  {name:>60}: median {statistics.median(values):.2f} ms "
              f"({', '.join(f'{v:.2f}' for v in values)})")
    first, last = (statistics.median(v) for v in figures.values())
    print(f"  ratio every fix / without: {last / first:.2f}")


if __name__ == "__main__":
    main()

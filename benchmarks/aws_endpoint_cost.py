"""What one small AWS call costs the embedded cloud's AWS endpoint in CPU (issues 17 and 18), old and new code.

    .venv/bin/python benchmarks/aws_endpoint_cost.py --tree /path/to/old/checkout --tree . [--rounds 6] [--calls 200]

For each checkout it starts the AWS endpoint alone (`moto_server.MotoServer` with our moto fixes, its
infrastructure/ on PYTHONPATH) in a process of its own, creates a table, then, round after round, sends each
server in turn `--calls` DynamoDB GetItem + UpdateItem pairs through one kept-alive boto3 client (as a Lambda
worker does), so that old and new run interleaved at the same load. The figure is the server process's CPU per
call (benchmarks/process_cpu.py): what the platform spends on a worker's call, HTTP server and moto together.
Linux only.

Measured 2026-12-05 on the shared 2-core machine (load average 11-13), 6 rounds x 300 calls, interleaved, median
per call; the figure includes the interpreter's other threads of that process (none busy here):

| checkout | server CPU / call |
|---|---|
| before (5f52a48: http.server's parser, werkzeug's environ, two writes per answer) | 0.85 ms |
| keep_alive reads the common request by hand, answers in one write | 0.68 ms |

A second run (load 8-10, 8 rounds x 400 calls), the three interleaved:

| checkout | server CPU / call |
|---|---|
| before (5f52a48) | 0.72 ms |
| one write, hand-read headers (bec0890) | 0.60 ms |
| + request lines, header keys and moto's raw_url remembered, the connection's environ built once | 0.57 ms |

Per registration (benchmarks/registration_cost.py --users 12 --rounds 2, main's infrastructure/ with and without
both cuts on PYTHONPATH, old/new/old/new, load 10-12), platform CPU: unverified 47-48 -> 42-44 ms, verified 65-70
-> 62-63 ms; the workers' unchanged (33-35, 48-52 ms).

Where a call's server CPU goes after the cuts (py-spy --gil on a running `eventonight up`, GetItem + UpdateItem):
the HTTP server (reading, environ, answer) ~13 %, moto's request setup (`setup_class`: werkzeug's form parsing,
the access key and account, IAM's visit record) ~20 %, DynamoDB's own work (UpdateItem's validation and the
durable journal's marks) the rest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import boto3
from botocore.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from process_cpu import cpu_of  # noqa: E402

SERVER = """
import sys, threading
from embedded_cloud.moto_server import MotoServer
server = MotoServer(port=0)
server.start()
print(server.port, flush=True)
sys.stdin.read()
server.stop()
"""
KEY = {"pk": {"S": "USER#1"}, "sk": {"S": "PROFILE"}}


class Endpoint:
    def __init__(self, tree: Path) -> None:
        self.tree = tree
        environment = {**os.environ, "PYTHONPATH": str(tree / "infrastructure"), "AWS_ACCESS_KEY_ID": "test",
                       "AWS_SECRET_ACCESS_KEY": "test"}
        self.process = subprocess.Popen([sys.executable, "-c", SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, env=environment)
        port = int(self.process.stdout.readline())  # type: ignore[union-attr]
        self.client = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                                   aws_access_key_id="test", aws_secret_access_key="test",
                                   config=Config(retries={"max_attempts": 1}))
        self.client.create_table(TableName="bench", BillingMode="PAY_PER_REQUEST",
                                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                            {"AttributeName": "sk", "KeyType": "RANGE"}],
                                 AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                                       {"AttributeName": "sk", "AttributeType": "S"}])
        self.client.put_item(TableName="bench", Item={**KEY, "visits": {"N": "0"}, "name": {"S": "Ada"}})

    def round(self, calls: int) -> tuple[float, float]:
        """(server CPU ms per call, wall ms per call)."""
        before = cpu_of(self.process.pid).platform
        began = time.perf_counter()
        for _ in range(calls // 2):
            self.client.get_item(TableName="bench", Key=KEY)
            self.client.update_item(TableName="bench", Key=KEY, UpdateExpression="ADD visits :one",
                                    ExpressionAttributeValues={":one": {"N": "1"}})
        wall = time.perf_counter() - began
        return (cpu_of(self.process.pid).platform - before) * 1000 / calls, wall * 1000 / calls

    def stop(self) -> None:
        self.process.stdin.close()  # type: ignore[union-attr]
        self.process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tree", action="append", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    endpoints = [Endpoint(tree.resolve()) for tree in args.tree]
    try:
        for endpoint in endpoints:
            endpoint.round(args.calls)  # warm: moto's lazily imported modules, botocore's models
        figures: dict[Path, list[tuple[float, float]]] = {endpoint.tree: [] for endpoint in endpoints}
        for _ in range(args.rounds):
            for endpoint in endpoints:
                figures[endpoint.tree].append(endpoint.round(args.calls))
        print(f"load average {os.getloadavg()[0]:.1f}; {args.rounds} rounds x {args.calls} calls, median per call")
        print("| checkout | server CPU / call | wall / call |\n|---|---|---|")
        for tree, rounds in figures.items():
            cpu = statistics.median(r[0] for r in rounds)
            wall = statistics.median(r[1] for r in rounds)
            print(f"| {tree} | {cpu:.2f} ms | {wall:.2f} ms |")
    finally:
        for endpoint in endpoints:
            endpoint.stop()


if __name__ == "__main__":
    main()

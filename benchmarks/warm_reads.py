"""Warm reads through the HTTP gateway against the cost of one DynamoDB GetItem on the AWS endpoint.

Starts the whole template on an embedded cloud (`eventonight up`, in its own process), registers an
organization and a member through the API, publishes an event through the API, warms the functions, then
times (sequentially, one request at a time) GET /events/{id}, GET /notifications/unread-count with the member's
token, and a DynamoDB GetItem of the event's item on the AWS endpoint (the floor: one moto round trip). Prints
the median and p90 of each, each read's median over the GetItem's, and the CPU per request of the platform
process and of the function workers.

    .venv/bin/python benchmarks/warm_reads.py [--requests 200]

2026-12-04, back to back at a load average near 4: GET /events/{id} 10.0 ms, unread-count 7.1 ms, GetItem
4.6 ms before the pollers stopped holding moto's lock and the AWS endpoint kept connections alive; 9.1, 6.3 and
4.0 ms after (2.3x and 1.6x a GetItem); the platform's CPU per read 8.3 -> 6.0 ms and 5.5 -> 3.6 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "e2e" / "notifications"),
                str(ROOT / "layers" / "kernel" / "python")]

from notifications_e2e import published_event  # noqa: E402
from process_cpu import cpu_of  # noqa: E402
from support.cloud import RunningCloud  # noqa: E402
from support.platform import Platform  # noqa: E402
from support.polling import eventually  # noqa: E402


def say(text: str) -> None:
    print(text, flush=True)


def timed(call: Callable[[], object], requests: int, pid: int) -> dict[str, float]:
    for _ in range(10):  # warm: every worker the route needs is up
        call()
    took = []
    before = cpu_of(pid)
    for _ in range(requests):
        began = time.perf_counter()
        call()
        took.append((time.perf_counter() - began) * 1000)
    cpu = cpu_of(pid) - before
    ordered = sorted(took)
    return {"median": statistics.median(ordered), "p90": ordered[int(len(ordered) * 0.9) - 1],
            "platform_cpu": cpu.platform * 1000 / requests, "workers_cpu": cpu.workers * 1000 / requests}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        say("starting the platform ...")
        cloud = RunningCloud(ROOT / "template.yaml", Path(data), "--quiet")
        try:
            platform = Platform(cloud)
            organization, member = platform.register("organization"), platform.register("member")
            event_id = published_event(platform, organization, title="Warm read night")["eventId"]
            eventually(lambda: platform.request("GET", f"/events/{event_id}").status == 200, timeout=60)
            ddb = cloud.client("dynamodb")
            table = next(n for n in ddb.list_tables()["TableNames"] if "Events" in n and "Table" in n)
            key = {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": "EVENT"}}  # the layout events.store writes

            def get_event() -> None:
                assert platform.request("GET", f"/events/{event_id}").status == 200

            def unread_count() -> None:
                assert platform.request("GET", "/notifications/unread-count", user=member).status == 200

            def get_item() -> None:
                assert "Item" in ddb.get_item(TableName=table, Key=key)

            pid = cloud.process.pid
            results = {"GET /events/{id}": timed(get_event, args.requests, pid),
                       "GET /notifications/unread-count": timed(unread_count, args.requests, pid),
                       "DynamoDB GetItem on :4566": timed(get_item, args.requests, pid)}
        finally:
            cloud.stop()
    floor = results["DynamoDB GetItem on :4566"]["median"]
    say(f"{'':34} {'median ms':>10} {'p90 ms':>8} {'x GetItem':>10} {'platform CPU ms':>16} {'workers CPU ms':>15}")
    for name, r in results.items():
        say(f"{name:34} {r['median']:>10.1f} {r['p90']:>8.1f} {r['median'] / floor:>10.1f} "
            f"{r['platform_cpu']:>16.1f} {r['workers_cpu']:>15.1f}")


if __name__ == "__main__":
    main()

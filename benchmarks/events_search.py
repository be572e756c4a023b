"""How event discovery's latency grows with the number of events: search, upcoming and near at 100 and 10,000.

Starts the whole template on an embedded cloud (`eventonight up`, in its own process), registers one
organization through the API, then loads events straight into the events table through boto3 on the cloud's
AWS endpoint, with the item layout the events store writes (`events.store.items_for`: the event item and its
listing entries). It times each request through the HTTP gateway (a first page of 20) and prints the median
at each size and the ratio large/small. The goal is a flat curve (ratio near 1). At the large size it times
twice: right after the bulk load, while the tables' stream pollers still read its records (every stream record
passes the relays' filters, one batch at a time), and once more.

    .venv/bin/python benchmarks/events_search.py [--small 100] [--large 10000] [--repeat 25]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "layers" / "kernel" / "python"), str(ROOT / "functions" / "events")]

from support.cloud import RunningCloud  # noqa: E402
from support.platform import Platform  # noqa: E402

QUERIES = {
    "search (PUBLISHED by date)": "/events/search?limit=20",
    "search (tag Rock, by date)": "/events/search?limit=20&tags=Rock",
    "search (query substring)": "/events/search?limit=20&query=night",
    "upcoming": "/events/search?limit=20&other=upcoming",
    "popular": "/events/search?limit=20&other=popular",
    "near (Milan)": "/events/search?limit=20&near=45.4642,9.1900",
}
TAGS = ["Rock", "Pop", "Club", "Bar", "Concert", "DJ Set", "Students", "Outdoor"]
CITIES = [("Milano", 45.4642, 9.19), ("Roma", 41.9028, 12.4964), ("Paris", 48.8566, 2.3522),
          ("Berlin", 52.52, 13.405), ("Madrid", 40.4168, -3.7038), ("Wien", 48.2082, 16.3738),
          ("Lisboa", 38.7223, -9.1393), ("Praha", 50.0755, 14.4378)]


def say(text: str) -> None:
    print(text, flush=True)


def events_table(cloud: RunningCloud) -> str:
    names = cloud.client("dynamodb").list_tables()["TableNames"]
    return next(n for n in names if "Events" in n and "Table" in n)


def make_events(count: int, creator: str, rng: random.Random) -> list[Any]:
    from events.domain import PUBLISHED, Event, Location

    now = datetime.now(UTC)
    made = []
    for i in range(count):
        city, lat, lon = rng.choice(CITIES)
        start = now + timedelta(days=rng.uniform(1, 365))
        made.append(Event(
            id=str(uuid.uuid4()), status=PUBLISHED, created_at=now - timedelta(seconds=rng.uniform(0, 86400 * 60)),
            creator_id=creator, poster="http://127.0.0.1/media/events/default.png",
            title=f"{rng.choice(['Jazz', 'Techno', 'Indie', 'Salsa', 'Opera'])} {rng.choice(['night', 'day'])} {i}",
            description="A benchmark event.", tags=tuple(rng.sample(TAGS, rng.randint(1, 2))),
            location=Location(name=f"Venue {i % 500}", country="Somewhere", country_code="XX", city=city,
                              road="Main street", postcode="00000", lat=lat + rng.gauss(0, 0.08),
                              lon=lon + rng.gauss(0, 0.08)),
            date=start.strftime("%Y-%m-%dT%H:%M:%S"), timezone="UTC", likes=rng.randint(0, 200),
            tickets_sold=rng.randint(0, 50)))
    return made


def load(cloud: RunningCloud, table: str, events: list[Any]) -> None:
    from events import store

    dynamodb = cloud.client("dynamodb")
    items = [item.serialize() for event in events for item in store.items_for(event)]
    started = time.monotonic()
    for start in range(0, len(items), 25):
        batch = [{"PutRequest": {"Item": item}} for item in items[start:start + 25]]
        while batch:
            unprocessed = dynamodb.batch_write_item(RequestItems={table: batch}).get("UnprocessedItems", {})
            batch = unprocessed.get(table, [])
        if start % 2500 == 0:
            say(f"  loaded {start + len(items[start:start + 25])}/{len(items)} items "
                f"({time.monotonic() - started:.0f}s)")
    say(f"  loaded {len(events)} events as {len(items)} items in {time.monotonic() - started:.0f}s")


def cloud_cpu_seconds(root_pid: int) -> float:
    """User + system CPU of the cloud's process and its descendants (moto, gateways, Lambda workers), from /proc
    (Linux): the work a request costs, which a busy machine does not inflate as it does wall-clock time."""
    processes = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        processes[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    family, total, changed = {root_pid}, 0.0, True
    while changed:
        changed = False
        for pid, (parent, _) in processes.items():
            if parent in family and pid not in family:
                family.add(pid)
                changed = True
    for pid in family:
        total += processes.get(pid, (0, 0.0))[1]
    return total


def measure(platform: Platform, repeat: int) -> dict[str, tuple[float, float]]:
    """Per query: the median milliseconds (NaN when a request failed: the function's timeout answers 500) and the
    cloud's CPU milliseconds per request."""
    results = {}
    for name, path in QUERIES.items():
        timings, failures = [], 0
        cpu_before = cloud_cpu_seconds(platform.cloud.process.pid)
        for _ in range(repeat):
            started = time.perf_counter()
            response = platform.request("GET", path)
            timings.append((time.perf_counter() - started) * 1000)
            failures += response.status != 200
        cpu = (cloud_cpu_seconds(platform.cloud.process.pid) - cpu_before) * 1000 / repeat
        results[name] = (statistics.median(timings) if not failures else float("nan"), cpu)
        outcome = f"({len(response.json['items'])} items)" if not failures else f"FAILED {failures}/{repeat}: " \
            f"{response.status} after {statistics.median(timings):.0f} ms"
        say(f"  {name:<30} {results[name][0]:8.1f} ms  cloud CPU {cpu:7.1f} ms/request  {outcome}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--only", default="", help="time only the queries whose name holds this, like near")
    args = parser.parse_args()
    for name in [n for n in QUERIES if args.only not in n]:
        del QUERIES[name]
    rng = random.Random(8)
    with tempfile.TemporaryDirectory() as data_dir:
        say("starting the embedded cloud ...")
        cloud = RunningCloud(ROOT / "template.yaml", Path(data_dir), "--quiet")
        try:
            platform = Platform(cloud)
            table = events_table(cloud)
            os.environ["TABLE_NAME"] = table
            org = platform.register("organization")
            say(f"events table {table}; loading {args.small} events ...")
            load(cloud, table, make_events(args.small, org.id, rng))
            say(f"timing at {args.small} events ({args.repeat} requests each) ...")
            small = measure(platform, args.repeat)
            say(f"loading {args.large - args.small} more events ...")
            load(cloud, table, make_events(args.large - args.small, org.id, rng))
            say(f"timing at {args.large} events, right after the load ...")
            after_load = measure(platform, args.repeat)
            say(f"timing at {args.large} events again (the stream pollers have read the load's records) ...")
            large = measure(platform, args.repeat)
        finally:
            cloud.stop()
    say("")
    say(f"| query (first page of 20) | {args.small} events: ms (CPU ms) | {args.large} events: ms (CPU ms) "
        f"| ratio ms (CPU) | {args.large}, right after the load: ms (CPU ms) |")
    say("|---|---:|---:|---:|---:|")
    for name in QUERIES:
        (s_ms, s_cpu), (l_ms, l_cpu), (a_ms, a_cpu) = small[name], large[name], after_load[name]
        say(f"| {name} | {s_ms:.1f} ({s_cpu:.1f}) | {l_ms:.1f} ({l_cpu:.1f}) | {l_ms / s_ms:.2f} ({l_cpu / s_cpu:.2f}) "
            f"| {a_ms:.1f} ({a_cpu:.1f}) |")

if __name__ == "__main__":
    main()

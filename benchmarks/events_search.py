"""How event discovery's latency grows with the number of events: search, upcoming and near at 100 and 10,000.

Starts the whole template on an embedded cloud (`eventonight up`, in its own process), registers one
organization through the API, then loads events straight into the events table through boto3 on the cloud's
AWS endpoint, with the item layout the events store writes (`events.store.items_for`: the event item and its
listing entries). It times each request through the HTTP gateway (a first page of 20) and prints the median
at each size and the ratio large/small. The goal is a flat curve (ratio near 1).

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


def measure(platform: Platform, repeat: int) -> dict[str, float]:
    """Median milliseconds of each query; NaN when it failed (the function's timeout answers 500)."""
    medians = {}
    for name, path in QUERIES.items():
        timings, failures = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            response = platform.request("GET", path)
            timings.append((time.perf_counter() - started) * 1000)
            failures += response.status != 200
        medians[name] = statistics.median(timings) if not failures else float("nan")
        outcome = f"({len(response.json['items'])} items)" if not failures else f"FAILED {failures}/{repeat}: " \
            f"{response.status} after {statistics.median(timings):.0f} ms"
        say(f"  {name:<30} {medians[name]:8.1f} ms  {outcome}")
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()
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
            say(f"timing at {args.large} events ...")
            large = measure(platform, args.repeat)
        finally:
            cloud.stop()
    say("")
    say(f"| query (first page of 20) | {args.small} events (ms) | {args.large} events (ms) | ratio |")
    say("|---|---:|---:|---:|")
    for name in QUERIES:
        say(f"| {name} | {small[name]:.1f} | {large[name]:.1f} | {large[name] / small[name]:.2f} |")


if __name__ == "__main__":
    main()

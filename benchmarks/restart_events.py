"""The whole platform's restart with N events held, and its idle CPU, before and after (issue 14).

Loads `--events` events into a fresh data dir through BatchWriteItem on the AWS endpoint (a first `eventonight up`
of the full template, without fsync, from three threads), with the item layout the events store writes
(`events.store.items_for`: each event and its listing copies, ~3.5 items), waits until the platform has worked
through their stream records and stops it. Then, fsync on as for a person:

  start      a start with the events (after that clean stop)
  idle       CPU of the platform and its workers over `--seconds` with nothing asked (snapshots, pollers)
  crash      `kill -9` of the whole platform, then the time until `up` is ready again (journal replay on top of
             the last compaction, deploy, workers), and the same idle measure after it
  stop       a clean stop (SIGTERM), then the time until ready again

    .venv/bin/python benchmarks/restart_events.py [--events 10000] [--seconds 30] [--keep DIR [--reuse]]

Measured 2026-12-05 on the shared 2-core machine while six helpers ran tests (load average 12-28: wall times are
2-10x the CPU times, which are the comparable figures). Before (0f2cc93) and after (the collector off and frozen
while state is restored, read stream records left out of compactions, DynamoDB values built directly, libyaml,
moto's EC2 regions without EC2's model), interleaved, each on the data dir its own version leaves:

    ready (CPU of the platform process; wall)   before                          after
    100 events, start after a clean stop        4.7 s; 18.3 s                   3.5 s; 11.2 s
    100 events, after kill -9                   5.0 s; 16.7 s                   3.4 s; 10.7 s
    100 events, after a clean stop              4.8 s; 23.6 s                   3.2 s;  8.2 s
    10,000 events, start after a clean stop     11.6, 11.0 s; 64, 22 s          6.4, 5.8, 5.3, 5.8 s; 37, 46, 23, 36 s
    10,000 events, after kill -9                11.8, 10.9 s; 104, 24 s         6.0, 6.3, 5.4 s; 25, 63, 25 s
    10,000 events, after a clean stop           11.6, 11.3 s; 59, 50 s          5.6, 6.0 s; 15, 75 s
    idle after each start                       platform 0.0-0.1 %, workers 0.0 % (both)

    The data each version leaves at 10,000 events (34,997 items): before a 171 MB snapshot (items and all their
    stream records) and a 14 MB journal; after an 86 MB snapshot (the items; the records every relay had read are
    left out) once the compaction after the load has run. Where the after's ~6 s go: an empty start ~3.1 s
    (deploy 1.7 s, moto and its fixes 0.7 s), reading the snapshot's JSON 0.55 s, building moto's items 0.7 s.
    Loading the 10,000 events took 286 s at load ~20 (226 s before, one thread with fsync, at a lower load): the
    server's BatchWriteItem work and the relays bound it, not the client.

Then (issues 17, 18) the deploy made cheaper (its calls handed to moto's app in the process, Lambda functions
created in moto's backend, botocore's files read once per process, the queues listed once: 364 -> 154 calls),
before (d858c9b) and after (be3221d), interleaved on copies of one data dir of 10,000 events (load 10-16):

    ready (CPU of the platform process)          before                           after
    10,000 events, start after a clean stop      5.4, 6.2, 5.4 s; 28, 63, 34 s    4.3, 4.2 s; 17, 24 s
    10,000 events, after kill -9                 5.7, 6.2, 5.5 s; 24, 62, 28 s    4.3, 4.5 s; 22, 33 s
    10,000 events, after a clean stop            5.6, 5.7, 5.5 s; 30, 48, 30 s    4.3, 4.6 s; 20, 29 s
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests"), str(ROOT / "layers" / "kernel" / "python"),
                str(ROOT / "functions" / "events")]

from events_search import events_table, make_events  # noqa: E402
from process_cpu import cpu_of  # noqa: E402
from support.cloud import RunningCloud  # noqa: E402
from support.platform import Platform  # noqa: E402

ARGS = ("--quiet",)


def say(text: str) -> None:
    print(text, flush=True)


def settle(cloud: RunningCloud, limit: float = 600.0) -> float:
    """Seconds until the platform is quiet: 5 s with under 0.5 s of CPU (its pollers done with the load)."""
    started, last = time.monotonic(), cpu_of(cloud.process.pid)
    while time.monotonic() - started < limit:
        time.sleep(5)
        now = cpu_of(cloud.process.pid)
        if (now.platform + now.workers) - (last.platform + last.workers) < 0.5:
            break
        last = now
    return time.monotonic() - started


def idle(cloud: RunningCloud, seconds: float) -> tuple[float, float]:
    """Share of a core (platform, workers) over `seconds` of nothing asked."""
    before, began = cpu_of(cloud.process.pid), time.monotonic()
    time.sleep(seconds)
    used, elapsed = cpu_of(cloud.process.pid) - before, time.monotonic() - began
    return used.platform / elapsed * 100, used.workers / elapsed * 100


def started(data_dir: Path, fsync: bool = True) -> tuple[RunningCloud, str]:
    """The cloud, and how long until it said it was ready: wall time, and the CPU its process used for it (on a
    loaded machine the comparable figure)."""
    began = time.monotonic()
    cloud = RunningCloud(ROOT / "template.yaml", data_dir, *ARGS, fsync=fsync, ready_seconds=600)
    cpu = cpu_of(cloud.process.pid)
    return cloud, f"{time.monotonic() - began:.1f} s ({cpu.platform:.1f} s CPU, workers {cpu.workers:.1f} s)"


def state_size(data_dir: Path) -> str:
    journal = sum(p.stat().st_size for p in (data_dir / "journal").glob("*.log"))
    snapshot = sum(p.stat().st_size for p in data_dir.glob("*.snapshot")) + sum(
        p.stat().st_size for p in data_dir.glob("*.pickle"))
    return f"journal {journal / 1e6:.1f} MB, snapshot {snapshot / 1e6:.1f} MB"


def measure_idle(cloud: RunningCloud, seconds: float, when: str) -> None:
    """Wait until the platform is quiet, then say its idle CPU over `seconds`."""
    settle(cloud)
    platform_idle, workers_idle = idle(cloud, seconds)
    say(f"idle {when}: platform {platform_idle:.1f} % of a core, workers {workers_idle:.1f} %")


def seed(cloud: RunningCloud, table: str, events: list[Any], threads: int = 3) -> None:
    """The events' items through BatchWriteItem (25 a request, the API's most), from a few threads: the client's
    encoding and the server's work overlap (one thread took 226 s for 10,000 events)."""
    from events import store

    items = [item.serialize() for event in events for item in store.items_for(event)]
    batches = [items[start:start + 25] for start in range(0, len(items), 25)]

    def write(part: list[list[dict]]) -> None:
        dynamodb = cloud.client("dynamodb")
        for batch in part:
            requests = [{"PutRequest": {"Item": item}} for item in batch]
            while requests:
                answer = dynamodb.batch_write_item(RequestItems={table: requests})
                requests = answer.get("UnprocessedItems", {}).get(table, [])

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(write, [batches[i::threads] for i in range(threads)]))
    say(f"  {len(events)} events as {len(items)} items")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--keep", type=Path, help="a data dir to use and keep (to time more restarts of it)")
    parser.add_argument("--reuse", action="store_true", help="the --keep dir holds the events already: no load")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        data_dir = args.keep or Path(directory)
        if not args.reuse:  # loaded without fsync (a platform crash keeps it all the same), then stopped
            cloud, first = started(data_dir, fsync=False)
            say(f"first start (empty): {first}")
            try:
                organization = Platform(cloud).register("organization")
                table = events_table(cloud)
                os.environ["TABLE_NAME"] = table
                began = time.monotonic()
                seed(cloud, table, make_events(args.events, organization.id, random.Random(14)))
                say(f"loaded {args.events} events in {time.monotonic() - began:.1f} s; "
                    f"settled {settle(cloud):.1f} s later; {state_size(data_dir)}")
            finally:
                cloud.stop()
        cloud, first = started(data_dir)
        say(f"start with the events: {first}")
        try:
            measure_idle(cloud, args.seconds, "before the crash")
        finally:
            cloud.kill()
        cloud, after_crash = started(data_dir)
        try:
            say(f"ready after kill -9: {after_crash} ({state_size(data_dir)})")
            measure_idle(cloud, args.seconds, "after the restart")
        finally:
            cloud.stop()
        cloud, after_stop = started(data_dir)
        cloud.stop()
        say(f"ready after a clean stop: {after_stop}")
    say(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

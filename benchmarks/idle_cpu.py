"""CPU an idle platform uses while it holds data: nothing is requested, so the goal is next to nothing.

Starts the whole template on an embedded cloud (`eventonight up`, in its own process, with its data dir, so
the periodic snapshot runs as it does for a person), loads `--items` items into the events table through
boto3 on the AWS endpoint (their stream records pass the relay's filter, as any write's do), waits until the
platform has worked through them, then reads the CPU the platform process and its function workers use over
`--seconds` of idleness (two snapshot periods by default). Prints it as a share of one core.

    .venv/bin/python benchmarks/idle_cpu.py [--items 20000] [--seconds 65]

Measured 2026-12-04 (shared 2-core machine, load average near 1): 11.9 % of a core (platform) before snapshots
were skipped while nothing changed and pollers stopped asking moto once a second; 0.6 % after.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "layers" / "kernel" / "python")]

from process_cpu import cpu_of  # noqa: E402
from support.cloud import RunningCloud  # noqa: E402


def say(text: str) -> None:
    print(text, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=65.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        say("starting the platform ...")
        cloud = RunningCloud(ROOT / "template.yaml", Path(data), "--quiet")
        try:
            ddb = cloud.client("dynamodb")
            table = next(n for n in ddb.list_tables()["TableNames"] if "Events" in n and "Table" in n)
            say(f"loading {args.items} items into {table} ...")
            for start in range(0, args.items, 25):
                ddb.batch_write_item(RequestItems={table: [
                    {"PutRequest": {"Item": {"PK": {"S": f"BENCH#{uuid.uuid4()}"}, "SK": {"S": "ITEM"},
                                             "payload": {"S": "x" * 200}, "n": {"N": str(start + i)}}}}
                    for i in range(min(25, args.items - start))]})
            say("waiting for the platform to settle ...")
            pid = cloud.process.pid
            last, deadline = cpu_of(pid), time.monotonic() + 120
            while time.monotonic() < deadline:  # settled: 5 s under 10 % of a core (a platform that does
                time.sleep(5)  # periodic work in proportion to its data never is: two minutes at most)
                now = cpu_of(pid)
                if (now.platform + now.workers) - (last.platform + last.workers) < 0.5:
                    break
                last = now
            say(f"idle for {args.seconds:.0f} s ...")
            before, began = cpu_of(pid), time.monotonic()
            time.sleep(args.seconds)
            used, elapsed = cpu_of(pid) - before, time.monotonic() - began
        finally:
            cloud.stop()
    say(f"idle platform holding {args.items} items: platform {used.platform / elapsed * 100:.1f} % of a core, "
        f"function workers {used.workers / elapsed * 100:.1f} %")


if __name__ == "__main__":
    main()

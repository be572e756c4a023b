"""How long a start takes to put saved state back, and what saving it costs (issue 14).

Writes `--items` items (10,000 events are about 50,000 items with their listing copies) into a table shaped like
the platform's (PK/SK, a GSI, a NEW_AND_OLD_IMAGES stream, so every item has its stream record too) on moto in a
child process, journalled as the embedded cloud journals them (one commit per 25 items, as BatchWriteItem), then
times, each in a fresh process:

  journal    a start after a crash before any compaction: an empty snapshot, then the whole journal replayed
  snapshot   a start after a compaction: the pickled snapshot alone (what every start cost before the journal)

and the compaction itself (pickling everything, done in a forked child while the platform goes on).

    .venv/bin/python benchmarks/restart_state.py [--items 50000]

Measured 2026-12-05 on the shared 2-core machine with six other helpers' test runs (load average 10-17, so wall
times are 3-10x the CPU times; the CPU times are the comparable figures):

    50,000 items + 50,000 stream records      wall       CPU
    before: start from the pickled snapshot   37.2 s     7.4 s   (103.7 MB of pickled moto objects)
    before: taking that snapshot              18.8 s     3.5 s   (every 30 s while anything changed)
    after: start after a crash (journal)      60.9 s     6.4 s   (109.7 MB journal, nothing compacted yet)
    after: compaction                          3.0 s     1.7 s   (only once the journal outgrew the snapshot)
    after: start after a compaction           22.1 s     5.2 s
    5,000 items: before 3.6 s wall; after 2.1 s (compacted), 2.2 s (journal); writing: 21-54 ms per commit of
    25 items with their stream records, fsync included (a bare fdatasync: 3 ms here)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLE = "eventonight-EventsTable"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        written = _child("write", data_dir, str(args.items))
        journal_restore = _child("restore", data_dir)
        before = Path(data_dir) / "before"
        old_save = _child("old_save", data_dir, str(before))
        old_restore = _child("restore", str(before))
        compaction = _child("compact", data_dir)
        snapshot_restore = _child("restore", data_dir)
    print(f"items: {args.items} (+ as many stream records); load average {os.getloadavg()[0]:.1f}")
    print(f"journal: {written['journal_mb']:.1f} MB, written in {written['seconds']:.1f} s "
          f"({written['commits']} commits, {written['per_commit_ms']:.2f} ms per commit incl. fsync)")
    print(f"start after a crash (journal replay):  {journal_restore['seconds']:.1f} s "
          f"({journal_restore['cpu']:.1f} s CPU), "
          f"{journal_restore['items']} items, {journal_restore['records']} stream records")
    print(f"before: snapshot (moto's objects pickled): {old_save['seconds']:.1f} s ({old_save['cpu']:.1f} s CPU), "
          f"{old_save['snapshot_mb']:.1f} MB; start: {old_restore['seconds']:.1f} s ({old_restore['cpu']:.1f} s CPU)")
    print(f"compaction (snapshot):                {compaction['seconds']:.1f} s ({compaction['cpu']:.1f} s CPU), "
          f"{compaction['snapshot_mb']:.1f} MB pickled + {compaction['items_mb']:.1f} MB of DynamoDB data")
    print(f"start after a compaction (snapshot):  {snapshot_restore['seconds']:.1f} s "
          f"({snapshot_restore['cpu']:.1f} s CPU), "
          f"{snapshot_restore['items']} items, {snapshot_restore['records']} stream records")


def _child(step: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "infrastructure")}
    done = subprocess.run([sys.executable, __file__, "--step", step, *args], env=env, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _start_moto() -> None:
    from embedded_cloud.moto_server import MotoServer

    MotoServer("127.0.0.1", 0).start()


def step_write(data_dir: Path, count: int) -> dict:
    import boto3
    from embedded_cloud import durable, persistence
    from embedded_cloud.journal import Journal
    from embedded_cloud.moto_server import MotoServer, backend_lock
    from moto.dynamodb.models import dynamodb_backends

    server = MotoServer("127.0.0.1", 0)
    server.start()
    client = boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
    client.create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("PK", "SK", "GSI1PK", "GSI1SK")],
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[{"IndexName": "GSI1", "Projection": {"ProjectionType": "ALL"}, "KeySchema": [
            {"AttributeName": "GSI1PK", "KeyType": "HASH"}, {"AttributeName": "GSI1SK", "KeyType": "RANGE"}]}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    persistence.save(data_dir, {}, 1)  # the first start's snapshot: the table, no items
    journal = Journal(data_dir / persistence.JOURNAL_DIR)
    table = dynamodb_backends["123456789012"]["us-east-1"].tables[TABLE]
    with backend_lock():
        durable.attach(journal)
    started, commits = time.perf_counter(), 0
    for first in range(0, count, 25):
        with backend_lock():
            for n in range(first, min(first + 25, count)):
                table.put_item(_item(n))
            ticket = durable.commit()
        journal.sync(ticket)
        commits += 1
    seconds = time.perf_counter() - started
    journal.close()
    size = sum(p.stat().st_size for p in journal.directory.glob("*.log"))
    return {"seconds": seconds, "commits": commits, "per_commit_ms": 1000 * seconds / commits,
            "journal_mb": size / 1e6}


def _item(n: int) -> dict:
    event = f"{n // 5:08d}"
    return {"PK": {"S": f"EVENT#{event}"}, "SK": {"S": f"COPY#{n % 5}"}, "GSI1PK": {"S": f"CITY#{n % 40}"},
            "GSI1SK": {"S": f"2027-01-{n % 28 + 1:02d}#{event}"}, "title": {"S": f"Event {event} " + "x" * 120},
            "description": {"S": "y" * 400}, "tags": {"SS": ["Live Music", "Jazz"]}, "price": {"N": str(n % 90)},
            "location": {"M": {"city": {"S": "Milano"}, "lat": {"N": "45.46"}, "lon": {"N": "9.19"}}}}


def step_restore(data_dir: Path) -> dict:
    from embedded_cloud import durable, persistence
    from embedded_cloud.durable.runtime import Replay
    from embedded_cloud.moto_server import backend_lock
    from moto.dynamodb.models import dynamodb_backends

    _start_moto()
    started, cpu = time.perf_counter(), time.process_time()
    saved = persistence.restore(data_dir)
    replay = Replay(data_dir, saved)
    with backend_lock():
        for entry in replay.moto:
            durable.apply(entry, data_dir / persistence.JOURNAL_DIR)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    table = dynamodb_backends["123456789012"]["us-east-1"].tables[TABLE]
    return {"seconds": seconds, "cpu": cpu, "items": len(table), "records": len(table.stream_shard.items)}


def step_compact(data_dir: Path) -> dict:
    from embedded_cloud import persistence
    from embedded_cloud.journal import Journal

    step_restore(data_dir)
    journal = Journal(data_dir / persistence.JOURNAL_DIR)
    started, cpu = time.perf_counter(), time.process_time()
    start = journal.rotate()
    persistence.save(data_dir, {}, start)
    journal.drop_before(start)
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
            "snapshot_mb": (data_dir / persistence.MOTO_FILE).stat().st_size / 1e6,
            "items_mb": sum(p.stat().st_size for p in data_dir.glob("dynamodb-*.snapshot")) / 1e6}


def step_old_save(data_dir: Path, before: Path) -> dict:
    """The snapshot as it was before the journal: every backend pickled, items and stream records included."""
    import io
    import pickle

    from embedded_cloud import persistence

    step_restore(data_dir)
    before.mkdir()
    started, cpu = time.perf_counter(), time.process_time()
    buffer = io.BytesIO()
    state = {service: list(backends.iter_backends()) for service, backends in persistence._backend_dicts().items()}
    persistence._StatePickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
    (before / persistence.MOTO_FILE).write_bytes(buffer.getvalue())
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
            "snapshot_mb": len(buffer.getvalue()) / 1e6}


if __name__ == "__main__":
    if "--step" in sys.argv:
        step, data_dir, *rest = sys.argv[sys.argv.index("--step") + 1:]
        result = {"write": lambda: step_write(Path(data_dir), int(rest[0])),
                  "restore": lambda: step_restore(Path(data_dir)),
                  "compact": lambda: step_compact(Path(data_dir)),
                  "old_save": lambda: step_old_save(Path(data_dir), Path(rest[0]))}[step]()
        print(json.dumps(result))
    else:
        main()

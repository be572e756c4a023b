"""What one domain event costs the platform and the function workers from the bus on: EventBridge's rules, the
SQS delivery to each consuming context's queue, the queue pollers, and each consumer's invocation and writes
(issue 17). The producer's side (its transaction, the outbox relay) is left out: benchmarks/registration_cost.py
measures a registration whole.

Starts the whole template on an embedded cloud as the tests do (`eventonight up --quiet`, no fsync), puts valid
envelopes on the `eventonight` bus as a relay would (tests/support/bus.py), each a new fact (fresh ids, the
contract's example payload), in rounds of `--events`, alternating the kinds; after each round, waits until the
platform is quiet again and charges the CPU to the round (platform process and workers separately).

    .venv/bin/python benchmarks/bus_fan_out_cost.py [--events 20] [--rounds 3] [--root CHECKOUT]

`--root` starts another checkout's template and embedded cloud (PYTHONPATH is set to its infrastructure), so that
old and new trees can be compared interleaved at the same load.

Where an event's CPU went before (493b8ec; py-spy `record -r 200 --gil --subprocesses`, 2 x 30 events of each
kind). The platform: the AWS endpoint serving the consumers' requests ~65 % (moto's UpdateItem ~21 %,
TransactWriteItems ~8 %), the queue pollers ~18 %, of which ~11 % moto's ReceiveMessage rebuilding every queue
attribute (nine passes over the queue's messages) for each message it hands out; PutEvents ~6 % (a message built,
its Detail parsed and a JSON copy flattened for each of the bus's 21 rules); the poller wake-ups ~5 %. The
workers: botocore's requests ~83 % (SigV4 ~12 %, its event hooks ~20 %), powertools' idempotency records of the
consumers that are not repeatable (a PutItem and an UpdateItem each), and botocore clients built at a worker's
first message (~13 %: the models' shared one, and one more for powertools' persistence layer); kernel.consumer's
own work (the envelope's jsonschema validation ~0.12 ms, powertools' batch and logger ~0.04 ms) well under 1 %.

Measured 2026-12-05 17:12-17:16 on the shared 2-core machine, load average 22, main before (493b8ec) and after
the cuts of this session (ReceiveMessage's retention check from the queue, PutEvents' message built for matching
rules only, ticketing's replica read from its update, one DynamoDB client per consumer worker), interleaved, two
runs each of 40 events of each kind (CPU ms per event):

                              platform            workers             total
                              before   after      before   after      before   after
    user.created (5 queues)   29.5-32.8 26.0-30.2 35.0-37.5 33.7-36.3 64.5-70.3 59.7-66.5
    like.created              11.3-13.7  9.2-11.0 12.2-14.0 12.0-15.0 23.5-27.8 21.3-26.0
    event.published           32.5-35.5 27.8-28.2 44.0-45.0 41.0-42.0 76.5-80.5 69.2-69.7

(The `after` tree was main of 17:12, so two of other helpers' cuts are in it too: the Lambda runtime's warm cap
counted as pools change, the unread count read in the token's check.) Then ticketing's mail ledger read from its
writes, chat's replica and name terms in one transaction, ticketing's language and username lookup in one
(kernel.replica.keep_all): a user.created's consumers 8 -> 6 DynamoDB requests. Measured 17:38-17:41, load average
21, 493b8ec against main at 8a52ccc (every helper's cuts of the session in it), one run each, 40 events of each
kind: user.created 32.0 -> 24.0 ms platform, 35.3 -> 30.7 workers, 67.3 -> 54.8 total (-19 %); like.created 24.3
-> 21.3 total; event.published 72.5 -> 68.8 total.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(HERE / "benchmarks"), str(HERE / "tests"), str(HERE / "layers" / "kernel" / "python")]

from process_cpu import CpuSeconds  # noqa: E402
from registration_cost import settled_cpu  # noqa: E402

EXAMPLES = HERE / "events_schema" / "examples"
# event type -> the payload fields made fresh for each event (the rest is the contract's example)
KINDS = {"user.created": ("id",), "interactions.like.created": ("userId", "eventId"),
         "event.published": ("eventId", "creatorId")}


def say(text: str) -> None:
    print(text, flush=True)


def fresh(event_type: str) -> dict[str, Any]:
    example = json.loads((EXAMPLES / f"{event_type}.json").read_text())
    payload = {**example["payload"], **{name: str(uuid.uuid4()) for name in KINDS[event_type]}}
    if event_type == "user.created":
        payload["username"] = f"u{uuid.uuid4().hex[:12]}"
    return {"producer": example["producer"], "payload": payload}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20, help="events per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each kind")
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout whose template and cloud start")
    args = parser.parse_args()
    os.environ["PYTHONPATH"] = str(args.root / "infrastructure")
    from support.bus import publish
    from support.cloud import RunningCloud

    with tempfile.TemporaryDirectory() as data:
        say(f"starting eventonight up of {args.root} ...")
        cloud = RunningCloud(args.root / "template.yaml", Path(data), "--quiet", fsync=False)
        try:
            pid = cloud.process.pid
            for event_type in KINDS:  # warm every consumer's worker
                publish(cloud, event_type, **fresh(event_type))
            cpu = {kind: CpuSeconds(0, 0) for kind in KINDS}
            for n in range(args.rounds):
                for event_type in (list(KINDS) if n % 2 == 0 else list(reversed(KINDS))):
                    before = settled_cpu(pid)
                    for _ in range(args.events):
                        publish(cloud, event_type, **fresh(event_type))
                    spent = settled_cpu(pid) - before
                    cpu[event_type] = CpuSeconds(cpu[event_type].platform + spent.platform,
                                                 cpu[event_type].workers + spent.workers)
        finally:
            cloud.stop()
    count = args.events * args.rounds
    say(f"\nmachine: {os.cpu_count()} cores, load average {os.getloadavg()[1]:.1f} (5 min); {count} events of each "
        f"kind; {args.root}")
    say(f"{'event':>26} {'platform CPU ms':>16} {'workers CPU ms':>15} {'total CPU ms':>13}")
    for event_type, spent in cpu.items():
        platform_ms, workers_ms = spent.platform * 1000 / count, spent.workers * 1000 / count
        say(f"{event_type:>26} {platform_ms:>16.1f} {workers_ms:>15.1f} {platform_ms + workers_ms:>13.1f}")
    say(f"{'mean':>26} {statistics.mean(c.platform for c in cpu.values()) * 1000 / count:>16.1f}")


if __name__ == "__main__":
    main()

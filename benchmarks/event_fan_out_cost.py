"""What an event's event.published and event.updated cost the consumers they fan out to, with and without an
idempotency record for the replica handlers (kernel.consumer `repeatable`, issue 17).

Each consumer that takes event.published or event.updated (interactions, ticketing, media, notifications) runs
in this process on its context's table in in-process moto (tests/support/context_tables.py), through its real
entrypoint, built twice from the same handlers: `before` with only user.created/updated repeatable (main before
the change), `after` with the repeatable set its consume.py declares now. Rounds alternate between the two (same
load); each round is a new event, published then updated. Counts the AWS requests the handlers make (botocore
calls, by service and operation) and the CPU of this process per fan-out (the handler and moto's work, without
the platform's HTTP: on the platform each DynamoDB request also costs ~0.7 ms of the AWS endpoint's CPU).

    .venv/bin/python benchmarks/event_fan_out_cost.py [--rounds 40]

Measured 2026-12-05 14:32-14:34 on the shared 2-core machine, load average 15, 40 events of each kind per run,
interleaved, two runs (per event: its event.published and its event.updated, each to every consumer taking it;
CPU: the median of this process's CPU per event):

                   DynamoDB requests         CPU ms
                   before   after        before    after
    interactions      6       2          35-36     22-23    (2 PutItem + 2 UpdateItem of records gone)
    ticketing        14      10          73-74     60-62    (the replica's GetItems and Query stay)
    media             3       1          11-12      6       (event.updated only)
    notifications     3       3          11-13     11-13    (event.published only: it notifies, so unchanged)
    all four         26      16            131      99-103   (-24 %)

On the platform each DynamoDB request also costs the AWS endpoint ~0.7 ms of CPU (bec0890): ten fewer per
event. Ticketing's keep() then read the replica back twice (the holders' start, the organization's entry); once
since (ticketing 10 -> 8 requests per event), measured 14:35, load average 15, 40 events, same columns:

    ticketing        12       8          61        51
    all four         24      14         109        84      (-23 %; this run's interactions 26 -> 17 ms)

Since then ticketing reads its replica back from the UpdateItem's own answer (ALL_NEW: kernel.replica.kept), not
with a GetItem: `after` ticketing 8 -> 6 requests per event (measured 17:14, 10 events: 57 ms of CPU; all four 13
requests, 105 ms, at load average 22).
"""

from __future__ import annotations

import argparse
import collections
import importlib
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CONTEXTS = {"interactions": ("event.published", "event.updated"), "ticketing": ("event.published", "event.updated"),
            "media": ("event.updated",), "notifications": ("event.published",)}
BEFORE = frozenset({"user.created", "user.updated"})  # what every consumer declared before


def _paths() -> None:
    os.environ.setdefault("PYTHONPATH", str(ROOT / "infrastructure"))
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "layers" / "kernel" / "python"), str(ROOT / "infrastructure"),
                    *(str(ROOT / "functions" / context) for context in CONTEXTS)]
    os.environ.update({"AWS_DEFAULT_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "bench",
                       "AWS_SECRET_ACCESS_KEY": "bench", "POWERTOOLS_LOG_LEVEL": "WARNING",
                       "PUBLIC_BASE_URL": "http://127.0.0.1:3000", "MEDIA_BASE_URL": "http://127.0.0.1:3000/media"})


Requests = collections.Counter


@contextmanager
def counting() -> Iterator[Requests]:
    """Every botocore call made meanwhile, as service.Operation -> count."""
    from botocore.client import BaseClient

    found: Requests = collections.Counter()
    real = BaseClient._make_api_call

    def counted(self: Any, operation: str, params: Any) -> Any:
        found[f"{self.meta.service_model.service_name}.{operation}"] += 1
        return real(self, operation, params)

    BaseClient._make_api_call = counted  # type: ignore[method-assign]
    try:
        yield found
    finally:
        BaseClient._make_api_call = real  # type: ignore[method-assign]


def both_entrypoints(context: str) -> dict[str, Callable[[dict, Any], dict]]:
    """The context's consumer as it was (only user.* repeatable) and as it is, from the same handlers."""
    from kernel import consumer

    declared: dict[str, Any] = {}
    real = consumer.entrypoint

    def recording(handlers: dict, repeatable: Any = ()) -> Any:
        declared.update(handlers=handlers, repeatable=frozenset(repeatable))
        return real(handlers, repeatable)

    consumer.entrypoint = recording  # type: ignore[assignment]
    try:
        importlib.import_module(f"{context}.handlers.consume")
    finally:
        consumer.entrypoint = real  # type: ignore[assignment]
    return {"before": real(declared["handlers"], declared["repeatable"] & BEFORE),
            "after": real(declared["handlers"], declared["repeatable"])}


def fan_out(handler: Callable[[dict, Any], dict], event_types: tuple[str, ...]) -> None:
    from support.consumer_calls import LambdaContext, envelope, sqs_event

    event_id, creator = str(uuid.uuid4()), str(uuid.uuid4())
    for n, event_type in enumerate(event_types):
        told = envelope(event_type, f"2026-12-05T10:00:0{n + 1}.000Z", eventId=event_id, creatorId=creator)
        result = handler(sqs_event(told), LambdaContext())
        assert result == {"batchItemFailures": []}, result


def measure(context: str, rounds: int) -> dict[str, tuple[list[float], Requests]]:
    import boto3
    from kernel import consumer
    from support.context_tables import context_table

    with context_table(context):
        queue = boto3.client("sqs").create_queue(QueueName=f"{context}-deliveries")["QueueUrl"]
        os.environ["DELIVERY_QUEUE_URL"] = queue  # notifications' fan-out to the followers
        consumer._persistence.cache_clear()
        entrypoints = both_entrypoints(context)
        for handler in entrypoints.values():  # warm: imports, clients, moto's first calls
            fan_out(handler, CONTEXTS[context])
        results: dict[str, tuple[list[float], Requests]] = {k: ([], collections.Counter()) for k in entrypoints}
        for n in range(rounds):
            for kind in (("before", "after") if n % 2 == 0 else ("after", "before")):
                with counting() as requests:
                    began = time.process_time()
                    fan_out(entrypoints[kind], CONTEXTS[context])
                    results[kind][0].append((time.process_time() - began) * 1000)
                results[kind][1].update(requests)
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40, help="events per kind and consumer")
    args = parser.parse_args()
    _paths()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[1]:.1f}; {args.rounds} events each")
    print(f"{'consumer':>14} {'kind':>7} {'requests/event':>15} {'dynamodb':>9} {'CPU ms/event':>13}  requests")
    totals: dict[str, list[float]] = {"before": [0, 0, 0], "after": [0, 0, 0]}
    for context in CONTEXTS:
        for kind, (cpu, requests) in measure(context, args.rounds).items():
            per = {name: count / args.rounds for name, count in sorted(requests.items())}
            dynamodb = sum(v for k, v in per.items() if k.startswith("dynamodb."))
            median = statistics.median(cpu)
            totals[kind] = [totals[kind][0] + sum(per.values()), totals[kind][1] + dynamodb, totals[kind][2] + median]
            print(f"{context:>14} {kind:>7} {sum(per.values()):>15.1f} {dynamodb:>9.1f} {median:>13.1f}  "
                  f"{json.dumps(per)}")
    for kind, (requests, dynamodb, cpu) in totals.items():
        print(f"{'all four':>14} {kind:>7} {requests:>15.1f} {dynamodb:>9.1f} {cpu:>13.1f}")


if __name__ == "__main__":
    main()

"""Latency from a command's HTTP response to the WebSocket frame it causes: a member likes an event, and the
organizer's open socket receives `like`. The path is the whole platform: the like's transaction with its outbox
item, the interactions table's stream, the relay, EventBridge, the notifications queue, the consumer's stored
notification and PostToConnection through the WebSocket gateway.

Starts the whole template on an embedded cloud (`eventonight up`, in its own process), registers an
organization and a member through the API, creates the events to like through the API, opens the organizer's
socket, then likes them one at a time and times each frame (stamped on arrival by a reader thread) against
the moment the like's 201 came back. Prints the median, p90, p99 and max.

    .venv/bin/python benchmarks/notification_latency.py [--likes 200] [--logs reports.txt]

Measured on the shared 2-core machine (2026-11-22, 200 likes): median 137 ms, p90 240 ms, p99 600 ms with a
load average near 13; median 322 ms, p99 3.5 s with a load average above 30 (other engineers' test runs).
Before notifications reused one pynamodb Connection per worker: median 742 ms, p99 4.6 s (load average ~20).
2026-12-04, 100 likes, back to back at a load average near 4: median 130.9 ms, p90 162.7, p99 471.5 before the
pollers read moto in-process and every poller of a table woke for each change; median 45.6, p90 65.2, p99 318.1
after (at 100 likes p99 is the slowest one).
2026-12-05, idle machine (load average under 1 at the start), 200 likes: median 17.7 ms, p90 22.7, p99 25.4, max
85.7 (the organization registers verified: publishing asks for it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "e2e" / "notifications"),
                str(ROOT / "layers" / "kernel" / "python")]

from notifications_e2e import published_event, socket_url  # noqa: E402
from support.cloud import RunningCloud  # noqa: E402
from support.platform import Platform  # noqa: E402
from support.polling import eventually  # noqa: E402
from websockets.sync.client import connect  # noqa: E402

TEMPLATE = ROOT / "template.yaml"


def say(text: str) -> None:
    print(text, flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--likes", type=int, default=200)
    parser.add_argument("--logs", type=Path, help="write the functions' REPORT lines here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        say("starting the platform ...")
        cloud = RunningCloud(TEMPLATE, Path(data), *([] if args.logs else ["--quiet"]))
        try:
            run(Platform(cloud), args.likes)
        finally:
            cloud.stop()
            if args.logs:
                args.logs.write_text("\n".join(line for line in cloud.logs.lines if "REPORT" in line) + "\n")


def run(platform: Platform, likes: int) -> None:
    organization, member = platform.register("organization", verified=True), platform.register("member")
    say(f"creating {likes} events ...")
    events = [published_event(platform, organization, title=f"Benchmark night {i}")["eventId"] for i in range(likes)]
    eventually(lambda: platform.request("GET", f"/interactions/users/{member.id}").status == 200, timeout=60)
    arrived: dict[str, float] = {}
    with connect(socket_url(platform, organization.access_token), open_timeout=20) as socket:
        def read() -> None:
            for raw in socket:
                stamp = time.perf_counter()
                frame = json.loads(raw)
                if frame.get("type") == "like":
                    arrived[frame["data"]["metadata"]["eventId"]] = stamp

        threading.Thread(target=read, daemon=True).start()
        latencies: list[float] = []
        say(f"liking {likes} events, one at a time ...")
        for event_id in events:
            path = f"/interactions/events/{event_id}/likes"
            response = eventually(lambda p=path: (r := platform.request("POST", p, user=member)).status != 404 and r,
                                  timeout=60, what="interactions to know the event")
            answered = time.perf_counter()
            assert response.status == 201, response.raw
            eventually(lambda e=event_id: e in arrived, timeout=30, interval=0.001, what=f"the like of {event_id}")
            latencies.append((arrived[event_id] - answered) * 1000)
    say(f"like -> organizer's socket, {len(latencies)} likes (ms after the 201):")
    say(f"  median {statistics.median(latencies):.1f}   p90 {percentile(latencies, 90):.1f}   "
        f"p99 {percentile(latencies, 99):.1f}   max {max(latencies):.1f}   min {min(latencies):.1f}")


if __name__ == "__main__":
    main()

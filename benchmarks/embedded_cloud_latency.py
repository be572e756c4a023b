"""How fast the embedded cloud is for a person: time to ready, and an HTTP round trip to a trivial function.

    .venv/bin/python benchmarks/embedded_cloud_latency.py [--requests 100]

Starts `eventonight up` on the platform's template.yaml as a person does (a fresh data dir), then measures
GET /users/health through the HTTP gateway: the first call (a cold start: a new worker process imports the
handler) and the median and p90 of warm calls.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start(data_dir: Path) -> tuple[subprocess.Popen, float, str]:
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "embedded_cloud.cli", "up", "--template", str(ROOT / "template.yaml"), "--data-dir",
         str(data_dir), "--port", "0", "--websocket-port", "0", "--aws-port", "0", "--stripe-port", "0", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    for line in process.stdout:  # type: ignore[union-attr]
        if "Press Ctrl-C to stop" in line:
            break
    ready = time.perf_counter() - began
    return process, ready, json.loads((data_dir / "endpoints.json").read_text())["http"]


def timed_get(url: str) -> float:
    began = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        assert response.status == 200
    return (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        print("starting eventonight up ...", flush=True)
        process, ready, http_url = start(Path(data_dir))
        try:
            url = f"{http_url}/users/health"
            cold = timed_get(url)
            warm = []
            for n in range(args.requests):
                warm.append(timed_get(url))
                if (n + 1) % 25 == 0:
                    print(f"  {n + 1}/{args.requests} warm requests", flush=True)
        finally:
            process.terminate()
            process.wait(60)
    warm.sort()
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| `eventonight up` to ready (fresh data dir, whole template) | {ready:.2f} s |")
    print(f"| GET /users/health, cold start (first call) | {cold:.1f} ms |")
    print(f"| GET /users/health, warm, median of {args.requests} | {statistics.median(warm):.2f} ms |")
    print(f"| GET /users/health, warm, p90 | {warm[int(len(warm) * 0.9) - 1]:.2f} ms |")
    print(f"| cold / warm median | {cold / statistics.median(warm):.1f}x |")


if __name__ == "__main__":
    main()

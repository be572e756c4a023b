"""What the platform's Lambda workers cost a person (issue 18): cold starts, and memory once everything is warm.

    PYTHONPATH=infrastructure .venv/bin/python benchmarks/lambda_cold_starts.py [--runs 1]

Starts `eventonight up` on template.yaml (a fresh data dir, function logs off) as a person does, then calls
every HTTP route of the template once through the gateway, one after another, without a token: each is the
first call of its function, a cold start (a new worker imports the handler, then handles the request, which
answers 401, 400 or 404 without a token or a body). It prints the p50 and the max of those first calls, then
the memory of the whole platform: the PSS (proportional set size: a page shared by n processes counts 1/n in
each) summed over the `eventonight up` process and all its descendants (moto, gateways, the runtime, its
workers), read from /proc/<pid>/smaps_rollup, and how many processes that is. Linux only.

The embedded cloud measured is the one `embedded_cloud` imports (PYTHONPATH); compare two by running this twice.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start(data_dir: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "embedded_cloud.cli", "up", "--template", str(ROOT / "template.yaml"), "--data-dir",
         str(data_dir), "--port", "0", "--websocket-port", "0", "--aws-port", "0", "--stripe-port", "0", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    for line in process.stdout:  # type: ignore[union-attr]
        if "Press Ctrl-C to stop" in line:
            break
    else:
        raise RuntimeError(f"eventonight up exited with {process.wait()}")
    return process, json.loads((data_dir / "endpoints.json").read_text())["http"]


def routes(data_dir: Path) -> list[tuple[str, str]]:
    """(method, path) of every HTTP route, path parameters filled with a made-up id."""
    deployment = json.loads((data_dir / "deployment.json").read_text())
    found = []
    for route in deployment["http_routes"]:
        if route["path"] == "$default":
            continue
        method = "GET" if route["method"] == "ANY" else route["method"]
        found.append((method, re.sub(r"\{[^}]+\}", "nosuchid", route["path"])))
    return found


def timed_call(base_url: str, method: str, path: str) -> float:
    body = b"{}" if method in ("POST", "PUT", "PATCH") else None
    request = urllib.request.Request(base_url + path, data=body, method=method,
                                     headers={"Content-Type": "application/json"} if body else {})
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
    except urllib.error.HTTPError as error:
        error.read()
        if error.code >= 500:
            raise RuntimeError(f"{method} {path} answered {error.code}") from None
    return (time.perf_counter() - began) * 1000


def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def pss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def one_run() -> tuple[list[float], float, int]:
    with tempfile.TemporaryDirectory() as data_dir:
        process, http_url = start(Path(data_dir))
        try:
            first_calls = [timed_call(http_url, method, path) for method, path in routes(Path(data_dir))]
            tree = process_tree(process.pid)
            memory = sum(pss_mib(pid) for pid in tree)
        finally:
            process.terminate()
            process.wait(60)
    return first_calls, memory, len(tree)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="whole platforms started, one after another")
    args = parser.parse_args()
    print(f"embedded cloud: {Path(__import__('embedded_cloud').__file__).parent}", flush=True)
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    print("| run | routes | first call p50 | first call max | platform PSS | processes |")
    print("|---|---|---|---|---|---|")
    for run in range(args.runs):
        first_calls, memory, processes = one_run()
        print(f"| {run + 1} | {len(first_calls)} | {statistics.median(first_calls):.0f} ms | "
              f"{max(first_calls):.0f} ms | {memory:,.0f} MiB | {processes} |", flush=True)


if __name__ == "__main__":
    main()

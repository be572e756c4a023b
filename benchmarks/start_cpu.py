"""The CPU an empty start of the whole platform costs, and a restart of it after a clean stop (issues 17, 18).

Every test module's cloud, every xdist worker's session platform and every `eventonight up` pays the start; a
restart also deploys again before it serves. Starts `eventonight up` of `--root`'s template with `--root`'s
embedded cloud (so two checkouts can be compared interleaved, at the same load) `--rounds` times, each on a
fresh data dir, then restarts it on the same dir, and prints the CPU the platform process had used when it said
it was ready (and its workers', the zygote's), and the wall time.

    .venv/bin/python benchmarks/start_cpu.py [--root CHECKOUT] [--rounds 3]
    for i in 1 2 3; do for r in /old /new; do .venv/bin/python benchmarks/start_cpu.py --root $r --rounds 1; done; done

Measured 2026-12-05 on the shared 2-core machine (load average 8-14), before (main at d858c9b) and after (the
deploy's calls handed to moto's app in the process, not through its socket; moto's Lambda functions created in
its backend; botocore's service models read once per process), interleaved:

    platform CPU when ready (wall)     before                           after
    empty start                        see the report                   see the report
    restart after a clean stop         see the report                   see the report
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(HERE / "benchmarks"), str(HERE / "tests")]

from process_cpu import cpu_of  # noqa: E402


def start(root: Path, data_dir: Path) -> tuple[float, float, float]:
    """(platform CPU, workers' CPU, wall seconds) until ready, then a clean stop."""
    from support.cloud import RunningCloud

    began = time.monotonic()
    cloud = RunningCloud(root / "template.yaml", data_dir, "--quiet", fsync=False, ready_seconds=600)
    wall = time.monotonic() - began
    cpu = cpu_of(cloud.process.pid)
    cloud.stop()
    return cpu.platform, cpu.workers, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout whose template and cloud start")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    root = args.root.resolve()
    os.environ["PYTHONPATH"] = str(root / "infrastructure")  # the cloud's process imports that checkout's
    results: dict[str, list[tuple[float, float, float]]] = {"empty start": [], "restart": []}
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as directory:
            results["empty start"].append(start(root, Path(directory)))
            results["restart"].append(start(root, Path(directory)))
    for what, runs in results.items():
        figures = ", ".join(f"{p:.2f} s (workers {w:.2f} s; wall {t:.1f} s)" for p, w, t in runs)
        print(f"{root.name} {what}: median {statistics.median(p for p, _, _ in runs):.2f} s CPU: {figures}",
              flush=True)
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

"""The CPU an empty start of the whole platform costs, and a restart of it after a clean stop (issues 17, 18).

Every test module's cloud, every xdist worker's session platform and every `eventonight up` pays the start; a
restart also deploys again before it serves. Starts `eventonight up` of `--root`'s template with `--root`'s
embedded cloud (so two checkouts can be compared interleaved, at the same load) `--rounds` times, each on a
fresh data dir, then restarts it on the same dir, and prints the CPU the platform process had used when it said
it was ready (and its workers', the zygote's), and the wall time.

    .venv/bin/python benchmarks/start_cpu.py [--root CHECKOUT] [--rounds 3]
    for i in 1 2 3; do for r in /old /new; do .venv/bin/python benchmarks/start_cpu.py --root $r --rounds 1; done; done

Measured 2026-12-05 on the shared 2-core machine (load average 10-14; wall times move with it), before (d858c9b)
and after (the deploy's calls handed to moto's app in the process instead of through its socket; moto's Lambda
functions created in its backend; botocore's files read once per process, `moto_fixes/shared_botocore_session`),
interleaved, three rounds each, CPU of the platform process when ready:

                                  before                  after
    empty start                   4.45, 4.28, 3.96 s      2.88, 2.87, 2.96 s    (median 4.28 -> 2.88 s, -33 %)
    restart after a clean stop    3.91, 3.90, 4.20 s      2.62, 2.76, 2.72 s    (median 3.91 -> 2.72 s, -30 %)
    the workers (zygote)          0.8-0.9 s both

    The deploy itself (in the process, `EmbeddedCloud.start`): 1.7-2.5 s -> 1.2-1.5 s on a fresh data dir, of
    which ~0.4 s are the ~200 calls (a second deploy in the same process: 1.5-2.1 s -> 0.36-0.41 s); the rest is
    once per process: moto's service modules, models and Flask apps of each service, the first Cognito pool's key.
    (Listing the queues once, be3221d, came after these rounds: 364 -> 154 calls per fresh deploy.)

Where an empty start still goes (py-spy of `up` to ready, 493b8ec, and CPU of the imports alone): mostly imports,
once per process - moto's core, boto3 and aiohttp with embedded_cloud.cloud, moto's Step Functions parser (whose
Batch task imports moto.batch and so moto.ec2: EC2's instance types and offerings, ~0.35 s of CPU; moto.ssm.models,
which the deploy's SSM parameter loads, imports moto.ec2 as well, so only a stand-in for both would save it), then
the deploy (~18 % of the samples), gc's collection and freeze after the start (~5 %), a new data dir's Cognito
key (~3 %). Nothing else is done per start that a process could keep: the tests cut starts instead (issue 17:
test_crash_saga and test_crash_durability start a killed platform once for a restart and an export of copies of
its data dir, test_restart's one restart serves the mailbox's and a stop's tests too, test_cli asks its one-line
errors of the worker's sample cloud): the nine modules touched, run with -n 0 old and new at once (load 22), tree
CPU 97.5 -> 78.1 s, wall 833 -> 673 s (test_event_flow's and test_dlq_command's shorter visibility timeouts too).

The stand-in for both (moto_fixes/ec2_on_first_use: SSM's `ec2_backends` imports moto.ec2 at its first use, the
Batch task service reads its enum of job states without moto.batch's models), old = main 9d1cdc3, new = it plus
that, interleaved, one round each twice, load 12-13, CPU of the platform process when ready (workers unchanged):

                                  old            new
    empty start                   2.32, 2.08 s   1.82, 1.80 s
    restart after a clean stop    2.08, 2.09 s   1.64, 1.71 s

install_all() alone in a fresh interpreter (after moto.core and boto3): 0.97-1.01 -> 0.25-0.30 s of CPU. A full
platform's start imports neither moto.ec2 nor moto.batch now (PYTHONPROFILEIMPORTTIME=1 `eventonight up`).
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

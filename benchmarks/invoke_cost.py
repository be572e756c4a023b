"""What one `eventonight invoke` costs in CPU (issue 17), old and new code side by side.

    .venv/bin/python benchmarks/invoke_cost.py --tree /path/to/old/checkout --tree . [--rounds 5] [--in-process]

For each checkout (its template.yaml and its infrastructure/ on PYTHONPATH) it starts `eventonight up` (a fresh
data dir, --quiet, --no-fsync), then, round after round, runs `eventonight invoke` on a few functions with their
sample events (no token needed: HTTP routes that answer without one, consumers, relays, schedules) against each
checkout's platform in turn, so that old and new run interleaved at the same load. CPU seconds per invoke:
`cli` is the `eventonight invoke` process and everything it started (read from this process's RUSAGE_CHILDREN),
`platform` the `eventonight up` process and its workers (benchmarks/process_cpu.py). Linux only. `--in-process`
adds a second caller, interleaved with the CLI: `embedded_cloud.cli.invoke_function` (the CLI's work without its
process: name, event file, the invoke endpoint) called in this process, as tests/e2e/test_sample_events.py runs
every function's sample; its `cli` column is the calling thread's CPU.

Measured 2026-12-05 on the shared 2-core machine (load average 15), 4 rounds x 6 functions, interleaved, median
per invoke; before: the CLI started a Lambda runtime of its own whose worker was a fresh interpreter importing
boto3, botocore, pydantic, powertools, the kernel and the handler; after: the platform forks the worker from its
zygote (`invoke_endpoint`):

| checkout | CLI CPU / invoke | platform CPU / invoke | total CPU / invoke | wall p50 |
|---|---|---|---|---|
| before (d858c9b) | 486 ms | 10 ms | 501 ms | 3.0 s |
| after | 86 ms | 95 ms | 180 ms | 1.3 s |

The CLI's 86 ms are mostly the interpreter's start and the CLI's own imports (a bare `import argparse, json,
socket` costs 28 ms); the platform's 95 ms are the worker's fork, its imports of the kernel and the handler
(15-25 ms) and the function's own work, whose AWS calls moto serves in the platform process.

Measured 2026-12-05 (issue 17) on the shared 2-core machine (load average ~25), --in-process, 3 rounds x 6
functions, one checkout, median per invoke: the CLI process vs the CLI's invoke_function in the caller's process
(the platform's side is the same invoke; its spread is the load's):

| caller | caller CPU / invoke | platform CPU / invoke | total CPU / invoke | wall p50 |
|---|---|---|---|---|
| `eventonight invoke` (a process) | 83 ms | 80 ms | 163 ms | 1.31 s |
| `cli.invoke_function` in the caller's process | 2.7 ms | 85 ms | 88 ms | 0.59 s |

In a worker forked from the zygote (measured apart, in forks of a process that preloaded what the zygote does,
idle): the fork and exit ~5 ms, importing kernel.http ~18 ms, an events handler ~50 ms with it, boto3's first
session 4 ms and first client ~14 ms (later ones ~3 ms); the rest is the function's own work. test_sample_events
invokes every function (~170) once: ~87 ms of worker CPU each, ~15 CPU-s of its unit.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from process_cpu import cpu_of  # noqa: E402

SAMPLES = (  # NestedStack/LogicalId, functions/<context>: HTTP routes without a token, consumers, a relay, a schedule
    ("UsersContext/SearchUsersFunction", "users"),
    ("EventsContext/GetEventFunction", "events"),
    ("EventsContext/OutboxRelayFunction", "events"),
    ("NotificationsContext/NotificationsConsumerFunction", "notifications"),
    ("TicketingContext/ExpireCheckoutFunction", "ticketing"),
    ("InteractionsContext/InteractionsConsumerFunction", "interactions"),
)


class Platform:
    def __init__(self, tree: Path, data_dir: Path) -> None:
        self.tree, self.data_dir = tree, data_dir
        self.environment = {**os.environ, "PYTHONPATH": str(tree / "infrastructure")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "embedded_cloud.cli", "up", "--template", str(tree / "template.yaml"),
             "--data-dir", str(data_dir), "--port", "0", "--websocket-port", "0", "--aws-port", "0",
             "--stripe-port", "0", "--mailbox-port", "0", "--quiet", "--no-fsync"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tree, env=self.environment)
        for line in self.process.stdout:  # type: ignore[union-attr]
            if "Press Ctrl-C to stop" in line:
                break
        else:
            raise RuntimeError(f"eventonight up in {tree} exited with {self.process.wait()}")

    def invoke(self, function: str, context: str, in_process: bool = False) -> tuple[float, float, float]:
        """(caller CPU s, platform CPU s, wall s) of one invoke: the CLI process's, or (`in_process`) this thread's
        calling the CLI's invoke_function."""
        sample = self.tree / "functions" / context / "sample-events" / f"{function.split('/')[1]}.json"
        platform_before, cli_before, thread_before = cpu_of(self.process.pid), _children_cpu(), time.thread_time()
        began = time.perf_counter()
        if in_process:
            from embedded_cloud.cli import invoke_function  # this checkout's (on sys.path below)

            if invoke_function(self.data_dir, function, sample).function_error:
                raise RuntimeError(f"{function} in {self.tree}: a function error")
        else:
            run = subprocess.run([sys.executable, "-m", "embedded_cloud.cli", "invoke", function, "--event",
                                  str(sample), "--data-dir", str(self.data_dir)], capture_output=True, text=True,
                                 cwd=self.tree, env=self.environment, timeout=300)
            if run.returncode != 0:
                raise RuntimeError(f"{function} in {self.tree}: exit {run.returncode}: {run.stderr[-800:]}")
        wall = time.perf_counter() - began
        caller = time.thread_time() - thread_before if in_process else _children_cpu() - cli_before
        time.sleep(0.3)  # a one-shot worker is reaped just after its answer: let its CPU reach the platform's
        platform = cpu_of(self.process.pid) - platform_before
        return caller, platform.platform + platform.workers, wall

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(120)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, action="append", required=True, help="a checkout (repeat to compare)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--in-process", action="store_true", help="also invoke through the CLI's invoke_function")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "infrastructure"))  # this checkout's CLI
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        platforms = [Platform(tree.resolve(), Path(scratch) / str(i)) for i, tree in enumerate(args.tree)]
        callers = (False, True) if args.in_process else (False,)
        figures: dict[tuple[int, bool], list[tuple[float, float, float]]] = {
            (i, in_process): [] for i in range(len(platforms)) for in_process in callers}
        try:
            for function, context in SAMPLES:  # a first, untimed round: the platforms' zygotes are up
                for platform in platforms:
                    platform.invoke(function, context)
            for _ in range(args.rounds):
                for function, context in SAMPLES:
                    for i, platform in enumerate(platforms):
                        for in_process in callers:
                            figures[i, in_process].append(platform.invoke(function, context, in_process))
        finally:
            for platform in platforms:
                platform.stop()
    print("| checkout | caller | invokes | caller CPU / invoke | platform CPU / invoke | total CPU / invoke | wall p50 "
          "|")
    print("|---|---|---|---|---|---|---|")
    for (i, in_process), measured in figures.items():
        cli, plat, wall = zip(*measured, strict=True)
        total = [c + p for c, p in zip(cli, plat, strict=True)]
        print(f"| {platforms[i].tree} | {'invoke_function' if in_process else 'CLI'} | {len(cli)} | "
              f"{statistics.median(cli) * 1000:.1f} ms | {statistics.median(plat) * 1000:.0f} ms | "
              f"{statistics.median(total) * 1000:.0f} ms (mean {statistics.mean(total) * 1000:.0f}) | "
              f"{statistics.median(wall) * 1000:.0f} ms |", flush=True)


if __name__ == "__main__":
    main()

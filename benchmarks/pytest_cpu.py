"""The CPU a pytest process spends itself (not its clouds), and what its clouds spent, for some tests of two
checkouts run in turn: where the suite's pytest workers spend CPU, and what a change to the test helpers saves.

Runs `pytest -n 0 <paths>` of each checkout (`--old`, `--new`: worktrees; each imports its own embedded cloud),
alternating old and new `--rounds` times at the same load, with this module as a pytest plugin that reads, at the
session's end (before pytest's own clean-up of old temporary directories, which no CI run pays for), the process's
own CPU, the CPU of each embedded cloud it started (the platform process; its Lambda workers), the HTTP requests
(support.http), the boto3 clients made, and support.polling.eventually's waits and probes.

    .venv/bin/python benchmarks/pytest_cpu.py --old /work/wt/base --new /work/wt/mine [--rounds 2] tests/contract

Measured 2026-12-05 on the shared 2-core machine (load average 15-19), one -n 0 run each, old and new in turn;
old = main before, new = a boto3 client per service and cloud (support/cloud.py), the event types a context names
parsed once (support/wiring.py), cfn-lint's rules loaded once (test_templates.py, landed as f1f055b); CPU s:

                                         pytest      platform   workers   boto3 clients  waits/probes  requests
    tests/e2e/events                old  3.3, 3.0    57, 46     39, 33    54             13/41, 13/91  1,053
                                    new  2.8, 2.7    55, 48     40, 33     4             13/60, 13/46  1,067
    tests/e2e/ticketing             new  6.3         80         84        11            344/1,137      3,130
    tests/contract/test_templates   old  35.6
                                    new  29.4
    tests/contract/test_wiring      old   9.4
                                    new   6.2
    tests/contract (all, old)            49.0         5          4
    tests/e2e/notifications (old)       <=6.0        27         23                       67 sleeps       418
    tests/e2e/test_openapi_fuzz (old)    20.6        14         21     (hypothesis and schemathesis drawing
                                                                        the cases: ~80 % of the pytest CPU)

support.polling.eventually's pauses growing after a wait's first second (x1.5 up to 0.25 s), old = main b840593,
new = it plus that, test_purchase_holds, test_payment_failures and test_mail of tests/e2e/ticketing (73 waits):

                                         pytest      platform    workers     probes    requests   wall s
                                    old  2.5, 2.7    16.6, 16.0  16.8, 16.3  611, 603  652, 648   93, 121
                                    new  2.1, 2.3    15.1, 15.8  16.1, 17.1  356, 368  468, 485   93, 124

The Lambda runtime's tests (tests/embedded_cloud/runtime, a runtime per test), one module at a time, old = main
36f78d5, new = the session's zygote shared by every test's runtime (a zygote per runtime before); CPU s of the
pytest process and its subprocesses (the zygotes and workers), two rounds at load 18-23:

    test_lambda_runtime_fork        old 17.0, 15.3   new 4.6, 4.8
    test_lambda_runtime_invoke      old 12.6, 12.2   new 1.9, 2.2
    test_lambda_runtime_workers     old 11.2,  9.9   new 4.0, 3.3
    test_lambda_runtime_isolation   old  3.9,  3.9   new 1.5, 1.6
    test_lambda_runtime_logs        old  2.2,  2.3   new 1.5, 1.6

What is left (per test, tree_cpu): the tests that start a zygote of their own (killed and replaced: 1.3 s; the
shutdowns that close it: 0.7 each), the shared one's start (0.6), the memory tests' allocations (0.1-0.3); every
other test 0.02-0.04 s. A sample-cloud module alone (test_http_gateway, test_deploy, ...) is ~3 s: the cloud's
start, ~0.1 s its tests; the cloud's schedule at 60x (for test_event_flow) costs ~12 ms of CPU a second it runs.

The units whose CPU is in the pytest process itself (issue 17, second pass), alone, old then new at load 20-30:

    moto_fixes/test_dynamodb_query_ordered   old 44.3  new 23.0  (300 published events, the same page counts)
    tests/embedded_cloud/cognito             old 39.6  new 16.4  (moto's RSA key imported once, not per pool)
    moto_fixes/test_sqs_send_message_cost    old 4.7, 4.6  new 2.7, 2.5
    tests/unit                               old 55.2  new 30.8  (one botocore loader for every session)
                                             old 24.3  new 18.0  (then the cloud's DynamoDB speed fixes in moto)

In the e2e directories the pytest process spends 3-6 % of its tree's CPU; the platform and its workers the rest.
Their waits probe ~50-70 times a directory (ticketing's 1,137, 204 of them for one hold's 15 s), and each
probe takes long itself (an HTTP request the platform answers): fewer probes for the waits that last a second
or more cut 40 % of the probes, a little of the platform's CPU and none of the wall. A new TCP connection per
request (urllib) costs the pytest process 0.23 ms and the platform 0.33 ms, a kept-alive one 0.10 and 0.12
(300 GETs of the gateway's /config.json, three rounds): ~0.35 ms of CPU a request, ~1,000 requests a directory.
The pytest workers' CPU goes mostly to tests/contract (cfn-lint), the fuzzer's case generation, in-process moto
(tests/embedded_cloud/moto_fixes) and each worker's collection (~5.5 s with the rewritten modules cached).

Smaller counts where a race or a listing needs no more (issue 17; old = main 36f78d5, new = it plus the cuts:
test_oversell 20 buyers for 8 tickets (was 60), test_promo_codes' race 20 for 5 uses (50 for 10),
test_interactions_concurrency 20 likers (50), test_refunds' two pages in 13 free orders of two tickets (30 of
one), test_waiting_list's line of 10 (20), test_event_lifecycle's 21 invitees announced on the bus (registered),
test_authentication_first's documents read once), those seven modules in one -n 0 run each, load ~20, CPU s:

                                         pytest   platform   workers   requests   wall s
                                    old  4.0      33.4       57.9      1,837      458
                                    new  2.9      21.2       45.3      1,179      200
    test_oversell alone             old  1.3       7.3       10.5        393       53
                                    new  1.2       5.0        8.0        150       57

Issue 17, third pass (2026-12-05, the shared 2-core machine at load 4-13; old and new in turn):

- The fuzzer's cases sent through one kept-alive requests session (ManagedCookiesSession, its default headers
  dropped: the same requests), not a session and a TCP connection of schemathesis' own per case; old = main
  55935c8, new = it plus that, tests/e2e/test_openapi_fuzz.py, two rounds (CPU s):

                                         pytest       platform   workers
                                    old  12.2, 12.7   6.2, 6.9   11.0, 12.8
                                    new  11.6, 12.0   5.8, 5.7   11.1, 11.5

- The sample cloud's eleven modules one unit of work (support/schedule.py), so one xdist worker starts the sample
  cloud, not both: those modules with `pytest -n 2`, CPU of the whole tree (user + sys of /usr/bin/time: the
  pytest processes, their clouds and Lambda workers), old = main 9d1cdc3:   old 23.2, 24.3   new 18.3, 18.5
  (wall 34-51 -> 48 s: one worker runs them all; in the suite the other takes the next units meanwhile).
- moto's EC2 and Batch imported at first use (moto_fixes/ec2_on_first_use; figures in benchmarks/start_cpu.py):
  ~0.3-0.45 s of the platform's CPU at each of the suite's ~25 cloud starts, ~0.7 s in each pytest process that
  installs the fixes (in-process moto).
- schemathesis' pytest plugin not loaded (pyproject's addopts): tests/unit with -n 0, CPU 19.1, 17.1 -> 17.0,
  16.2 s (its import in every pytest process, its wrappers of every test's collection, call and report).
- Together (the sample unit, EC2 at first use, no schemathesis plugin, test_restart without fsync), the whole of
  tests/embedded_cloud with `pytest -n 2`, CPU of the tree (/usr/bin/time), old = main cfd379e, new = 7636c4a
  (three tests more), test_crash_rounds left out (it failed on old, 429 at its sign-ins: fixed in 7636c4a):
  old 98.3 s (wall 128 s, load 11.5)   new 88.8 s (wall 120 s, load 8.2); a first pair with it, where old's
  failed early: 130.7 -> 121.2 s.
- The unit tier under Python 3.12 beside the suite (Makefile) in one process: CPU 16.9, 17.2 s (-n 0) against
  25.2, 29.2 s (-n 2), load 8.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
RESULTS = "PYTEST_CPU_RESULTS"  # the file the plugin appends its figures to (one JSON line a run)


# --- the plugin (loaded into the measured pytest with `-p pytest_cpu`) ---------------------------------------------

_stats: dict[str, Any] = {"http": 0, "clients": 0, "waits": 0, "probes": 0}
_clouds: dict[int, Any] = {}
_session_cpu: list[float] = []


def pytest_configure(config: Any) -> None:
    if not os.environ.get(RESULTS):
        return
    import botocore.session
    import support.http
    import support.polling as polling

    # every request of support.http.call, redirects included (a checkout before its kept connections: urllib's)
    owner, name = (support.http, "_exchange") if hasattr(support.http, "_exchange") else (urllib.request, "urlopen")
    real_send = getattr(owner, name)

    def send(*args: Any, **kwargs: Any) -> Any:
        _stats["http"] += 1
        return real_send(*args, **kwargs)

    setattr(owner, name, send)

    real_create = botocore.session.Session.create_client

    def create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        _stats["clients"] += 1
        return real_create(self, *args, **kwargs)

    botocore.session.Session.create_client = create_client
    real_eventually = polling.eventually

    def eventually(probe: Any, *args: Any, **kwargs: Any) -> Any:  # the test modules import it after this
        def counted() -> Any:
            _stats["probes"] += 1
            return probe()
        _stats["waits"] += 1
        return real_eventually(counted, *args, **kwargs)

    polling.eventually = eventually


def _read_clouds() -> None:
    """The CPU so far of each embedded cloud this process started (read before a module's cloud stops)."""
    from process_cpu import cpu_of

    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                if b"embedded_cloud" in Path(f"/proc/{child}/cmdline").read_bytes():
                    _clouds[int(child)] = cpu_of(int(child))
            except OSError:
                continue


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item: Any, nextitem: Any) -> None:
    if os.environ.get(RESULTS) and (nextitem is None or nextitem.module is not item.module):
        _read_clouds()  # runs before the module's fixtures are torn down (hooks come first)


def pytest_sessionfinish(session: Any) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _session_cpu.append(usage.ru_utime + usage.ru_stime)
    # every child process waited for and all below it (sam, pip, python3.12; clouds stopped before this too)
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    _session_cpu.append(reaped.ru_utime + reaped.ru_stime)


def pytest_unconfigure(config: Any) -> None:
    if not os.environ.get(RESULTS) or not _session_cpu:
        return
    figures = {"pytest": round(_session_cpu[0], 2), "subprocesses": round(_session_cpu[1], 1),
               "platform": round(sum(c.platform for c in _clouds.values()), 1),
               "workers": round(sum(c.workers for c in _clouds.values()), 1), **_stats}
    with open(os.environ[RESULTS], "a") as results:
        results.write(json.dumps(figures) + "\n")


# --- the runner -----------------------------------------------------------------------------------------------------

def _run(checkout: Path, paths: list[str], results: Path) -> dict[str, Any]:
    env = {**os.environ, RESULTS: str(results),
           "PYTHONPATH": os.pathsep.join([str(checkout / "infrastructure"), str(HERE)])}
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "pytest", *paths, "-n", "0", "-q", "-p", "no:cacheprovider",
                    "-p", "pytest_cpu"], cwd=checkout, env=env, stdout=subprocess.DEVNULL, check=False)
    lines = results.read_text().splitlines() if results.exists() else []
    return {**json.loads(lines[-1]), "wall": round(time.monotonic() - started)} if lines else {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--new", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("paths", nargs="+")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        results = Path(scratch) / "results.jsonl"
        for round_ in range(arguments.rounds):
            for name in ("old", "new"):
                figures = _run(getattr(arguments, name), arguments.paths, results)
                print(f"round {round_ + 1} {name}: {json.dumps(figures)}", flush=True)


if __name__ == "__main__":
    main()

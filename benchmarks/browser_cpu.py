"""The CPU the SPA's browser tests (tests/e2e/browser) cost, by process: Chromium's (browser, renderers, GPU and
utility processes), Playwright's node driver, the pytest process, and the embedded cloud (platform; its Lambda
workers), for some modules of two checkouts run in turn at the same load.

Runs `pytest -n 0 <module>` of each checkout (`--old`, `--new`: worktrees; each imports its own embedded cloud),
alternating old and new `--rounds` times, and samples /proc every 0.1 s: each process of the pytest's tree is
charged its own utime+stime as last seen (a process living under 0.1 s, or its last 0.1 s, is missed;
the samples' sum, TOTAL; `reaped`, getrusage of the pytest process and its reaped descendants, misses the
processes orphaned on the way, e.g. a stopped cloud's workers).

    .venv/bin/python benchmarks/browser_cpu.py --old /work/wt/base --new /work/wt/mine [--rounds 2] \
        tests/e2e/browser/test_spa_chat.py tests/e2e/browser/test_spa_door.py

Measured 2026-12-05 on the shared 2-core machine (load average 10-16), old and new in turn, CPU s of a run;
old = one browser per module, a full-page screenshot after every test, axe gathering all its result types;
new = one browser per run of browser tests in a row, a screenshot only of a failed test, axe's violations only:

                                          TOTAL       chromium    node driver  pytest  platform  workers
    chat, review, promo_codes,      old   55.7, 57.0  24.8, 24.9  5.0, 5.0     2.1     9.7       14.2, 15.3
    ticket_types, transfer,         new   48.8, 49.4  21.9, 22.1  2.0, 2.2     2.0     9.1, 9.2  13.9, 14.0
    waiting_list (6 modules, 7 tests)
    guest, door (2 modules,         old   40.1, 35.4, 38.2, 40.2  (chromium ~18.5, node 2.1-2.3)
    8 tests)                        new   35.6, 34.9, 38.2, 37.0  (chromium ~18.5, node 1.6-1.8)

Measured 2026-12-05 (load average 20-30), door, calendar, tickets (3 modules, 8 tests), old = main 493b8ec,
new = open_signed_in (the tests whose subject is not signing in open their first page signed in, one SPA page
load fewer each) and the gateway's Cache-Control (assets immutable, pages no-cache):

                  TOTAL       chromium    browser   renderer    gpu       node      platform  workers
            old   54.2, 55.1  28.4, 28.6  9.0, 8.9  15.8, 16.2  2.2, 2.2  2.8, 3.0  8.7, 9.3  12.2, 12.0
            new   53.1, 48.5  25.8, 24.3  8.1, 7.6  14.7, 13.9  1.8, 1.7  2.7, 2.5  8.7, 8.5  12.2, 11.1
    accounts, member, notification_settings (3 modules, 11 tests), one round:
            old   62.9        34.4        11.0      19.2        2.7       3.3       9.7       11.0
            new   54.1        30.7        9.6       17.5        2.1       2.8       7.9       10.1

A full page load of the SPA costs Chromium ~0.45 CPU-s (a fresh context's 5 loads and an axe run, ~2.5 CPU-s
in all): the page loads are what to cut. Caching headers change no test's CPU measurably (the dist's
Last-Modified already gave heuristic freshness), nor did extra switches (--in-process-gpu,
--disable-gpu-compositing, --disable-renderer-accessibility, threaded scrolling/animation off: within noise).

A launch of Playwright's driver and Chromium costs ~1 CPU-s (node ~0.6, Chromium the rest); chromium's renderers
spend most of the rest (~1.2 CPU-s a test: the SPA's pages, Playwright's injected script, axe-core: one axe.run of
a 450-element page costs ~0.17 CPU-s, ~0.01 less with resultTypes=['violations']). The SPA has no CSS
transitions or animations (no reduced-motion emulation to gain), and Playwright already passes Chromium the
switches that stop background work (extensions, background networking and timers' throttling, audio muted).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, own utime+stime in s) of a live process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS


def _kind(pid: int, parents: dict[int, int], root: int, kinds: dict[int, str]) -> str:
    if pid == root:
        return "pytest"
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        cmdline = [b""]
    if not cmdline[0]:  # gone, or a zombie (an empty cmdline): what it was
        return kinds.get(pid) or kinds.get(parents.get(pid, 0), "other")
    text = b" ".join(cmdline)
    if b"chrom" in cmdline[0]:
        for kind in (b"renderer", b"gpu-process", b"utility", b"zygote"):
            if b"--type=" + kind in text:
                return f"chromium {kind.decode()}"
        return "chromium browser"
    if b"node" in cmdline[0]:
        return "node driver"
    if b"embedded_cloud" in text and b" up" in text:
        return "platform"
    return "workers" if kinds.get(parents.get(pid, 0)) in ("platform", "workers") else "other"


def _run(checkout: Path, paths: list[str]) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(checkout / "infrastructure")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "pytest", *paths, "-n", "0", "-q", "-p", "no:cacheprovider"],
                               cwd=checkout, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    root = process.pid
    seen: dict[int, tuple[str, float]] = {}
    kinds: dict[int, str] = {}
    parents: dict[int, int] = {}
    while process.poll() is None:
        tree = {root}
        frontier = [root]
        while frontier:
            pid = frontier.pop()
            for task in Path(f"/proc/{pid}/task").glob("*") if Path(f"/proc/{pid}").exists() else ():
                try:
                    children = [int(c) for c in (task / "children").read_text().split()]
                except OSError:
                    continue
                for child in children:
                    parents[child] = pid
                    if child not in tree:
                        tree.add(child)
                        frontier.append(child)
        for pid in sorted(tree):
            stat = _stat(pid)
            if stat is None:
                continue
            kinds[pid] = _kind(pid, parents, root, kinds)  # each time: /usr/bin/chromium is a script that execs
            seen[pid] = (kinds[pid], stat[1])
        time.sleep(0.1)
    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    figures: dict[str, float] = defaultdict(float)
    for kind, seconds in seen.values():
        figures[kind] += seconds
    figures["CHROMIUM"] = sum(seconds for kind, seconds in figures.items() if kind.startswith("chromium"))
    figures["TOTAL"] = sum(seconds for kind, seconds in figures.items() if kind != "CHROMIUM")
    figures["reaped"] = total  # less than TOTAL: processes orphaned (a cloud's workers) reach no pytest's rusage
    figures["wall"] = time.monotonic() - started
    summary = output.strip().splitlines()[-1] if output.strip() else ""
    if "failed" in summary or "error" in summary:
        print(output[-3000:], file=sys.stderr)
    figures["passed"] = float(summary.split(" passed")[0].split()[-1]) if " passed" in summary else 0.0
    return dict(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--new", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("paths", nargs="+")
    arguments = parser.parse_args()
    for round_ in range(arguments.rounds):
        for name in ("old", "new"):
            figures = _run(getattr(arguments, name), arguments.paths)
            shown = "  ".join(f"{kind} {seconds:.1f}" for kind, seconds in sorted(figures.items()))
            print(f"round {round_ + 1} {name}: {shown}", flush=True)


if __name__ == "__main__":
    main()

"""Fixtures of every tier: the import paths, the platforms the end-to-end and contract tests run against, and how
`pytest -n auto` shares the modules between its workers."""

from __future__ import annotations

import os
import resource
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Test helpers (tests/support) are importable as `support`; the shared kernel layer as `kernel`, as on Lambda.
sys.path[:0] = [str(Path(__file__).parent), str(ROOT / "layers" / "kernel" / "python")]

if TYPE_CHECKING:
    from support.cloud import RunningCloud
    from support.platform import Platform

_clouds: list[RunningCloud] = []


def _platform(tmp_path_factory: pytest.TempPathFactory, name: str, *args: str) -> Iterator[Platform]:
    """The platform's own template.yaml on an embedded cloud of its own. `--quiet`: the function logs are in the
    data dir's files (a failed test shows their errors, below), not piped through the pytest worker."""
    from support.cloud import RunningCloud
    from support.platform import Platform

    cloud = RunningCloud(ROOT / "template.yaml", tmp_path_factory.mktemp(name), "--quiet", *args, fsync=False)
    _clouds.append(cloud)
    yield Platform(cloud)
    cloud.stop()


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """The platform most end-to-end and contract tests share: one per pytest-xdist worker. Its ticket holders
    hear of an event's new time or place 2 s after the change, not 10 (EventChangeMailSeconds, the coalescing
    window: its rule is tested in tests/unit/ticketing/test_mail_ledger.py; test_mail waited the window four
    times)."""
    yield from _platform(tmp_path_factory, "platform-data", "--parameter-overrides", "EventChangeMailSeconds=2")


@pytest.fixture(scope="session")
def isolated_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """A second platform with the default parameters, for the modules whose requests other tests must not meet
    (the fuzzer's users and events in their listings, the sample events' deletions and replayed examples). They
    share it: the scheduler gives them to one worker (support/schedule.py), so it starts once."""
    yield from _platform(tmp_path_factory, "isolated-data")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """A failed test shows what the functions of the clouds it used said that went wrong (errors, timeouts,
    crashes), the latest 40 lines from their log files."""
    report = yield
    if call.when == "teardown" and (cpu := _unit_cpu_at_end()) is not None:
        report.user_properties += [(UNIT_CPU, cpu[0]), (UNIT_OWN_CPU, cpu[1])]
    if report.failed:
        from embedded_cloud.function_logs import LOG_DIR

        used = {id(cloud): cloud for cloud in _clouds_of(item)}.values()
        words = ("[ERROR]", '"level":"ERROR"', "Task timed out", "Runtime.", "Traceback")
        trouble = sorted(line for cloud in used if cloud.process.poll() is None
                         for path in (cloud.data_dir / LOG_DIR).glob("*.log")
                         for line in path.read_text(errors="replace").splitlines()[-500:]
                         if any(word in line for word in words))
        if trouble:
            report.sections.append(("embedded cloud: function errors (latest 40)", "\n".join(trouble[-40:])))
    return report


def _clouds_of(item: pytest.Item) -> Iterator[RunningCloud]:
    """The clouds a test's fixtures handed it (a platform of a module's own too), else this worker's platforms."""
    found = False
    for value in getattr(item, "funcargs", {}).values():
        cloud = getattr(value, "cloud", value)
        if hasattr(cloud, "data_dir") and hasattr(cloud, "process"):
            found = True
            yield cloud
    if not found:
        yield from _clouds


_unit_seconds: dict[str, float] = {}
_unit_cpu: dict[str, float] = {}  # the worker's process tree: the worker, its clouds and their Lambda workers
_unit_own_cpu: dict[str, float] = {}  # the worker alone (the test code, in-process moto, the helpers' clients)
UNIT_CPU, UNIT_OWN_CPU = "unit_cpu_seconds", "unit_worker_cpu_seconds"  # the user properties a unit's last
# teardown report carries them in
_unit_start: tuple[str, float | None, float] = ("", None, 0.0)  # in a worker: the unit it runs, CPU at its start
_next_item: pytest.Item | None = None


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """A unit of work starts: the CPU of this worker and of its process tree (its clouds and their Lambda workers)
    so far, read once per unit, never per test."""
    global _unit_start, _next_item
    from support.schedule import unit_of
    from support.tree_cpu import tree_cpu_seconds

    _next_item = nextitem
    if unit_of(item.nodeid) != _unit_start[0]:
        _unit_start = (unit_of(item.nodeid), tree_cpu_seconds(), _own_cpu())


def _unit_cpu_at_end() -> tuple[float, float] | None:
    """After a test's teardown: the CPU its unit's tree and the worker alone spent, if the unit ends here (the next
    test is another unit's; module fixtures and clouds are torn down by now); xdist hands a worker a unit's tests
    in a row."""
    global _unit_start
    from support.schedule import unit_of
    from support.tree_cpu import tree_cpu_seconds

    unit, started, own_started = _unit_start
    if started is None or (_next_item is not None and unit_of(_next_item.nodeid) == unit):
        return None
    now = tree_cpu_seconds()
    _unit_start = ("", None, 0.0)
    return None if now is None else (now - started, _own_cpu() - own_started)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Each unit of work's time (support/schedule.py: a module, or modules sharing a cloud): its tests' setup, call
    and teardown, module fixtures and clouds included, as its worker spent it; and its CPU, which the worker sends
    with the unit's last report (xdist forwards reports with their user properties to the controller)."""
    from support.schedule import unit_of

    unit = unit_of(report.nodeid)
    _unit_seconds[unit] = _unit_seconds.get(unit, 0.0) + report.duration
    for name, value in report.user_properties:
        if name in (UNIT_CPU, UNIT_OWN_CPU):
            figures = _unit_cpu if name == UNIT_CPU else _unit_own_cpu
            figures[unit] = figures.get(unit, 0.0) + value


def _machine_cpu() -> tuple[int, int] | None:
    """(busy, all) clock ticks of every core since boot, from /proc/stat (Linux); idle and iowait count as idle."""
    try:
        ticks = [int(t) for t in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return None
    return sum(ticks) - ticks[3] - ticks[4], sum(ticks)


_cpu_at_start = _machine_cpu()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The longest units, the figures support/schedule.py's LONGEST_FIRST is ordered by; and how busy the machine's
    cores were over the run (on a machine that runs nothing else: whether the workers kept them busy or waited,
    the figure to choose `-n` by)."""
    if len(_unit_seconds) > 1:
        terminalreporter.write_sep("=", "longest units of work (support/schedule.py): wall s, CPU s (worker's tree)")
        for unit, seconds in sorted(_unit_seconds.items(), key=lambda unit: -unit[1])[:20]:
            cpu = f"{_unit_cpu[unit]:8.1f}" if unit in _unit_cpu else " " * 8
            terminalreporter.write_line(f"{seconds:8.1f}  {cpu}  {unit}")
        for title, figures in (("the worker's process tree", _unit_cpu), ("the worker alone", _unit_own_cpu)):
            if figures:  # the worker: its own CPU; its tree: its clouds and their Lambda workers too
                terminalreporter.write_sep("=", f"longest units by CPU ({title}): CPU s, wall s")
                for unit, cpu_seconds in sorted(figures.items(), key=lambda unit: -unit[1])[:15]:
                    terminalreporter.write_line(f"{cpu_seconds:8.1f}  {_unit_seconds.get(unit, 0.0):8.1f}  {unit}")
        now = _machine_cpu()
        if _cpu_at_start and now and now[1] > _cpu_at_start[1]:
            busy = (now[0] - _cpu_at_start[0]) / (now[1] - _cpu_at_start[1])
            terminalreporter.write_line(f"the machine's {os.cpu_count()} cores were busy {busy:.0%} of this run")


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`pytest -n auto` shares the suite a module at a time, the long modules first (support/schedule.py);
    another `--dist` given on the command line is left to xdist."""
    if config.getvalue("dist") != "load":
        return None
    from support.schedule import LongestFirst

    return LongestFirst(config, log)

"""support.tree_cpu: the CPU of a process's whole tree, the figure the suite's summary ranks its units by."""

import subprocess
import sys

import pytest
from support.tree_cpu import tree_cpu_seconds

# Burns 0.2 s of its own CPU, says so, and stays alive until its stdin closes.
BURN = ("import sys, time\n"
        "while time.process_time() < 0.2: pass\n"
        "print('burnt', flush=True)\n"
        "sys.stdin.read()\n")
# Starts the burner as its own child and waits for it, burning nothing itself.
PARENT = ("import subprocess, sys\n"
          f"child = subprocess.Popen([sys.executable, '-c', {BURN!r}], stdout=sys.stdout)\n"
          "child.wait()\n")

pytestmark = pytest.mark.skipif(tree_cpu_seconds() is None, reason="reads /proc (Linux)")


def _started(code: str) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "burnt\n"
    return process


def test_a_running_child_that_burns_cpu_is_counted() -> None:
    before = tree_cpu_seconds()
    burner = _started(BURN)
    try:
        assert tree_cpu_seconds() - before >= 0.15  # 0.2 s, less the clock ticks it is read in
    finally:
        burner.communicate("")


def test_a_child_that_ended_counts_once_reaped() -> None:
    before = tree_cpu_seconds()
    burner = _started(BURN)
    burner.communicate("")  # ends, reaped by wait(): its time moves to this process's cutime+cstime
    assert tree_cpu_seconds() - before >= 0.15


def test_a_grandchild_that_burns_cpu_is_counted() -> None:
    before = tree_cpu_seconds()
    parent = _started(PARENT)  # the burner's stdout is the parent's: its line comes through it
    try:
        assert tree_cpu_seconds() - before >= 0.15
    finally:
        parent.communicate("")

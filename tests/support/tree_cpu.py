"""CPU seconds a process and everything below it spent, read from /proc (Linux): the figure the suite's summary
ranks its units of work by (tests/conftest.py), since on a loaded machine their wall time says more about the
others than about them. Read only at a unit's start and end: a walk of the tree costs ~1 ms."""

from __future__ import annotations

import os
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _times(pid: int) -> int | None:
    """utime+stime+cutime+cstime of `pid` in clock ticks: its own, and that of its children it reaped (theirs
    included); None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # after "(comm)": index 0 is field 3 (state), 11-14 the times
    return sum(int(field) for field in fields[11:15])


def _children(pid: int) -> list[int]:
    """The live children of every thread of `pid`."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def tree_cpu_seconds(pid: int | None = None) -> float | None:
    """CPU seconds of `pid` (this process by default) and of its live descendants, each with the children it
    reaped: a process that ended counts through its parent's cutime+cstime once reaped (an embedded cloud's Lambda
    workers, the cloud itself once stopped). None off Linux."""
    root = os.getpid() if pid is None else pid
    total = _times(root)
    if total is None:
        return None
    pending = _children(root)
    while pending:
        child = pending.pop()
        ticks = _times(child)
        if ticks is not None:
            total += ticks
            pending += _children(child)
    return total / _TICKS

"""CPU seconds spent by the embedded cloud's process and by its function workers, read from /proc (Linux).

Throughput and latency on the shared 2-core machine move with whatever else runs; the CPU a piece of work costs
moves far less, so the benchmarks print it next to their timings. `platform` is the `eventonight up` process
(moto, the gateways, pollers, Step Functions, the Stripe emulator: one GIL); `workers` are its child processes
and theirs (the functions' Lambda workers and the zygote they fork from), running or ended.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class CpuSeconds:
    platform: float
    workers: float

    def __sub__(self, other: CpuSeconds) -> CpuSeconds:
        return CpuSeconds(self.platform - other.platform, self.workers - other.workers)


def _stat(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2:].split()  # the fields after "(comm)"; index 0 is field 3 (state)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _descendants_cpu(pid: int) -> float:
    """Seconds of the live children of `pid` and of all below them, the reaped ones' included."""
    total = 0.0
    for child in _children(pid):
        try:
            child_fields = _stat(child)
        except OSError:
            continue
        total += sum(int(f) for f in child_fields[11:15]) / _TICKS + _descendants_cpu(child)
    return total


def cpu_of(pid: int) -> CpuSeconds:
    """utime+stime of `pid`, and of all its descendants (workers forked from a zygote are its grandchildren;
    reaped processes count through their parents' cutime+cstime)."""
    fields = _stat(pid)
    own = (int(fields[11]) + int(fields[12])) / _TICKS
    reaped = (int(fields[13]) + int(fields[14])) / _TICKS
    return CpuSeconds(own, reaped + _descendants_cpu(pid))

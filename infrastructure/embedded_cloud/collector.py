"""The platform process's garbage collector: what start-up built is set aside, and full collections are rare.

Each full collection walks every tracked object while holding the GIL, so every request, poller and socket of the
platform waits for it. Measured while likes went through (benchmarks/notification_latency.py, load average ~16):
13 full collections in 100 s over 350,000-430,000 objects (moto's models, botocore's, the deployed resources),
0.4-1.4 s each, which was the event path's p99. Once the platform has started, its objects are frozen
(`gc.freeze`: never walked again; their cycles, if they ever become garbage, are not reclaimed, as a Lambda
worker's preloaded libraries), and the thresholds let far more allocations go by between collections.

Saved state is put back with the collector off and frozen at once (`restoring`): the snapshot of 10,000 events
builds ~1.7 million objects, and the collections they triggered while being built took half of the restore's CPU
(2.6 of 5.3 s), the full collection after it another second.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Young collections every 10,000 net allocations (Python's default: 700), a full one at most every 100 middle
# ones (default: 10).
THRESHOLDS = (10_000, 20, 100)


def settle_after_start() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


@contextmanager
def restoring() -> Iterator[None]:
    """Build saved state without collections, then freeze it: what exists before is collected first, so no
    garbage is frozen with it (the state itself is data: the items a write replaces are freed by their count)."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()

"""`eventonight up --seed`: demo data, loaded through the platform's own public API once it is up.

Each context adds its demo data here as it gains an API; seeding is idempotent (it skips what exists).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SEED_STEPS: list[Callable[[Any, Callable[[str], None]], None]] = []


def seed(cloud: Any, say: Callable[[str], None]) -> None:
    if not SEED_STEPS:
        say("seed: no context publishes demo data yet")
    for step in SEED_STEPS:
        step(cloud, say)

"""The embedded cloud's own durable state: at start, the journal read back and split among its parts (moto's
services, the Stripe emulator, the stream pollers' checkpoints); while running, the checkpoints journalled."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from .. import journal as journal_files
from ..persistence import JOURNAL_DIR, Saved

STRIPE, CHECKPOINT = "stripe.object", "checkpoint"


class Replay:
    """The journal's entries after the snapshot, by part."""

    def __init__(self, data_dir: Path, saved: Saved) -> None:
        self.moto: list[Any] = []
        self.stripe: list[Any] = []
        self.checkpoints: dict[str, str] = {}
        start = min(saved.moto_from, saved.runtime_from)
        for segment, entry in journal_files.replay(data_dir / JOURNAL_DIR, start):
            if entry[0] == STRIPE:
                if segment >= saved.runtime_from:
                    self.stripe.append(entry[1:])
            elif entry[0] == CHECKPOINT:
                if segment >= saved.runtime_from:
                    self.checkpoints[entry[1]] = entry[2]
            elif segment >= saved.moto_from:
                self.moto.append(entry)


class JournalledCheckpoints(dict):
    """The pollers' stream positions; each new one is journalled (not waited for: a position lost in a crash
    means records delivered again, which consumers handle as they handle any retry)."""

    def __init__(self, initial: dict[str, str], journal: Any) -> None:
        super().__init__(initial)
        self.journal = journal

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key, value)
        self.journal.append([[CHECKPOINT, key, value]])


def stripe_writes(journal: Any) -> Any:
    def record(writes: list) -> None:
        journal.append([[STRIPE, *write] for write in writes])

    return record


def awaitable_sync(journal: Any) -> Any:
    """For the Stripe emulator's responses: wait, off the event loop, until everything written is on disk."""
    async def durable() -> None:
        ticket = journal.last_ticket()
        if ticket:
            await asyncio.get_running_loop().run_in_executor(None, journal.sync, ticket)

    return durable

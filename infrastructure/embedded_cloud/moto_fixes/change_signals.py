"""Wake-ups for the event-source pollers when a stream or a queue receives something.

moto has no push from a stream or queue to its readers; polling fast costs a busy server lock. We count changes
to the table's or queue's name when moto appends a stream record or a message, so a poller sleeps until the count
moves past the one it saw before its last read, with a long fallback timeout, and still delivers at once.
A change made under the moto lock (a request, or our code holding it) wakes the pollers once the lock is let go,
once per name: a transaction's six writes woke the table's pollers six times, each only to wait for the lock the
request still held.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from .replacements import Replacements

if TYPE_CHECKING:
    from moto.dynamodb.models.table import StreamShard
    from moto.sqs.models import Queue

# One counter per name; a reader remembers the count it last saw, so a change made while it was busy is not lost
# (a shared Event that the first waiter cleared left other pollers of the same table asleep until their fallback).
_counts: dict[str, int] = {}
_conditions: dict[str, threading.Condition] = {}
_wakers: dict[str, Callable[[], None]] = {}
_registry = threading.Lock()


def _condition(name: str) -> threading.Condition:
    condition = _conditions.get(name)
    if condition is None:
        with _registry:
            condition = _conditions.setdefault(name, threading.Condition())
    return condition


def notify(name: str) -> None:
    """Count a change to `name` and wake its readers, now or, under the moto lock, once it is let go."""
    from ..moto_server import after_release

    after_release(_wakers.get(name) or _waker(name))


def _waker(name: str) -> Callable[[], None]:
    with _registry:
        return _wakers.setdefault(name, lambda: _notify_now(name))  # one per name: pending changes merge


def _notify_now(name: str) -> None:
    condition = _condition(name)
    with condition:
        _counts[name] = _counts.get(name, 0) + 1
        condition.notify_all()


def seen(name: str) -> int:
    """The count to pass to `wait` later: take it before reading, so a change made meanwhile wakes the wait."""
    return _counts.get(name, 0)


def wait(name: str, last_seen: int, timeout: float) -> bool:
    """Return once `name` changed after `last_seen` was taken (True), or after `timeout` seconds (False)."""
    condition = _condition(name)
    with condition:
        return condition.wait_for(lambda: _counts.get(name, 0) != last_seen, timeout)


def add_and_notify_record(self: StreamShard, *args: object, **kwargs: object) -> None:
    replaced.originals["StreamShard.add"](self, *args, **kwargs)
    notify(f"table:{self.table.name}")


def add_and_notify_message(self: Queue, *args: object, **kwargs: object) -> None:
    replaced.originals["Queue.add_message"](self, *args, **kwargs)
    notify(f"queue:{self.name}")


replaced = Replacements(("moto.dynamodb.models.table.StreamShard", "add", add_and_notify_record),
                        ("moto.sqs.models.Queue", "add_message", add_and_notify_message))
install, uninstall = replaced.install, replaced.uninstall

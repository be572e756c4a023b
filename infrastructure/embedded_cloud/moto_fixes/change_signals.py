"""Wake-ups for the event-source pollers when a stream or a queue receives something.

moto has no push from a stream or queue to its readers; polling fast costs a busy server lock. We signal the
table's or queue's name when moto appends a stream record or a message, so a poller can wait on its own signal
with a long fallback timeout and still deliver at once.
"""

from __future__ import annotations

import threading
from collections import defaultdict

_signals: defaultdict[str, threading.Event] = defaultdict(threading.Event)
_installed = False


def notify(name: str) -> None:
    _signals[name].set()


def wait(name: str, timeout: float) -> None:
    """Return when `name` was signalled since the last wait, or after `timeout` seconds."""
    signal = _signals[name]
    signal.wait(timeout)
    signal.clear()


def install() -> None:
    global _installed
    if _installed:
        return
    from moto.dynamodb.models.table import StreamShard
    from moto.sqs.models import Queue

    add_record = StreamShard.add
    add_message = Queue.add_message

    def add_and_notify_record(self: StreamShard, *args: object, **kwargs: object) -> None:
        add_record(self, *args, **kwargs)
        notify(f"table:{self.table.name}")

    def add_and_notify_message(self: Queue, *args: object, **kwargs: object) -> None:
        add_message(self, *args, **kwargs)
        notify(f"queue:{self.name}")

    StreamShard.add = add_and_notify_record
    Queue.add_message = add_and_notify_message
    _installed = True

"""Pollers sleep on change counts: every reader of a table or queue wakes for a change it has not read yet."""

from __future__ import annotations

import threading

from embedded_cloud.moto_fixes import change_signals
from embedded_cloud.moto_server import backend_lock


def test_a_change_wakes_every_reader_that_saw_the_count_before_it() -> None:
    name = "table:two-readers"
    relay, replica = change_signals.seen(name), change_signals.seen(name)
    change_signals.notify(name)
    # The relay wakes first; the replica, busy meanwhile, waits after that and must not miss the change
    # (a shared Event cleared by the first waiter left it asleep until its fallback timeout).
    assert change_signals.wait(name, relay, timeout=30)
    assert change_signals.wait(name, replica, timeout=30)


def test_a_reader_sleeps_until_the_next_change() -> None:
    name = "queue:sleeper"
    change_signals.notify(name)
    seen = change_signals.seen(name)
    assert not change_signals.wait(name, seen, timeout=0)  # nothing new since it looked
    woke = threading.Event()

    def reader() -> None:
        if change_signals.wait(name, seen, timeout=60):
            woke.set()

    thread = threading.Thread(target=reader)
    thread.start()
    change_signals.notify(name)
    thread.join(60)
    assert woke.is_set()


def test_changes_under_the_moto_lock_wake_readers_once_it_is_let_go() -> None:
    name = "table:one-transaction"
    before = change_signals.seen(name)
    with backend_lock():  # a request's six writes to one table
        for _ in range(6):
            change_signals.notify(name)
        assert change_signals.seen(name) == before  # a reader woken now would only wait for this lock
    assert change_signals.seen(name) == before + 1
    assert change_signals.wait(name, before, timeout=0)

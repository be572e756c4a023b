"""Pollers sleep on change counts: every reader of a table or queue wakes for a change it has not read yet."""

from __future__ import annotations

import threading

from embedded_cloud.moto_fixes import change_signals


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

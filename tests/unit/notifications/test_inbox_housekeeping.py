"""Deleting notifications and their expiry against the template's table (in-process moto): the unread counter
follows every deletion, a read notification gets its TTL, an unread one none, and an erased account keeps
nothing of its inbox."""

from __future__ import annotations

import time

from support.context_tables import table_per_module

USER, OTHER = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"  # as on the bus


moto_table, table = table_per_module("notifications")  # one table for the module, emptied after each test


def stored(user_id: str, count: int) -> list[str]:
    from notifications import inbox

    return [inbox.store(user_id, "like", {"n": n}, f"fact-{n}", f"2026-11-22T02:{n // 60:02d}:{n % 60:02d}.000Z")["id"]
            for n in range(count)]


def ids(user_id: str) -> list[str]:
    from notifications import inbox

    return [note.id for note in inbox.page(user_id, unread_only=False, limit=100, start_key=None)[0]]


def test_deleting_one_takes_an_unread_one_off_the_counter_and_a_read_one_not() -> None:
    from notifications import inbox

    first, second, third = stored(USER, 3)
    assert inbox.mark_read(inbox.find(USER, second))
    assert inbox.remove(USER, first) and inbox.remove(USER, second)
    assert not inbox.remove(USER, first)  # gone already
    assert not inbox.remove(OTHER, third)  # not theirs
    assert ids(USER) == [third]
    assert inbox.unread_count(USER) == 1


def test_deleting_all_pages_through_every_notification() -> None:
    from notifications import inbox

    notes = stored(USER, 130)  # more than a page of 100 and than a transaction of 50
    inbox.mark_read(inbox.find(USER, notes[7]))
    stored(OTHER, 2)
    assert inbox.remove_all(USER) == 130
    assert ids(USER) == [] and inbox.unread_count(USER) == 0
    assert len(ids(OTHER)) == 2 and inbox.unread_count(OTHER) == 2


def test_a_notification_expires_ninety_days_after_it_was_read_and_not_while_unread() -> None:
    from notifications import inbox

    read, unread = stored(USER, 2)
    before = int(time.time())
    inbox.mark_read(inbox.find(USER, read))
    expires = inbox.find(USER, read).expiresAt
    assert before + 90 * 86400 <= expires <= int(time.time()) + 90 * 86400
    assert inbox.find(USER, unread).expiresAt is None


def test_an_erased_account_keeps_no_notification_no_counter_and_no_preference() -> None:
    from notifications import consent, inbox
    from notifications.domain import NoteType
    from notifications.preferences import Choice
    from notifications.store import COUNTERS, Counters, user_key

    stored(USER, 3)
    consent.keep(consent.load(USER).replaced({NoteType.LIKE: Choice(in_app=False, email=True)}))
    inbox.erase(USER)
    consent.forget(USER)
    inbox.erase(USER)  # a redelivered user.deleted
    assert ids(USER) == []
    assert Counters.count(user_key(USER), Counters.SK == COUNTERS) == 0
    assert consent.load(USER).chosen == {}


def test_nothing_is_stored_for_an_erased_account_not_even_by_a_late_unsubscribe_link() -> None:
    from notifications import consent, inbox
    from notifications.domain import NoteType

    inbox.erase(USER)
    assert inbox.store(USER, "like", {}, "late-fact", "2026-11-22T03:00:00.000Z") is None
    consent.unsubscribe(USER, NoteType.FOLLOW)
    assert ids(USER) == [] and inbox.unread_count(USER) == 0
    assert consent.load(USER).chosen == {}
    assert inbox.store(OTHER, "like", {}, "late-fact", "2026-11-22T03:00:00.000Z") is not None

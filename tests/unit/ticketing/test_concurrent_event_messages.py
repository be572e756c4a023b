"""Two event.* messages about one event handled at once, by two workers: each writes what it derived from the
replica as its own update left it, and the older one's writes may come last. What they derive must not take the
older state back (on the template's table in moto; the interleaving played step by step)."""

from __future__ import annotations

import uuid

import pytest

EARLY, LATER = "2026-12-05T10:00:00.000Z", "2026-12-05T11:00:00.000Z"
FIRST_START, MOVED_START, NEWEST_START = "2030-01-01T20:00:00Z", "2030-02-01T20:00:00Z", "2030-03-01T20:00:00Z"

pytestmark = pytest.mark.usefixtures("table")  # the conftest's table, emptied after each test


def deliver(event_type: str, occurred_at: str, **payload: object) -> None:
    from ticketing.handlers import consume

    consume.HANDLERS[event_type]({"eventId": str(uuid.uuid4()), "eventType": event_type,
                                  "occurredAt": occurred_at, "payload": payload})


def _holders_sort_keys(event_id: str) -> list[str | None]:
    from ticketing.store import holdings

    return [item.GSI1SK for item in holdings.HoldingItem.by_event.query(f"EVENT#{event_id}#HOLDERS")]


def test_an_older_start_re_keying_the_holders_after_a_newer_one_leaves_the_newer() -> None:
    """event.updated (start moved) and a newer event.updated (moved again) at once: the older one kept its start
    in the replica first, but re-keys the holders' "My events" entries last, with the start it read back."""
    from kernel import replica
    from kernel.unit_of_work import commit
    from ticketing.store import PROFILE, EventReplica, event_key, holdings

    event_id = str(uuid.uuid4())
    deliver("event.created", EARLY, eventId=event_id, creatorId="org", name="Jazz", status="PUBLISHED",
            startsAt=FIRST_START)
    commit("ticketing", lambda unit: [holdings.hold(unit, holder, event_id, FIRST_START) for holder in ("ada", "bo")])
    older = "2026-12-05T10:30:00.000Z"
    # the older message's worker: its update of the replica applies (nothing newer yet) and answers its start ...
    kept = replica.kept(EventReplica, (event_key(event_id), PROFILE), older, {"startsAt": MOVED_START})
    assert kept is not None and kept.startsAt == MOVED_START
    # ... the newer message is handled whole meanwhile (replica and holders at the newest start) ...
    deliver("event.updated", LATER, eventId=event_id, startsAt=NEWEST_START)
    assert _holders_sort_keys(event_id) == [f"{NEWEST_START}#{event_id}"] * 2
    # ... then the older worker re-keys the holders with the start its update answered
    holdings.moved(event_id, kept.startsAt)
    assert _holders_sort_keys(event_id) == [f"{NEWEST_START}#{event_id}"] * 2


def test_a_moved_start_re_keys_more_holders_than_one_transaction_takes_and_a_repeat_keeps_them() -> None:
    from kernel.unit_of_work import commit
    from ticketing.store import holdings

    event_id = str(uuid.uuid4())
    deliver("event.created", EARLY, eventId=event_id, creatorId="org", name="Jazz", status="PUBLISHED",
            startsAt=FIRST_START)
    holders = [f"holder-{n}" for n in range(holdings.MOVED_PER_TRANSACTION + 2)]  # two transactions' worth
    for first in range(0, len(holders), 50):
        commit("ticketing", lambda unit, first=first: [holdings.hold(unit, holder, event_id, FIRST_START)
                                                       for holder in holders[first:first + 50]])
    deliver("event.updated", LATER, eventId=event_id, startsAt=MOVED_START)
    assert _holders_sort_keys(event_id) == [f"{MOVED_START}#{event_id}"] * len(holders)
    deliver("event.updated", LATER, eventId=event_id, startsAt=MOVED_START)  # the same fact, a new eventId
    assert _holders_sort_keys(event_id) == [f"{MOVED_START}#{event_id}"] * len(holders)

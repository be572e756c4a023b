"""What each user holds tickets for ("My events"): one item per holder and event, written with the tickets that
make them a holder (a reservation, a transfer), sorted by the event's start so a page of a holder's events is one
Query - never a scan - and re-keyed when the event's start moves.

    PK=USER#<u>  SK=HOLDS#EVENT#<e>   userId, eventId, startsAt (UTC; "~" while unknown: last)
                                      GSI1 USER#<u>#EVENTS / <startsAt>#<e>   (a holder's events by start)
                                      GSI2 EVENT#<e>#HOLDERS / <u>            (an event's holders)
"""

from __future__ import annotations

from kernel.table import GSI1Keys, GSI2Keys, page
from kernel.unit_of_work import Stale, Unit
from pynamodb.attributes import UnicodeAttribute

from . import GSI1, GSI2, PROFILE, ContextTable, EventReplica, commit, event_key, get

UNKNOWN = "~"  # sorts after every instant
MOVED_PER_TRANSACTION = 99  # TransactWriteItems' 100 actions: the replica's check and as many holders


class HoldingItem(GSI1Keys, GSI2Keys, ContextTable):
    by_holder, by_event = GSI1(), GSI2()
    userId = UnicodeAttribute()
    eventId = UnicodeAttribute()
    startsAt = UnicodeAttribute(null=True)


def holding_key(user_id: str, event_id: str) -> tuple[str, str]:
    return f"USER#{user_id}", f"HOLDS#EVENT#{event_id}"


def _item(user_id: str, event_id: str, starts_at: str | None) -> HoldingItem:
    return HoldingItem(*holding_key(user_id, event_id), userId=user_id, eventId=event_id, startsAt=starts_at,
                       GSI1PK=f"USER#{user_id}#EVENTS", GSI1SK=f"{starts_at or UNKNOWN}#{event_id}",
                       GSI2PK=f"EVENT#{event_id}#HOLDERS", GSI2SK=user_id)


def starts_at(event_id: str) -> str | None:
    item = get(EventReplica, event_key(event_id), PROFILE)
    return item.startsAt if item is not None else None


def hold(unit: Unit, user_id: str, event_id: str, starts: str | None) -> None:
    """The user holds tickets of the event, which starts at `starts` as the replica last told (again: the same
    item, so writing it twice is harmless); `caught_up` after the transaction."""
    unit.save(_item(user_id, event_id, starts))


def holder_page(user_id: str, upcoming: bool, now: str, limit: int, start_key: dict | None
                ) -> tuple[list[HoldingItem], dict | None]:
    """Upcoming events soonest first (those starting from `now` on, and those without a known start last), or
    past ones latest first."""
    partition = f"USER#{user_id}#EVENTS"
    condition = now <= HoldingItem.GSI1SK if upcoming else now > HoldingItem.GSI1SK
    return page(HoldingItem.by_holder, partition, limit, start_key, newest_first=not upcoming,
                range_key_condition=condition)


def moved(event_id: str, new_start: str) -> None:
    """The event's start moved: each holder's item sorts by the new one, written only while the event replica
    still holds that start (a check in the same transaction). Two event.* messages handled at once can reach
    here in either order, each with the start the replica held after its own update: the one whose start the
    replica no longer holds writes nothing (the message that moved it on re-keys them itself), so an older
    start is never written last. A repeat finds the items sorted already and writes nothing."""
    behind = [item.userId for item in HoldingItem.by_event.query(f"EVENT#{event_id}#HOLDERS")
              if item.startsAt != new_start]
    _re_key(event_id, behind, new_start)


def caught_up(user_id: str, event_id: str, written: str | None) -> None:
    """After the transaction that wrote a holder's item (`hold`) with the start read before it: an event.*
    message that moved the start in between found no item to re-key (`moved`'s Query ran before the item was
    written), so the start is read again and the item re-keyed when the replica holds another one now (on the
    same condition as `moved`). Whichever comes last - this read, or the message's Query - sees the other's
    write."""
    now = starts_at(event_id)
    if now is not None and now != written:
        _re_key(event_id, [user_id], now)


def _re_key(event_id: str, user_ids: list[str], start: str) -> None:
    """The holders' items sorted by `start`, while the event replica holds it (a check in each transaction);
    nothing more once it holds another (the message that moved it on re-keys them)."""
    for first in range(0, len(user_ids), MOVED_PER_TRANSACTION):
        chunk = user_ids[first:first + MOVED_PER_TRANSACTION]

        def write(unit: Unit, chunk: list[str] = chunk) -> None:
            unit.check(EventReplica, event_key(event_id), PROFILE, EventReplica.startsAt == start)
            for user_id in chunk:
                unit.save(_item(user_id, event_id, start))

        try:
            commit(write)
        except Stale:  # the replica moved on: its newer start is the one to sort by, written by its message
            return

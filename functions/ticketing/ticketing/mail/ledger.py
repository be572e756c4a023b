"""What was mailed, and what an event's holders were told of its time and place (the context's table).

    PK=MAIL#<topic>   SK=USER#<u>      sentAt, expiresAt (TTL: 60 days)  one letter per (topic, recipient)
    PK=EVENT#<e>      SK=WHEREABOUTS   startsAt, location (newest wins, kernel.replica), told (the fingerprint
                                       holders last heard), pending (a change waits in the announce queue)
                                       GSI1 STARTS#<hour, UTC> / <startsAt>#<e>  (the reminder's events of an hour)
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

from kernel import replica
from kernel.events import now_iso
from kernel.replica import Replica
from kernel.table import GSI1, ContextTable, GSI1Keys, update_if
from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, PutError, UpdateError

from .rules import Whereabouts, start_bucket

KEEP_SECONDS = 60 * 24 * 3600
SK = "WHEREABOUTS"


class MailSent(ContextTable):
    sentAt = UnicodeAttribute()
    expiresAt = NumberAttribute()


class EventWhereabouts(GSI1Keys, Replica):
    startsAt = UnicodeAttribute(null=True)
    location = UnicodeAttribute(null=True)
    told = UnicodeAttribute(null=True)
    pending = BooleanAttribute(null=True)
    by_start = GSI1()


def _conditional(error: Exception) -> bool:
    cause = getattr(error, "cause_response_code", None)
    return cause == "ConditionalCheckFailedException"


def once(topic: str, user_id: str, send: Callable[[], object]) -> bool:
    """Send unless this recipient had this topic's letter; True when sent now. The mark is written first (two
    deliveries racing send once) and taken back when the sending fails, so the retry sends."""
    mark = MailSent(f"MAIL#{topic}", f"USER#{user_id}", sentAt=now_iso(), expiresAt=int(time.time()) + KEEP_SECONDS)
    try:
        mark.save(condition=MailSent.PK.does_not_exist())
    except PutError as error:
        if _conditional(error):
            return False
        raise
    try:
        send()
    except Exception:
        with contextlib.suppress(DeleteError):  # else the letter is lost rather than sent twice
            mark.delete()
        raise
    return True


def _key(event_id: str) -> tuple[str, str]:
    return f"EVENT#{event_id}", SK


def keep(event_id: str, occurred_at: str, whereabouts: Whereabouts) -> EventWhereabouts | None:
    """The newest time and place, and the hour it is indexed under for the reminder (set on the condition that
    the start it was computed from is still the one held: a racing keep indexes its own). Answers the item as
    the last write left it (each UpdateItem answers with it: no GetItem after a write that applied)."""
    item = replica.kept(EventWhereabouts, _key(event_id), occurred_at,
                        {"startsAt": whereabouts.starts_at, "location": whereabouts.location})
    if item is None:  # a stale message: what the newer ones left
        item = current(event_id)
    bucket = start_bucket(item.startsAt) if item else None
    if item is None or bucket is None:
        return item
    indexed = EventWhereabouts(*_key(event_id))
    try:
        indexed.update(actions=[EventWhereabouts.GSI1PK.set(f"STARTS#{bucket}"),
                                EventWhereabouts.GSI1SK.set(f"{item.startsAt}#{event_id}")],
                       condition=EventWhereabouts.startsAt == item.startsAt)
    except UpdateError:  # a newer start was kept meanwhile: its keep indexes it
        return current(event_id)
    return indexed


def starting_in(bucket: str) -> list[EventWhereabouts]:
    """The events starting in this hour (one partition of GSI1, never a Scan)."""
    return list(EventWhereabouts.by_start.query(f"STARTS#{bucket}"))


def told_at_publication(event_id: str, occurred_at: str, whereabouts: Whereabouts) -> None:
    """event.published: what buyers learn from now on, unless holders were told something already."""
    keep(event_id, occurred_at, whereabouts)
    EventWhereabouts(*_key(event_id)).update(actions=[EventWhereabouts.told.set(
        EventWhereabouts.told | whereabouts.fingerprint)])


def current(event_id: str) -> EventWhereabouts | None:
    try:
        return EventWhereabouts.get(*_key(event_id), consistent_read=True)
    except EventWhereabouts.DoesNotExist:
        return None


def whereabouts(item: EventWhereabouts) -> Whereabouts:
    return Whereabouts(item.startsAt, item.location)


def mark_pending(event_id: str) -> bool:
    """True for the one update that starts the coalescing window (nothing was pending)."""
    try:
        EventWhereabouts(*_key(event_id)).update(actions=[EventWhereabouts.pending.set(True)],
                                                 condition=EventWhereabouts.pending.does_not_exist())
    except UpdateError as error:
        if _conditional(error):
            return False
        raise
    return True


def clear_pending(event_id: str) -> None:
    """Before reading what to announce: an update after this starts a window of its own."""
    EventWhereabouts(*_key(event_id)).update(actions=[EventWhereabouts.pending.remove()])


def _holds(attribute: Any, value: str | None) -> Any:
    return attribute == value if value is not None else attribute.does_not_exist()


def told(event_id: str, heard: Whereabouts) -> bool:
    """Holders were told `heard`: recorded while it is still the time and place the ledger holds (False, nothing
    written, once a newer one was kept: its own announcement records what it tells). Two announcements of one
    event can run at once (an update after the first one cleared its mark opens a window of its own): the
    older one, finishing last, must not leave its fingerprint, or a change back to it would go untold."""
    E = EventWhereabouts  # noqa: N806
    return update_if(E(*_key(event_id)), [E.told.set(heard.fingerprint)],
                     _holds(E.startsAt, heard.starts_at) & _holds(E.location, heard.location))

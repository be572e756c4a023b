"""A migration of data written before "My events" and the attendee search (issue 15): such a ticket has no
attendee search key and its holder no My-events entry (store/holdings.py), so it showed in neither. Each such
ticket gets both, in one transaction, only while it still has no key - so a run that stops anywhere, a second run,
or two at once change nothing twice. Progress (the scan's position) and the end are kept in one item, so the
hourly schedule finishes a large table over several runs and afterwards costs one read.

    PK=MIGRATION#HOLDINGS  SK=MIGRATION   cursor (where the next run scans on), done, updated (tickets so far)

A maintenance job, not a request path: the one Scan of the ticketing context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel.unit_of_work import Stale
from pynamodb.attributes import BooleanAttribute, JSONAttribute, NumberAttribute

from .store import ContextTable, TicketItem, Unit, commit, get, holdings, ticket_key

MARKER = ("MIGRATION#HOLDINGS", "MIGRATION")
BATCH = 100


class MigrationItem(ContextTable):
    cursor = JSONAttribute(null=True)
    done = BooleanAttribute(null=True)
    updated = NumberAttribute(null=True)


def _backfill(item: TicketItem) -> bool:
    """The ticket's search key and its holder's entry; False when another run gave them first."""
    def write(unit: Unit) -> str | None:
        unit.update(TicketItem(*ticket_key(item.ticketId)), [TicketItem.attendeeKey.set(item.attendeeName.casefold())],
                    condition=TicketItem.attendeeKey.does_not_exist())
        starts = holdings.starts_at(item.eventId)
        holdings.hold(unit, item.userId, item.eventId, starts)
        return starts

    try:
        written = commit(write, attempts=1)
    except Stale:
        return False
    holdings.caught_up(item.userId, item.eventId, written)  # the start may have moved meanwhile
    return True


def run(has_time: Callable[[], bool], batch: int = BATCH) -> dict[str, Any]:
    """Backfill from where the last run stopped, a batch at a time while `has_time()`; what it did."""
    marker = get(MigrationItem, *MARKER) or MigrationItem(*MARKER, updated=0)
    if marker.done:
        return {"done": True, "updated": 0}
    updated = 0
    while True:
        found = TicketItem.scan((TicketItem.SK == "TICKET") & TicketItem.attendeeKey.does_not_exist(),
                                limit=batch, last_evaluated_key=marker.cursor)
        fixed = sum(_backfill(item) for item in found)
        updated += fixed
        marker.cursor, marker.done = found.last_evaluated_key, not found.last_evaluated_key
        marker.updated = int(marker.updated or 0) + fixed
        marker.save()
        if marker.done or not has_time():
            return {"done": bool(marker.done), "updated": updated}

"""The event replica, kept from `event.*` domain events (never fetched): creator, status, title, date, start.

Messages may come late, twice or out of order: every write is an upsert guarded by a condition (fields carry
the `occurredAt` of the message that set them; the status only moves forward; a deleted event leaves a
tombstone that no later message revives).
"""

from __future__ import annotations

import time
from typing import Any

from kernel.table import update_if

from .domain import STATUS_RANK, Event
from .store import PROFILE, EventReplica, event_key, get

TOMBSTONE_SECONDS = 30 * 24 * 3600


def _event(item: EventReplica | None) -> Event | None:
    if item is None or item.deletedAt is not None or item.creatorId is None or item.status is None:
        return None
    return Event(event_id=item.eventId or item.PK.removeprefix("EVENT#"), creator_id=item.creatorId,
                 status=item.status, title=item.title, date=item.date, starts_at=item.startsAt)


def event(event_id: str) -> Event | None:
    return _event(get(EventReplica, event_key(event_id), PROFILE))


def keep(payload: dict[str, Any], occurred_at: str, status: str | None) -> None:
    """event.created/updated/published/cancelled/completed: the creator (immutable), the newest title, date
    and start, and the furthest status."""
    event_id = payload["eventId"]
    alive = EventReplica.deletedAt.does_not_exist()
    replica = EventReplica(event_key(event_id), PROFILE)
    if payload.get("creatorId"):
        update_if(replica, [EventReplica.eventId.set(event_id),
                         EventReplica.creatorId.set(EventReplica.creatorId | payload["creatorId"])], alive)
    fields = [getattr(EventReplica, attribute).set(payload[key])
              for key, attribute in (("name", "title"), ("date", "date"), ("startsAt", "startsAt")) if key in payload]
    if fields:
        fresh = EventReplica.version.does_not_exist() | (EventReplica.version <= occurred_at)
        update_if(replica, [EventReplica.eventId.set(event_id), EventReplica.version.set(occurred_at), *fields],
               alive & fresh)
    if status is not None:
        rank = STATUS_RANK[status]
        update_if(replica, [EventReplica.eventId.set(event_id), EventReplica.status.set(status),
                         EventReplica.statusRank.set(rank)],
               alive & (EventReplica.statusRank.does_not_exist() | (EventReplica.statusRank < rank)))


def bury(event_id: str, occurred_at: str) -> None:
    """event.deleted: a tombstone replaces the replica; no later event.* message revives it."""
    EventReplica(event_key(event_id), PROFILE, eventId=event_id, deletedAt=occurred_at,
                 expiresAt=int(time.time()) + TOMBSTONE_SECONDS).save()

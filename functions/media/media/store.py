"""The media table (single-table design), with PynamoDB.

    PK=EVENT#<eventId>       SK=REPLICA          the event's creator and status (kernel.replica: newest wins,
                                                 the status only moves forward); a tombstone after event.deleted
    PK=UPLOAD#<uploadKey>    SK=ETAG#<etag>      an upload already published (S3 may notify twice)
    PK=OUTBOX#<eventId>      SK=EVENT            domain events on their way to the bus (kernel.outbox)

Publishing an image commits its upload record, the check that its event still exists (posters) and its
announcement in one transaction (kernel.unit_of_work), each condition naming what its failure means.
"""

from __future__ import annotations

import enum
import time

from kernel import replica, unit_of_work
from kernel.events import EVENT_STATUS_RANK
from kernel.replica import Replica
from kernel.table import ContextTable
from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from .domain import AlreadyPublished, EventGone, KnownEvent, Upload

PRODUCER = "media"
REPLICA = "REPLICA"
UPLOAD_RECORD_SECONDS = 2 * 24 * 3600  # longer than an upload may wait (the bucket expires them after a day)


class EventReplica(Replica):
    creatorId = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)
    statusRank = NumberAttribute(null=True)


class PublishedUpload(ContextTable):
    publicKey = UnicodeAttribute()
    expiresAt = NumberAttribute()


class Outcome(enum.Enum):
    PUBLISHED = "published"
    ALREADY_PUBLISHED = "already published"  # a second notification of the same upload
    EVENT_GONE = "event gone"  # the poster's event was deleted meanwhile


def _event_key(event_id: str) -> tuple[str, str]:
    return f"EVENT#{event_id}", REPLICA


def known_event(event_id: str) -> KnownEvent | None:
    """What media knows of the event: None when it never heard of it or it was deleted."""
    try:
        item = EventReplica.get(*_event_key(event_id), consistent_read=True)
    except EventReplica.DoesNotExist:
        return None
    if not replica.alive(item) or item.creatorId is None or item.status is None:
        return None
    return KnownEvent(event_id, item.creatorId, item.status)


def keep_event(event_id: str, occurred_at: str, creator_id: str, status: str) -> None:
    """event.created / event.updated: the newest creator, the furthest status; nothing after a deletion."""
    replica.keep(EventReplica, _event_key(event_id), occurred_at, {"creatorId": creator_id, "status": status},
                 forward_only={"status": EVENT_STATUS_RANK})


def bury_event(event_id: str, occurred_at: str) -> None:
    """event.deleted: a tombstone; uploads for the event are refused from now on, even if a message comes late."""
    replica.bury(EventReplica, _event_key(event_id), occurred_at)


def publish(upload: Upload, public_key: str) -> Outcome:
    """Record the upload as published with its announcements, once per stored upload (its key and etag)."""
    record = PublishedUpload(f"UPLOAD#{upload.key}", f"ETAG#{upload.etag}", publicKey=public_key,
                             expiresAt=int(time.time()) + UPLOAD_RECORD_SECONDS)

    def write(unit: unit_of_work.Unit) -> None:
        unit.save(record, condition=PublishedUpload.PK.does_not_exist(), failure=AlreadyPublished())
        if upload.target.kind == "poster":
            unit.check(EventReplica, *_event_key(upload.target.entity_id),
                       condition=EventReplica.creatorId.exists() & EventReplica.deletedAt.does_not_exist(),
                       failure=EventGone())
        for event_type, payload in upload.events:
            unit.publish(event_type, payload)

    try:
        unit_of_work.commit(PRODUCER, write)
    except AlreadyPublished:
        return Outcome.ALREADY_PUBLISHED
    except EventGone:
        return Outcome.EVENT_GONE
    upload.events.clear()
    return Outcome.PUBLISHED

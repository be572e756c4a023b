"""The media table (single-table design), with PynamoDB.

    PK=EVENT#<eventId>       SK=REPLICA          the event's creator and status, from event.created; a
                                                 tombstone (deleted) after event.deleted
    PK=UPLOAD#<uploadKey>    SK=ETAG#<etag>      an upload already published (S3 may notify twice)
    PK=OUTBOX#<eventId>      SK=EVENT            domain events on their way to the bus (kernel.outbox)

Publishing an image commits its upload record, the check that its event still exists (posters) and its
outbox item in one transaction.
"""

from __future__ import annotations

import enum
import time

from kernel import outbox, unit_of_work
from kernel.table import ContextTable
from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError, TransactWriteError

from .domain import KnownEvent, Target

PRODUCER = "media"
TOMBSTONE_SECONDS = 30 * 24 * 3600  # longer than any redelivery of an event.created (DLQs keep 14 days)
UPLOAD_RECORD_SECONDS = 2 * 24 * 3600  # longer than an upload may wait (the bucket expires them after a day)


class EventReplica(ContextTable):
    creatorId = UnicodeAttribute()
    status = UnicodeAttribute()
    deleted = BooleanAttribute(default=False)
    expiresAt = NumberAttribute(null=True)


class PublishedUpload(ContextTable):
    publicKey = UnicodeAttribute()
    expiresAt = NumberAttribute()


class Outcome(enum.Enum):
    PUBLISHED = "published"
    ALREADY_PUBLISHED = "already published"  # a second notification of the same upload
    EVENT_GONE = "event gone"  # the poster's event was deleted meanwhile


def _exists(model: type[ContextTable], pk: str, sk: str) -> bool:
    try:
        model.get(pk, sk, consistent_read=True)
    except model.DoesNotExist:
        return False
    return True


def _event_key(event_id: str) -> str:
    return f"EVENT#{event_id}"


def known_event(event_id: str) -> KnownEvent | None:
    try:
        replica = EventReplica.get(_event_key(event_id), "REPLICA", consistent_read=True)
    except EventReplica.DoesNotExist:
        return None
    return None if replica.deleted else KnownEvent(event_id, replica.creatorId, replica.status)


def remember_event(event_id: str, creator_id: str, status: str) -> None:
    """Record a created event, unless it is known already (a redelivery) or deleted (a late event.created)."""
    replica = EventReplica(_event_key(event_id), "REPLICA", creatorId=creator_id, status=status)
    try:
        replica.save(condition=EventReplica.PK.does_not_exist())
    except PutError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise


def forget_event(event_id: str) -> None:
    """Leave a tombstone: uploads for the event are refused from now on, even if event.created comes late."""
    EventReplica(_event_key(event_id), "REPLICA", creatorId="", status="DELETED", deleted=True,
                 expiresAt=int(time.time()) + TOMBSTONE_SECONDS).save()


def publish_image(upload_key: str, etag: str, target: Target, public_key: str, url: str) -> Outcome:
    """Record the upload as published and add its announcement to the outbox, once per stored upload."""
    record = PublishedUpload(f"UPLOAD#{upload_key}", f"ETAG#{etag}", publicKey=public_key,
                             expiresAt=int(time.time()) + UPLOAD_RECORD_SECONDS)
    event_type, payload = target.announcement(url)
    try:
        with unit_of_work.transaction() as tx:
            tx.save(record, condition=PublishedUpload.PK.does_not_exist())
            if target.kind == "poster":
                tx.condition_check(EventReplica, _event_key(target.entity_id), "REPLICA",
                                   condition=EventReplica.PK.exists() & (EventReplica.deleted == False))  # noqa: E712
            outbox.add(tx, event_type, PRODUCER, payload)
    except TransactWriteError:
        # Which condition failed, read back (the cancellation reasons follow PynamoDB's grouping of operations).
        if _exists(PublishedUpload, record.PK, record.SK):
            return Outcome.ALREADY_PUBLISHED
        if target.kind == "poster" and known_event(target.entity_id) is None:
            return Outcome.EVENT_GONE
        raise
    return Outcome.PUBLISHED

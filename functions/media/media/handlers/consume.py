"""The media context's queue: what it needs to know of events, from the events context's domain events.

event.created and event.updated keep the event's creator (who may change its poster) and its status (a draft's
existence is not revealed to others) in a kernel.replica item: newest wins, the status only moves forward.
event.deleted (a hard delete) leaves a tombstone, so that no poster is accepted for it any more, and removes its
posters, which the reference left behind. The tombstone is written first: a poster being published concurrently
either sees it and withdraws its image, or committed before it and is removed with the others.
event.created/updated run without an idempotency record (kernel.consumer `repeatable`), event.deleted once per
eventId.
"""

from __future__ import annotations

from typing import Any

from kernel import consumer

from .. import bucket, domain, store


def on_event_changed(event: dict[str, Any]) -> None:
    payload = event["payload"]
    store.keep_event(payload["eventId"], event["occurredAt"], payload["creatorId"], payload["status"])


def on_event_deleted(event: dict[str, Any]) -> None:
    event_id = event["payload"]["eventId"]
    store.bury_event(event_id, event["occurredAt"])
    bucket.delete_folder(bucket.name(), domain.posters_of(event_id))  # again on a repeat: it may have failed


handler = consumer.entrypoint(
    {"event.created": on_event_changed, "event.updated": on_event_changed, "event.deleted": on_event_deleted},
    # the replica's creator (newest wins) and status (forward only), never past a tombstone: safe to repeat; not
    # event.deleted (it deletes the event's posters from the bucket): once per eventId
    repeatable={"event.created", "event.updated"})

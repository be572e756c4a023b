"""The media context's queue: what it needs to know of events, from the events context's domain events.

event.created records the event's creator (who may change its poster); event.deleted (a hard delete) leaves a
tombstone, so that no poster is accepted for it any more, and removes its posters, which the reference left
behind (§12 item 40). The tombstone is written first: a poster being published concurrently either sees it
and withdraws its image, or committed before it and is removed with the others.
"""

from __future__ import annotations

from typing import Any

from kernel import consumer

from .. import bucket, domain, store


def on_event_created(event: dict[str, Any]) -> None:
    payload = event["payload"]
    store.remember_event(payload["eventId"], payload["creatorId"], payload["status"])


def on_event_deleted(event: dict[str, Any]) -> None:
    event_id = event["payload"]["eventId"]
    store.forget_event(event_id)
    bucket.delete_folder(bucket.name(), domain.posters_of(event_id))


handler = consumer.entrypoint({"event.created": on_event_created, "event.deleted": on_event_deleted})

"""The event replica, kept from `event.*` domain events (never fetched) by kernel.replica: creator, title, date,
start, end, zone and collaborators (newest wins, field by field), the status (forward only: DRAFT -> PUBLISHED
-> CANCELLED | COMPLETED) and a tombstone after event.deleted that no later message revives."""

from __future__ import annotations

from typing import Any

from kernel import replica

from .domain import STATUS_RANK, Event
from .store import PROFILE, EventReplica, event_key, get, get_many

CARRIED = (("creatorId", "creatorId"), ("name", "title"), ("date", "date"), ("startsAt", "startsAt"),
           ("endDate", "endDate"), ("endsAt", "endsAt"), ("timezone", "timezone"), ("locationName", "venue"),
           ("collaboratorIds", "collaboratorIds"))


def _event(item: EventReplica | None) -> Event | None:
    """The event, once the replica knows its creator and status; None while it does not, or after event.deleted."""
    if item is None or item.buried or item.creatorId is None or item.status is None:
        return None
    return Event(event_id=item.eventId or item.PK.removeprefix("EVENT#"), creator_id=item.creatorId,
                 status=item.status, title=item.title, date=item.date, starts_at=item.startsAt,
                 end_date=item.endDate, ends_at=item.endsAt, timezone=item.timezone,
                 collaborator_ids=tuple(item.collaboratorIds or ()))


def event(event_id: str) -> Event | None:
    return _event(get(EventReplica, event_key(event_id), PROFILE))


def events(event_ids: list[str]) -> dict[str, Event]:
    """The events the replica knows of these (BatchGetItem)."""
    found = get_many(EventReplica, [(event_key(e), PROFILE) for e in event_ids])
    return {e: event for e in event_ids if (event := _event(found.get((event_key(e), PROFILE)))) is not None}


def keep(payload: dict[str, Any], occurred_at: str, status: str | None) -> None:
    """event.created/updated/published/cancelled/completed: the fields the message carries, and its status."""
    event_id = payload["eventId"]
    fields = {attribute: payload[key] for key, attribute in CARRIED if key in payload}
    if not fields.get("creatorId"):  # the creator never changes: a message without one says nothing of it
        fields.pop("creatorId", None)
    if status is not None:
        fields["status"] = status
    current = replica.kept(EventReplica, (event_key(event_id), PROFILE), occurred_at, {"eventId": event_id, **fields},
                           forward_only={"status": STATUS_RANK})  # the item after this message: no GetItem
    if current is None:  # nothing applied (a stale message, a tombstone): what the newer ones left
        current = get(EventReplica, event_key(event_id), PROFILE)
    if "startsAt" in fields and current is not None and current.startsAt:
        from .store import holdings

        holdings.moved(event_id, current.startsAt)  # its holders' "My events" sort by the start held now
    from . import follows

    follows.mirror_of(event_id, current)  # conditional: a concurrent message's newer snapshot is never overwritten


def keep_collaborators(envelope: dict[str, Any]) -> None:
    """event.collaborator.accepted / left: the event's collaborators after the change (the door rights of an
    organization that left lapse with it)."""
    payload = envelope["payload"]
    replica.keep(EventReplica, (event_key(payload["eventId"]), PROFILE), envelope["occurredAt"],
                 {"eventId": payload["eventId"], "collaboratorIds": list(payload["collaboratorIds"])})


def bury(event_id: str, occurred_at: str) -> None:
    """event.deleted: a tombstone replaces the replica; no later event.* message revives it."""
    held = get(EventReplica, event_key(event_id), PROFILE)
    creator_id = held.creatorId if held is not None else None  # the tombstone keeps it, for a redelivery's steps
    replica.bury(EventReplica, (event_key(event_id), PROFILE), occurred_at, eventId=event_id,
                 **({"creatorId": creator_id} if creator_id else {}))
    if creator_id:
        from . import follows

        follows.forget(event_id, creator_id, occurred_at)

"""Replicas of users and events, kept from the `user.*` and `event.*` domain events (never fetched).

Messages may come late, twice or out of order, so every write is an upsert guarded by a condition:
- fields carry the `occurredAt` of the message that set them and only a newer message overwrites them;
- an event's status only moves forward (domain.STATUS_RANK);
- a deleted user or event leaves a tombstone (with a TTL) that no later message brings back to life.
Counters live on the same items and are never touched here.
"""

from __future__ import annotations

from typing import Any, cast

from kernel.errors import NotFound
from kernel.table import update_if

from .domain import STATUS_RANK, Event, Person
from .tables import PROFILE, EventReplica, UserReplica, event_key, get, get_many, tombstone_expiry, user_key

USER_NOT_FOUND, EVENT_NOT_FOUND = "User not found", "Event not found"


def _person(item: UserReplica | None) -> Person | None:
    if item is None or not item.live:
        return None
    return Person(user_id=item.userId or "", role=item.role or "member", username=item.username or "",
                  name=item.name or item.username or "", avatar=item.avatar)


def _event(item: EventReplica | None) -> Event | None:
    if item is None or not item.live:
        return None
    return Event(event_id=item.eventId or item.PK.removeprefix("EVENT#"), creator_id=item.creatorId or "",
                 collaborator_ids=tuple(str(org) for org in item.collaboratorIds or ()), status=item.status or "DRAFT",
                 name=item.name)


def user_item(user_id: str) -> UserReplica | None:
    return get(UserReplica, user_key(user_id), PROFILE)


def event_item(event_id: str) -> EventReplica | None:
    return get(EventReplica, event_key(event_id), PROFILE)


def person(user_id: str) -> Person | None:
    return _person(user_item(user_id))


def event(event_id: str) -> Event | None:
    return _event(event_item(event_id))


def require_person(user_id: str) -> Person:
    found = person(user_id)
    if found is None:
        raise NotFound(USER_NOT_FOUND)
    return found


def require_person_item(user_id: str) -> tuple[Person, UserReplica]:
    """The user and the replica item with its counters (followers, following, ratings given)."""
    item = user_item(user_id)
    found = _person(item)
    if found is None or item is None:
        raise NotFound(USER_NOT_FOUND)
    return found, item


def require_event(event_id: str) -> Event:
    found = event(event_id)
    if found is None:
        raise NotFound(EVENT_NOT_FOUND)
    return found


def require_visible_event(event_id: str, viewer_id: str | None) -> tuple[Event, EventReplica]:
    """The event and its replica item (with its counters); 404 for unknown, deleted, and other people's drafts."""
    item = event_item(event_id)
    found = _event(item)
    if found is None or item is None or not found.visible_to(viewer_id):
        raise NotFound(EVENT_NOT_FOUND)
    return found, item


def people(user_ids: list[str]) -> dict[str, Person]:
    items = get_many(UserReplica, [(user_key(u), PROFILE) for u in user_ids])
    return {p.user_id: p for p in (_person(i) for i in items.values()) if p is not None}


def events(event_ids: list[str]) -> dict[str, Event]:
    items = get_many(EventReplica, [(event_key(e), PROFILE) for e in event_ids])
    return {e.event_id: e for e in (_event(i) for i in items.values()) if e is not None}


# --- kept from domain events (the consumers) ---

def keep_user(payload: dict[str, Any], occurred_at: str) -> bool:
    """user.created / user.updated: the replica as of this message, unless a newer one was applied."""
    actions = [UserReplica.userId.set(payload["id"]), UserReplica.role.set(payload["role"]),
               UserReplica.username.set(payload["username"]), UserReplica.name.set(payload["name"]),
               UserReplica.avatar.set(payload["avatar"]), UserReplica.version.set(occurred_at)]
    fresh = UserReplica.version.does_not_exist() | (UserReplica.version <= occurred_at)
    return update_if(UserReplica(user_key(payload["id"]), PROFILE), actions,
                  UserReplica.deletedAt.does_not_exist() & fresh)


def bury_user(user_id: str, occurred_at: str) -> None:
    """user.deleted: a tombstone replaces the replica; no later user.* message revives it."""
    UserReplica(user_key(user_id), PROFILE, userId=user_id, deletedAt=occurred_at,
                expiresAt=tombstone_expiry()).save()


def keep_event(event_id: str, occurred_at: str, *, creator_id: str | None = None, name: str | None = None,
               collaborator_ids: list[str] | None = None, status: str | None = None) -> None:
    """event.*: the creator (immutable), the newest name and collaborators, and the furthest status."""
    alive = EventReplica.deletedAt.does_not_exist()
    replica = EventReplica(event_key(event_id), PROFILE)
    if creator_id:
        update_if(replica, [EventReplica.eventId.set(event_id),
                         EventReplica.creatorId.set(EventReplica.creatorId | creator_id)], alive)
    fields = ([EventReplica.name.set(name)] if name is not None else []) + (
        [EventReplica.collaboratorIds.set(cast(Any, collaborator_ids))] if collaborator_ids is not None else [])
    if fields:
        fresh = EventReplica.version.does_not_exist() | (EventReplica.version <= occurred_at)
        update_if(replica, [EventReplica.eventId.set(event_id), EventReplica.version.set(occurred_at), *fields],
               alive & fresh)
    if status is not None:
        rank = STATUS_RANK[status]
        update_if(replica, [EventReplica.eventId.set(event_id), EventReplica.status.set(status),
                         EventReplica.statusRank.set(rank)],
               alive & (EventReplica.statusRank.does_not_exist() | (EventReplica.statusRank < rank)))


def bury_event(event_id: str, occurred_at: str) -> None:
    """event.deleted: a tombstone replaces the replica; no later event.* message revives it."""
    EventReplica(event_key(event_id), PROFILE, eventId=event_id, deletedAt=occurred_at,
                 expiresAt=tombstone_expiry()).save()

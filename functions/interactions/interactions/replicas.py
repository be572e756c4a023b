"""Replicas of users and events, kept from the `user.*` and `event.*` domain events (never fetched).

Messages may come late, twice or out of order; kernel.replica keeps them: the newest message's fields win, an
event's status only moves forward (kernel.events.EVENT_STATUS_RANK), and a deleted user or event leaves a
tombstone that no later message brings back to life. Counters live on the same items and are never touched here.
"""

from __future__ import annotations

from typing import Any

from kernel import replica
from kernel.errors import NotFound
from kernel.events import EVENT_STATUS_RANK
from kernel.table import get, get_many

from .domain import DRAFT, Event, Person
from .store import PROFILE, EventReplica, UserReplica, event_key, user_key

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
                 collaborator_ids=tuple(str(org) for org in item.collaboratorIds or ()), status=item.status or DRAFT,
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
    return replica.keep(UserReplica, (user_key(payload["id"]), PROFILE), occurred_at, {
        "userId": payload["id"], "role": payload["role"], "username": payload["username"], "name": payload["name"],
        "avatar": payload["avatar"]})


def bury_user(user_id: str, occurred_at: str) -> None:
    """user.deleted: a tombstone replaces the replica (its counters go too); no later user.* message revives it."""
    replica.bury(UserReplica, (user_key(user_id), PROFILE), occurred_at, userId=user_id)


def keep_event(event_id: str, occurred_at: str, *, creator_id: str | None = None, name: str | None = None,
               collaborator_ids: list[str] | None = None, status: str | None = None) -> None:
    """event.*: the newest creator, name and collaborators the message carries, and the furthest status."""
    carried = {"creatorId": creator_id, "name": name, "collaboratorIds": collaborator_ids, "status": status}
    replica.keep(EventReplica, (event_key(event_id), PROFILE), occurred_at,
                 {"eventId": event_id, **{field: value for field, value in carried.items() if value is not None}},
                 forward_only={"status": EVENT_STATUS_RANK})


def bury_event(event_id: str, occurred_at: str) -> None:
    """event.deleted: a tombstone replaces the replica (its counters go too); no later event.* message revives
    it."""
    replica.bury(EventReplica, (event_key(event_id), PROFILE), occurred_at, eventId=event_id)

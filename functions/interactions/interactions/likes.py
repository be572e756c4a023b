"""Likes: one per user and event, counted on the event by the transaction that adds or removes the row."""

from __future__ import annotations

from kernel.errors import Conflict, NotFound
from kernel.events import now_iso
from kernel.table import get

from .domain import DRAFT, Event, Person, liked, unliked
from .replicas import EVENT_NOT_FOUND, USER_NOT_FOUND
from .store import PROFILE, EventReplica, Like, Listing, Unit, UserReplica, commit, event_key, user_key

LIKE_NOT_FOUND = "Like not found"


def _key(event_id: str, user_id: str) -> tuple[str, str]:
    return event_key(event_id), f"LIKE#{user_id}"


def find(event_id: str, user_id: str) -> Like | None:
    return get(Like, *_key(event_id, user_id))


def like(event: Event, liker: Person) -> Like:
    """The like, +1 on the event's counter and `interactions.like.created`, all or nothing. The conditions hold
    the read-time checks (the event still likeable, the user still there, no like yet) against races."""
    now = now_iso()
    row = Like(*_key(event.event_id, liker.user_id), eventId=event.event_id, userId=liker.user_id, createdAt=now,
               GSI1PK=f"LIKERS#{event.event_id}", GSI1SK=f"{now}#{liker.user_id}",
               GSI2PK=f"LIKES#{liker.user_id}", GSI2SK=f"{now}#{event.event_id}")
    event_type, payload = liked(event, liker)

    def write(unit: Unit) -> Like:
        unit.save(row, condition=Like.PK.does_not_exist(), failure=Conflict("Already liked this event"))
        unit.update(EventReplica(event_key(event.event_id), PROFILE), actions=[EventReplica.likes.add(1)],
                    condition=EventReplica.creatorId.exists() & EventReplica.deletedAt.does_not_exist()
                    & (EventReplica.status != DRAFT), failure=NotFound(EVENT_NOT_FOUND))
        unit.check(UserReplica, user_key(liker.user_id), PROFILE,
                   UserReplica.userId.exists() & UserReplica.deletedAt.does_not_exist(),
                   failure=NotFound(USER_NOT_FOUND))
        unit.publish(event_type, payload)
        return row

    return commit(write)


def unlike(row: Like, creator_id: str | None, count_on_event: bool = True) -> None:
    """The like goes, -1 on the event's counter and `interactions.like.deleted` (when the event is still known:
    its creator is in the event). A like removed meanwhile is a 404."""

    def write(unit: Unit) -> None:
        unit.delete(row, condition=Like.PK.exists(), failure=NotFound(LIKE_NOT_FOUND))
        if count_on_event:
            unit.update(EventReplica(event_key(row.eventId), PROFILE), actions=[EventReplica.likes.add(-1)])
        if creator_id:
            unit.publish(*unliked(row.eventId, row.userId, creator_id))

    commit(write)


def likers(event_id: str) -> Listing:
    return Listing(Like, "GSI1", f"LIKERS#{event_id}")


def liked_by(user_id: str) -> Listing:
    return Listing(Like, "GSI2", f"LIKES#{user_id}")

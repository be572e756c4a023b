"""For the calendar feed's "organizations I follow" option: whom each user follows (from interactions.follow.*,
newest wins, by kernel.replica) and each organization's events as the event replica holds them now.

    PK=USER#<u>            SK=FOLLOWS#<org>   following (true/false) and followingAt
    PK=ORG#<org>#EVENTS    SK=EVENT#<e>       eventId, startsAt, status: the organization's events, one partition
                                              (rewritten from the replica after each event.* message)

Each entry is written from a snapshot of the event replica, and two event.* messages kept at once (event.created
and event.published, from two workers) may write theirs in either order. A replica only moves forward - the
status's rank rises, `startsAtAt` (the time of the message that set the start) grows, a tombstone stays - so the
entry keeps those marks of its snapshot and refuses any snapshot behind it on one of them: an older one.
"""

from __future__ import annotations

import time
from typing import Any

from kernel import replica
from kernel.replica import Replica
from kernel.table import put_if
from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute

from .domain.events import PUBLISHED
from .store import ContextTable, EventReplica

MAX_ORGANIZATIONS, EVENTS_EACH = 50, 20


class Follow(Replica):
    following = BooleanAttribute(null=True)


class OrganizationEvent(ContextTable):
    eventId = UnicodeAttribute()
    startsAt = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)
    statusRank = NumberAttribute(null=True)  # the snapshot's marks: an older snapshot never overwrites a newer one
    startsAtAt = UnicodeAttribute(null=True)
    deletedAt = UnicodeAttribute(null=True)
    expiresAt = NumberAttribute(null=True)  # the table's TTL, on an entry of a deleted event


def _follow_key(follower_id: str, organization_id: str) -> tuple[str, str]:
    return f"USER#{follower_id}", f"FOLLOWS#{organization_id}"


def on_follow(envelope: dict[str, Any]) -> None:
    """interactions.follow.created / deleted: whether the follower follows the organization now."""
    payload = envelope["payload"]
    replica.keep(Follow, _follow_key(payload["followerId"], payload["followedId"]), envelope["occurredAt"],
                 {"following": envelope["eventType"].endswith(".created")})


def mirror_of(event_id: str, item: EventReplica | None) -> bool:
    """The organization's entry of the event from a snapshot of its replica (the item an update left, or read);
    False when the entry holds a newer snapshot already (or the event is deleted: `forget` wrote its tombstone)."""
    if item is None or item.creatorId is None or item.buried:
        return False
    rank, at = item.statusRank or 0, OrganizationEvent.startsAtAt
    entry = OrganizationEvent(f"ORG#{item.creatorId}#EVENTS", f"EVENT#{event_id}", eventId=event_id,
                              status=item.status, statusRank=rank, startsAt=item.startsAt, startsAtAt=item.startsAtAt)
    return put_if(entry, OrganizationEvent.deletedAt.does_not_exist()
                  & (OrganizationEvent.statusRank.does_not_exist() | (OrganizationEvent.statusRank <= rank))
                  & (at.does_not_exist() if item.startsAtAt is None else at.does_not_exist() | (at <= item.startsAtAt)))


def forget(event_id: str, creator_id: str, deleted_at: str) -> None:
    """event.deleted: the organization's entry becomes a tombstone, which no older snapshot overwrites."""
    put_if(OrganizationEvent(f"ORG#{creator_id}#EVENTS", f"EVENT#{event_id}", eventId=event_id, deletedAt=deleted_at,
                             expiresAt=int(time.time()) + replica.TOMBSTONE_SECONDS), None)


def followed_events(user_id: str, now: str) -> list[str]:
    """The upcoming PUBLISHED events of the organizations the user follows (soonest first, a bounded number)."""
    organizations = [item.SK.removeprefix("FOLLOWS#") for item in Follow.query(
        f"USER#{user_id}", Follow.SK.startswith("FOLLOWS#"), filter_condition=Follow.following == True,  # noqa: E712
        limit=MAX_ORGANIZATIONS)]
    found: list[OrganizationEvent] = []
    for organization in organizations:
        events = [e for e in OrganizationEvent.query(f"ORG#{organization}#EVENTS")
                  if e.status == PUBLISHED and e.startsAt and e.startsAt >= now]
        found += sorted(events, key=lambda e: e.startsAt or "")[:EVENTS_EACH]
    return [e.eventId for e in sorted(found, key=lambda e: e.startsAt or "")]

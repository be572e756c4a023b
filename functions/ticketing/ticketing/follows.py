"""For the calendar feed's "organizations I follow" option: whom each user follows (from interactions.follow.*,
newest wins, by kernel.replica) and each organization's events as the event replica holds them now.

    PK=USER#<u>            SK=FOLLOWS#<org>   following (true/false) and followingAt
    PK=ORG#<org>#EVENTS    SK=EVENT#<e>       eventId, startsAt, status: the organization's events, one partition
                                              (rewritten from the replica after each event.* message)
"""

from __future__ import annotations

from typing import Any

from kernel import replica
from kernel.replica import Replica
from pynamodb.attributes import BooleanAttribute, UnicodeAttribute

from .domain.events import PUBLISHED
from .store import PROFILE, ContextTable, EventReplica, event_key, get

MAX_ORGANIZATIONS, EVENTS_EACH = 50, 20


class Follow(Replica):
    following = BooleanAttribute(null=True)


class OrganizationEvent(ContextTable):
    eventId = UnicodeAttribute()
    startsAt = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)


def _follow_key(follower_id: str, organization_id: str) -> tuple[str, str]:
    return f"USER#{follower_id}", f"FOLLOWS#{organization_id}"


def on_follow(envelope: dict[str, Any]) -> None:
    """interactions.follow.created / deleted: whether the follower follows the organization now."""
    payload = envelope["payload"]
    replica.keep(Follow, _follow_key(payload["followerId"], payload["followedId"]), envelope["occurredAt"],
                 {"following": envelope["eventType"].endswith(".created")})


def mirror(event_id: str) -> None:
    """The organization's entry of the event, as the replica holds it now (idempotent)."""
    mirror_of(event_id, get(EventReplica, event_key(event_id), PROFILE))


def mirror_of(event_id: str, item: EventReplica | None) -> None:
    """The organization's entry of the event from its replica item, read after the change."""
    if item is None or item.creatorId is None:
        return
    OrganizationEvent(f"ORG#{item.creatorId}#EVENTS", f"EVENT#{event_id}", eventId=event_id,
                      startsAt=item.startsAt, status=None if item.buried else item.status).save()


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

"""Follows: one per (follower, followed) pair, counted on both users by the transaction that changes the row."""

from __future__ import annotations

from kernel.errors import Conflict, NotFound
from kernel.events import now_iso
from kernel.table import get

from .domain import Person, followed, unfollowed
from .replicas import USER_NOT_FOUND
from .store import PROFILE, Follow, Listing, Unit, UserReplica, commit, user_key

FOLLOW_NOT_FOUND = "Follow relationship not found"
_ALIVE = UserReplica.userId.exists() & UserReplica.deletedAt.does_not_exist()


def _key(follower_id: str, followed_id: str) -> tuple[str, str]:
    return user_key(follower_id), f"FOLLOWS#{followed_id}"


def find(follower_id: str, followed_id: str) -> Follow | None:
    return get(Follow, *_key(follower_id, followed_id))


def follow(follower: Person, followed_person: Person) -> Follow:
    """The follow, +1 following and +1 followers, `interactions.follow.created`: all or nothing."""
    now = now_iso()
    a, b = follower.user_id, followed_person.user_id
    row = Follow(*_key(a, b), followerId=a, followedId=b, createdAt=now,
                 GSI1PK=f"FOLLOWERS#{b}", GSI1SK=f"{now}#{a}", GSI2PK=f"FOLLOWING#{a}", GSI2SK=f"{now}#{b}")
    event_type, payload = followed(follower, followed_person)

    def write(unit: Unit) -> Follow:
        unit.save(row, condition=Follow.PK.does_not_exist(), failure=Conflict("Already following this user"))
        unit.update(UserReplica(user_key(a), PROFILE), actions=[UserReplica.following.add(1)], condition=_ALIVE,
                    failure=NotFound(USER_NOT_FOUND))
        unit.update(UserReplica(user_key(b), PROFILE), actions=[UserReplica.followers.add(1)], condition=_ALIVE,
                    failure=NotFound(USER_NOT_FOUND))
        unit.publish(event_type, payload)
        return row

    return commit(write)


def unfollow(row: Follow, count_follower: bool = True, count_followed: bool = True) -> None:
    """The follow goes, both counters -1 (a deleted user's tombstone keeps no counters), and
    `interactions.follow.deleted`. A follow removed meanwhile is a 404."""

    def write(unit: Unit) -> None:
        unit.delete(row, condition=Follow.PK.exists(), failure=NotFound(FOLLOW_NOT_FOUND))
        if count_follower:
            unit.update(UserReplica(user_key(row.followerId), PROFILE), actions=[UserReplica.following.add(-1)])
        if count_followed:
            unit.update(UserReplica(user_key(row.followedId), PROFILE), actions=[UserReplica.followers.add(-1)])
        unit.publish(*unfollowed(row.followerId, row.followedId))

    commit(write)


def followers(user_id: str) -> Listing:
    return Listing(Follow, "GSI1", f"FOLLOWERS#{user_id}")


def following(user_id: str) -> Listing:
    return Listing(Follow, "GSI2", f"FOLLOWING#{user_id}")

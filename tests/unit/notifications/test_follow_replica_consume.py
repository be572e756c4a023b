"""The notifications consumer's interactions.follow.deleted runs for every delivery (kernel.consumer `repeatable`,
no idempotency record): told again under new eventIds, twice, and after a newer follow, the follower replica ends
as if it had come once - the organizer's followers hear of a new event or not accordingly."""

from __future__ import annotations

import uuid

from support.consumer_calls import deliver, envelope, idempotency_records
from support.context_tables import context_table
from support.queues import copy_of

T1, T2, T3 = (f"2026-12-05T10:00:0{n}.000Z" for n in range(1, 4))


def test_an_unfollow_told_again_and_after_a_newer_follow_is_applied_as_once() -> None:
    from notifications import follows
    from notifications.handlers import consume

    follower, organizer = str(uuid.uuid4()), str(uuid.uuid4())
    with context_table("notifications"):
        follows.keep(follower, organizer, True, T1)  # what follow.created keeps (it also notifies: not repeated)
        unfollow = envelope("interactions.follow.deleted", T2, followerId=follower, followedId=organizer)
        deliver(consume.handler, unfollow, copy_of(unfollow), copy_of(unfollow))
        assert follows.page(organizer, None) == ([], None)
        follows.keep(follower, organizer, True, T3)  # followed again, later
        deliver(consume.handler, copy_of(unfollow), copy_of(unfollow))
        assert follows.page(organizer, None) == ([follower], None)
        assert idempotency_records() == []

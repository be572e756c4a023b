"""The follow replica (from interactions.follow.created/deleted): whom to tell of a new event or a presence.

Messages may arrive out of order: each pair keeps the occurredAt of the message applied last and ignores older
ones, so a late `created` does not revive a follow that a newer `deleted` ended.
"""

from __future__ import annotations

from typing import Any

from kernel import replica

from .store import Follower, user_key

PAGE = 100


def keep(follower_id: str, followed_id: str, active: bool, occurred_at: str) -> bool:
    """Apply one follow message; False when a newer one was applied already."""
    return replica.keep(Follower, (user_key(followed_id), f"FOLLOWER#{follower_id}"), occurred_at,
                        {"followerId": follower_id, "followedId": followed_id, "active": active})


def page(followed_id: str, start_key: dict[str, Any] | None) -> tuple[list[str], dict[str, Any] | None]:
    """One Query of the followers of `followed_id` (up to PAGE rows, unfollowed ones left out)."""
    results = Follower.query(user_key(followed_id), Follower.SK.startswith("FOLLOWER#"), limit=PAGE,
                             page_size=PAGE, last_evaluated_key=start_key)
    rows = list(results)
    return [row.followerId for row in rows if row.active], results.last_evaluated_key

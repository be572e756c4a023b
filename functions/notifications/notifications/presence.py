"""Who may see whether a user is online (is-online, user-online/offline frames): the user, their conversation
partners, and the people they follow who follow them back. Following someone alone does not show their
presence, nor does holding a token (anyone can follow anyone)."""

from __future__ import annotations

from typing import Any

from kernel.table import get_many

from .store import Follower, Partner, user_key

FRAMES = ("user-online", "user-offline")
PAGE = 100


def note_partners(first: str, second: str) -> None:
    """Two users exchanged a chat message (idempotent: the same rows again)."""
    for one, other in ((first, second), (second, first)):
        Partner(user_key(one), f"PARTNER#{other}", partnerId=other).save()


def mutual(user_id: str, others: list[str]) -> set[str]:
    """Those of `others` who follow `user_id` and whom `user_id` follows: two BatchGets."""
    if not others:
        return set()
    following = get_many(Follower, [(user_key(o), f"FOLLOWER#{user_id}") for o in others])  # user -> other
    followers = get_many(Follower, [(user_key(user_id), f"FOLLOWER#{o}") for o in others])  # other -> user
    return {o for o in others
            if _active(following.get((user_key(o), f"FOLLOWER#{user_id}")))
            and _active(followers.get((user_key(user_id), f"FOLLOWER#{o}")))}


def may_see(viewer_id: str, user_id: str) -> bool:
    if viewer_id == user_id:
        return True
    if get_many(Partner, [(user_key(viewer_id), f"PARTNER#{user_id}")]):
        return True
    return viewer_id in mutual(user_id, [viewer_id])


def partners_page(user_id: str, start_key: dict[str, Any] | None) -> tuple[list[str], dict[str, Any] | None]:
    """One Query of the user's conversation partners."""
    results = Partner.query(user_key(user_id), Partner.SK.startswith("PARTNER#"), limit=PAGE, page_size=PAGE,
                            last_evaluated_key=start_key)
    rows = list(results)
    return [row.partnerId for row in rows], results.last_evaluated_key


def _active(row: Follower | None) -> bool:
    return bool(row is not None and row.active)

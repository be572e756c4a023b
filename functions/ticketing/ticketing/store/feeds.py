"""A user's personal calendar feed: a secret token in the feed's URL, stored only as its SHA-256 (a leaked table
gives no usable URL), one per user; rotating it or revoking it makes the old URL answer 404 at once.

    PK=USER#<u>         SK=CALENDAR_FEED   tokenHash, createdAt         (the user's feed, if any)
    PK=FEED#<sha256>    SK=FEED            userId                       (the feed route's lookup by token)

Both items change together in one transaction, each only as it was read."""

from __future__ import annotations

import hashlib
import secrets

from kernel.errors import Conflict
from pynamodb.attributes import UnicodeAttribute

from . import ContextTable, Unit, commit, get

TOKEN_BYTES = 32


class FeedItem(ContextTable):
    tokenHash = UnicodeAttribute()
    createdAt = UnicodeAttribute()


class FeedLookup(ContextTable):
    userId = UnicodeAttribute()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _feed_key(user_id: str) -> tuple[str, str]:
    return f"USER#{user_id}", "CALENDAR_FEED"


def _lookup_key(digest: str) -> tuple[str, str]:
    return f"FEED#{digest}", "FEED"


def of_user(user_id: str) -> FeedItem | None:
    return get(FeedItem, *_feed_key(user_id))


def owner(token: str) -> str | None:
    """The user whose feed the token opens (None: no such token, or rotated or revoked)."""
    if not 20 <= len(token) <= 100:
        return None
    item = get(FeedLookup, *_lookup_key(_digest(token)))
    return item.userId if item is not None else None


def issue(user_id: str, now: str) -> str:
    """A new token for the user's feed, replacing the one before (which stops working); the token itself is
    returned once and never stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    before = of_user(user_id)

    def write(unit: Unit) -> None:
        if before is not None:
            unit.delete(FeedLookup(*_lookup_key(before.tokenHash)))
        unit.save(FeedItem(*_feed_key(user_id), tokenHash=_digest(token), createdAt=now),
                  condition=(FeedItem.tokenHash == before.tokenHash) if before else FeedItem.PK.does_not_exist(),
                  failure=Conflict("The feed changed meanwhile"))
        unit.save(FeedLookup(*_lookup_key(_digest(token)), userId=user_id))

    commit(write)
    return token


def revoke(user_id: str) -> bool:
    """The feed's URL stops working; False when there was none."""
    before = of_user(user_id)
    if before is None:
        return False

    def write(unit: Unit) -> None:
        unit.delete(FeedItem(*_feed_key(user_id)), condition=FeedItem.tokenHash == before.tokenHash,
                    failure=Conflict("The feed changed meanwhile"))
        unit.delete(FeedLookup(*_lookup_key(before.tokenHash)))

    commit(write)
    return True

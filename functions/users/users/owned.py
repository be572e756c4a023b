"""The owner check every command on /users/{userId} shares: 401 without a token, 403 for someone else,
404 when the (own) account has no profile. Auth comes first, so ids cannot be probed."""

from __future__ import annotations

from kernel.auth import Caller
from kernel.errors import NotFound

from . import store


def own_profile(caller: Caller, user_id: str) -> store.UserItem:
    caller.require_self(user_id)
    user = store.get(user_id)
    if user is None:
        raise NotFound("No such user")
    return user

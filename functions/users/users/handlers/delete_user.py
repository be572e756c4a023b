"""DELETE /users/{userId}: the owner's account goes (Cognito user, profile, every token); `user.deleted` (which
also closes the user's WebSockets).

Each step can be repeated, so a retry after a failure finishes the job: the Cognito account goes first (nobody
can log in any more), then in one transaction the profile, its event and the deny-list entry of every token:
until that commits, the owner's token still works for a retry."""

from __future__ import annotations

import time

from kernel import http

from .. import identity, sessions, store
from ..views import documented

router = http.router()


@router.delete("/users/<userId>", security=http.AUTHENTICATED, status_code=204,
               responses=documented(204, "The account is gone", 401, 403))
def delete_user(userId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    caller.require_self(userId)
    identity.delete_account(caller.username, user_id=userId)
    up_to = int(time.time())
    store.remove(userId, with_it=lambda unit: sessions.deny_user(unit, userId, up_to))
    return http.json_response(204)


handler = http.entrypoint(http.create_app("users", router))

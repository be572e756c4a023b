"""DELETE /users/{userId}: the owner's account goes (Cognito user, profile, every token); `user.deleted` (which
also closes the user's WebSockets).

Each step can be repeated, so a retry after a failure finishes the job: the Cognito account goes first (nobody
can log in any more), then the profile with its event, and only then are the tokens denied, so the owner's
token still works for that retry."""

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
    store.remove(userId)  # nothing to remove: an earlier attempt stopped after removing it
    sessions.deny_user(userId, up_to=int(time.time()))
    return http.json_response(204)


handler = http.entrypoint(http.create_app("users", router))

"""DELETE /users/{userId}: the owner's account goes (Cognito user, profile, every token); `user.deleted`.

Each step can be repeated, so a retry after a failure finishes the job: tokens are denied first, then the
Cognito account goes, then the profile with its event."""

from __future__ import annotations

from kernel import http

from . import identity, store
from .owned import own_profile

router = http.router()


@router.delete("/users/<userId>")
def delete_user(userId: str) -> object:  # noqa: N803
    user = own_profile(http.caller(router), userId)
    identity.deny_user(user.id)
    identity.delete_account(user.username)
    store.delete(user)
    return http.json_response(204)


handler = http.entrypoint(http.create_app("users", router))

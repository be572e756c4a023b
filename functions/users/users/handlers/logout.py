"""POST /users/logout: the login the refresh token belongs to ends everywhere at once: its access tokens are
refused by every context (kernel.auth's deny-list, for as long as the refresh token could live), the refresh token
is revoked at Cognito, and the WebSockets the login opened are closed (`user.session.revoked`).

The refresh token alone is enough (an SPA whose access token has expired can still log out); an access token
sent along, even an expired or revoked one, does not stop the logout, and its login ends too when it is valid.
"""

from __future__ import annotations

from kernel import http
from kernel.errors import Unauthorized
from pydantic import Field

from .. import identity, sessions
from ..views import documented

router = http.router()


class Logout(http.Command):
    refresh_token: str = Field(min_length=1, max_length=4096)


@router.post("/users/logout", status_code=204,
             responses=documented(204, "The login has ended", 400))
def log_out(request: Logout) -> object:
    ended: dict[str, set[str]] = {}  # user -> sessions
    owner = identity.session_of(request.refresh_token)
    if owner is not None:
        ended.setdefault(owner[0], set()).add(owner[1])
    try:
        caller = http.optional_caller(router)
    except Unauthorized:
        caller = None
    if caller is not None:
        ended.setdefault(caller.user_id, set()).add(caller.session_id)
    for user_id, session_ids in ended.items():  # before the revocation: a failure there leaves no usable token
        sessions.end_sessions(user_id, sorted(session_ids))
    identity.revoke(request.refresh_token)
    return http.json_response(204)


handler = http.entrypoint(http.create_app("users", router))

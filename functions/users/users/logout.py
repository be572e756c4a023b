"""POST /users/logout: the refresh token is revoked at Cognito and, when the caller sends its access token,
that login's access tokens stop working in every context at once."""

from __future__ import annotations

from kernel import http
from pydantic import Field

from . import identity

router = http.router()


class Logout(http.Command):
    refresh_token: str = Field(min_length=1, max_length=4096)


@router.post("/users/logout")
def log_out(request: Logout) -> object:
    caller = http.optional_caller(router)
    identity.revoke(request.refresh_token)
    if caller is not None:
        identity.deny_session(caller.session_id)
    return http.json_response(204)


handler = http.entrypoint(http.create_app("users", router))

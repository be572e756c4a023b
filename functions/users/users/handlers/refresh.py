"""POST /users/refresh: new access token from a refresh token, unless its login has ended (logout, password
change, account deletion): the deny-list kernel.auth checks is asked as well as Cognito."""

from __future__ import annotations

from kernel import http
from kernel.auth import verifier
from kernel.errors import Unauthorized
from pydantic import Field

from .. import identity
from ..views import TokensView, documented, tokens_view

router = http.router()


class Refresh(http.Command):
    refresh_token: str = Field(min_length=1, max_length=4096)


@router.post("/users/refresh",
             responses=documented(200, "New tokens", 400, 401, model=TokensView))
def refresh(request: Refresh) -> object:
    tokens = identity.refresh(request.refresh_token)
    try:
        verifier().verify(tokens.access_token)
    except Unauthorized as error:
        raise Unauthorized("Token refresh failed: this login has ended") from error
    return http.json_response(200, tokens_view(tokens))


handler = http.entrypoint(http.create_app("users", router))

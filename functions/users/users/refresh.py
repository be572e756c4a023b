"""POST /users/refresh: new access token from a refresh token."""

from __future__ import annotations

from kernel import http
from pydantic import Field

from . import identity
from .views import tokens_view

router = http.router()


class Refresh(http.Command):
    refresh_token: str = Field(min_length=1, max_length=4096)


@router.post("/users/refresh")
def refresh(request: Refresh) -> object:
    return http.json_response(200, tokens_view(identity.refresh(request.refresh_token)))


handler = http.entrypoint(http.create_app("users", router))

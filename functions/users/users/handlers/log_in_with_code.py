"""POST /users/login/two-factor: the second step of a two-factor login, a code of the authenticator app (200, the
owner's view and tokens). Limited as logins are (users.limits): so many attempts per address and minute, and
wrong codes count as failed logins of the account; Cognito ends a challenge after a few wrong codes."""

from __future__ import annotations

from kernel import http
from kernel.auth import verifier
from kernel.errors import NotFound, Unauthorized
from pydantic import Field

from .. import identity, limits, store
from ..views import Login, documented, login_view

router = http.router()


class SecondStepAnswer(http.Command):
    username: str = Field(min_length=1, max_length=64)
    session: str = Field(min_length=20, max_length=4096)  # Cognito's bounds: botocore refuses others (a 500)
    code: str = Field(pattern=r"^\s*[0-9]{6}\s*$")


@router.post("/users/login/two-factor",
             responses=documented(200, "The owner's view and tokens", 400, 401, 429, model=Login))
def log_in_with_code(answer: SecondStepAnswer) -> object:
    limits.count_attempt(router.current_event.request_context.http.source_ip)
    limits.require_unlocked(answer.username)
    try:
        tokens = identity.answer_code(answer.username, answer.session, answer.code.strip())
    except Unauthorized:
        limits.failed(answer.username)
        raise
    limits.succeeded(answer.username)
    user = store.get(verifier().verify(tokens.access_token).user_id)
    if user is None:
        raise NotFound("No profile for this account")
    return http.json_response(200, login_view(user, tokens))


handler = http.entrypoint(http.create_app("users", router))

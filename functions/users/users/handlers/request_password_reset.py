"""POST /users/password-reset: a code to reset a forgotten password, e-mailed by Cognito (202).

The answer is the same whether or not the account exists (or its address is verified: Cognito sends reset codes
to verified addresses only). So many per account and hour, and per client address and minute (429)."""

from __future__ import annotations

from kernel import http
from pydantic import Field

from .. import identity, limits, store
from ..views import CodeSent, documented

router = http.router()
ANSWER = "If an account with this name or e-mail has a verified address, a code is on its way to it"


class ResetRequest(http.Command):
    username: str = Field(min_length=1, max_length=254, description="username or e-mail")


@router.post("/users/password-reset", status_code=202,
             responses=documented(202, "The same answer whether or not the account exists", 400, 429,
                                  model=CodeSent))
def request_password_reset(body: ResetRequest) -> object:
    limits.count_attempt(router.current_event.request_context.http.source_ip)
    name = body.username.strip()
    limits.count_hourly("RESET", name, "PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR")
    username = store.username_for_email(name) if "@" in name else name
    if username is not None:
        identity.forgot_password(username)
    return http.json_response(202, CodeSent(detail=ANSWER))


handler = http.entrypoint(http.create_app("users", router))

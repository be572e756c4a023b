"""POST /users/password-reset/confirm: a new password with the code e-mailed for it (204).

Every earlier login of the account ends, as with a password change (users.sessions.end_all): refresh tokens at
Cognito, access tokens through the deny-list, open WebSockets through `user.password.changed`. A wrong code,
one that expired, was used or replaced, and an unknown account all answer 400 on `code`."""

from __future__ import annotations

import time

from kernel import http
from kernel.errors import FieldError, ValidationFailed
from pydantic import Field

from .. import identity, limits, sessions, store
from ..domain import password_problems
from ..views import documented

router = http.router()


class PasswordReset(http.Command):
    username: str = Field(min_length=1, max_length=254, description="username or e-mail")
    code: str = Field(min_length=1, max_length=16)
    new_password: str = Field(min_length=1, max_length=256)


@router.post("/users/password-reset/confirm", status_code=204,
             responses=documented(204, "The password is reset; every earlier login has ended", 400, 429))
def reset_password(body: PasswordReset) -> object:
    limits.count_attempt(router.current_event.request_context.http.source_ip)
    problems = password_problems(body.new_password)
    if problems:
        raise ValidationFailed("Invalid password", [FieldError("newPassword", ", ".join(problems))])
    name = body.username.strip()
    username = store.username_for_email(name) if "@" in name else name
    account = identity.account_status(username) if username else None
    if username is None or account is None:
        raise ValidationFailed("The code is not valid", [FieldError("code", "is incorrect")])
    identity.confirm_forgot_password(username, body.code.strip(), body.new_password)
    identity.sign_out_everywhere(username)
    now = time.time()
    sessions.end_all(account[0], None, up_to=int(now))
    limits.succeeded(username)  # a reset lifts a lock of failed logins
    time.sleep(max(0.0, int(now) + 1 - time.time()))  # the deny-list's second ends before the next login
    return http.json_response(204)


handler = http.entrypoint(http.create_app("users", router))

"""PUT /users/{userId}/password: the owner changes their password (204).

Every login of the account ends with it, this one included (the refresh tokens at Cognito, the access tokens
in every context through kernel.auth's deny-list, the open WebSockets through `user.password.changed`): whoever
knew the old password is out; the owner logs in again with the new one.

Global sign-out comes first, so that no refresh can mint a token after the deny-list's moment; that moment is
the current second, inclusive (`iat` counts whole seconds, so a token minted in it is refused too), and the
answer waits for the next second, so that a login with the new password after it is not."""

from __future__ import annotations

import time

from kernel import http
from kernel.auth import bearer_token
from kernel.errors import FieldError, ValidationFailed
from pydantic import Field

from .. import identity, sessions, store
from ..domain import UserNotFound, password_problems
from ..views import documented

router = http.router()


class PasswordChange(http.Command):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)
    confirm_password: str = Field(min_length=1, max_length=256)


@router.put("/users/<userId>/password", security=http.AUTHENTICATED, status_code=204,
            responses=documented(204, "Changed; every login of the account has ended", 400, 401, 403, 404))
def change_password(userId: str, change: PasswordChange) -> object:  # noqa: N803
    caller = http.caller(router)
    caller.require_self(userId)  # auth first, so that ids cannot be probed
    user = store.get(userId)
    if user is None:
        raise UserNotFound()
    if change.new_password != change.confirm_password:
        raise ValidationFailed("New password and confirm password do not match",
                               [FieldError("confirmPassword", "does not match newPassword")])
    problems = password_problems(change.new_password)
    if problems:
        raise ValidationFailed("Invalid password", [FieldError("newPassword", ", ".join(problems))])
    identity.change_password(bearer_token(router.current_event.headers or {}) or "", change.current_password,
                             change.new_password)
    identity.sign_out_everywhere(user.username)
    now = time.time()
    sessions.end_all(user.id, caller.session_id, up_to=int(now))
    time.sleep(max(0.0, int(now) + 1 - time.time()))  # the second of the deny-list ends before the owner's next login
    return http.json_response(204)


handler = http.entrypoint(http.create_app("users", router))

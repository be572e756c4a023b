"""PUT /users/{userId}/password: the owner changes their password (204).

Every login of the account ends with it, this one included (the refresh tokens at Cognito, the access tokens
in every context through kernel.auth's deny-list): whoever knew the old password is out; the owner logs in
again with the new one."""

from __future__ import annotations

import time

from kernel import http
from kernel.auth import bearer_token
from kernel.errors import FieldError, ValidationFailed
from pydantic import Field

from . import identity
from .domain import password_problems
from .owned import own_profile
from .views import documented

router = http.router()


class PasswordChange(http.Command):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)
    confirm_password: str = Field(min_length=1, max_length=256)


@router.put("/users/<userId>/password", security=http.AUTHENTICATED, status_code=204,
            responses=documented(204, "Changed; every login of the account has ended", 400, 401, 403, 404))
def change_password(userId: str, change: PasswordChange) -> object:  # noqa: N803
    caller = http.caller(router)
    user = own_profile(caller, userId)
    if change.new_password != change.confirm_password:
        raise ValidationFailed("New password and confirm password do not match",
                               [FieldError("confirmPassword", "does not match newPassword")])
    problems = password_problems(change.new_password)
    if problems:
        raise ValidationFailed("Invalid password", [FieldError("newPassword", ", ".join(problems))])
    identity.change_password(bearer_token(router.current_event.headers or {}) or "", change.current_password,
                             change.new_password)
    identity.deny_session(caller.session_id)
    identity.deny_user(user.id, up_to=int(time.time()) - 1)  # a login with the new password may follow at once
    identity.sign_out_everywhere(user.username)
    return http.json_response(204)


handler = http.entrypoint(http.create_app("users", router))

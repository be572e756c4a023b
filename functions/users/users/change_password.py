"""PUT /users/{userId}/password: the owner changes their password (204)."""

from __future__ import annotations

from kernel import http
from kernel.auth import bearer_token
from kernel.errors import FieldError, ValidationFailed
from pydantic import Field

from . import identity
from .domain import password_problems
from .owned import own_profile

router = http.router()


class PasswordChange(http.Command):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)
    confirm_password: str = Field(min_length=1, max_length=256)


@router.put("/users/<userId>/password")
def change_password(userId: str, change: PasswordChange) -> object:  # noqa: N803
    own_profile(http.caller(router), userId)
    if change.new_password != change.confirm_password:
        raise ValidationFailed("New password and confirm password do not match",
                               [FieldError("confirmPassword", "does not match newPassword")])
    problems = password_problems(change.new_password)
    if problems:
        raise ValidationFailed("Invalid password", [FieldError("newPassword", ", ".join(problems))])
    token = bearer_token(router.current_event.headers or {})
    identity.change_password(token or "", change.current_password, change.new_password)
    return http.json_response(204)


handler = http.entrypoint(http.create_app("users", router))

"""POST /users/{userId}/two-factor/disable: the owner turns two-factor sign-in off with their password and a
current code of the authenticator, or one of the backup codes (200, their view: refresh the tokens).

Both factors are proven as at a login (a wrong password or code is a 400 on its field and counts as a failed
login of the account, users.limits). Then Cognito asks for no code any more, the account leaves the
`two-factor` group, the backup codes and the kept secret are discarded. Where the platform requires two factors
of organizations (OrganizationsRequireTwoFactor), an organization cannot turn it off: 403 two-factor-required.
Turning off what is off (a retry) just finishes the clean-up."""

from __future__ import annotations

import os

from kernel import http
from kernel.errors import FieldError, Unauthorized, ValidationFailed
from pydantic import Field, model_validator

from .. import authenticator, backup_codes, identity, limits, store
from ..domain import User, UserNotFound, check_two_factor_may_end
from ..views import OwnUser, documented, owner_view

router = http.router()


class BothFactors(http.Command):
    password: str = Field(min_length=1, max_length=256)
    code: str | None = Field(default=None, pattern=r"^\s*[0-9]{6}\s*$", description="the authenticator's")
    backup_code: str | None = Field(default=None, min_length=1, max_length=32)

    @model_validator(mode="after")
    def one_second_factor(self) -> BothFactors:
        if (self.code is None) == (self.backup_code is None):
            raise ValueError("send either code or backupCode")
        return self


@router.post("/users/<userId>/two-factor/disable", security=http.AUTHENTICATED,
             responses=documented(200, "Off: refresh the tokens", 400, 401, 403, 404, 429, model=OwnUser))
def disable_two_factor(userId: str, body: BothFactors) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    user = store.get(userId)
    if user is None:
        raise UserNotFound()
    check_two_factor_may_end(user.role, os.environ.get("ORGANIZATIONS_REQUIRE_TWO_FACTOR") == "true")
    limits.require_unlocked(user.username)
    try:
        _prove_both_factors(user, body)
    except ValidationFailed:
        limits.failed(user.username)
        raise
    identity.set_totp(user.username, enabled=False)
    identity.leave_two_factor(user.username)
    backup_codes.discard(user.id)
    authenticator.forget(user.id)
    store.mark_two_factor(user.id, False)
    user.two_factor = False
    return http.json_response(200, owner_view(user))


def _prove_both_factors(user: User, body: BothFactors) -> None:
    """A sign-in with both factors, as at a login; the tokens it gets are revoked at once."""
    session = identity.prove_password(user.username, body.password)
    if session is None:  # off already: the password alone signed in
        return
    if body.backup_code is not None:
        if not backup_codes.use(user.id, body.backup_code):
            raise ValidationFailed("The backup code is not valid", [FieldError("backupCode", "is incorrect")])
        return
    try:
        tokens = identity.answer_code(user.username, session, (body.code or "").strip())
    except Unauthorized:
        raise ValidationFailed("The code is not valid", [FieldError("code", "is incorrect")]) from None
    identity.revoke(tokens.refresh_token)


handler = http.entrypoint(http.create_app("users", router))

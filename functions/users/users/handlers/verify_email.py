"""POST /users/{userId}/email-verification/confirm: the owner enters the code e-mailed to them (200, their view).

The address is verified at Cognito, the account joins the `verified` group and the profile says so. Access
tokens carry the group from the next refresh on: the answer tells the client to refresh (`refreshTokens`).
A retry after a half-done verification (the code already used) finishes it."""

from __future__ import annotations

from kernel import http
from kernel.auth import bearer_token
from kernel.errors import ValidationFailed
from pydantic import Field

from .. import identity, store
from ..domain import UserNotFound
from ..views import OwnUser, documented, owner_view

router = http.router()


class EmailCode(http.Command):
    code: str = Field(min_length=1, max_length=16, pattern=r"^\s*[0-9]+\s*$")


@router.post("/users/<userId>/email-verification/confirm", security=http.AUTHENTICATED,
             responses=documented(200, "Verified: refresh the tokens to use it", 400, 401, 403, 404, 429,
                                  model=OwnUser))
def verify_email(userId: str, body: EmailCode) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    user = store.get(userId)
    if user is None:
        raise UserNotFound()
    if not user.email_verified:
        try:
            identity.verify_email(bearer_token(router.current_event.headers or {}) or "", body.code.strip())
        except ValidationFailed:
            if not identity.email_verified(user.username):  # not a retry of a verification that stopped half-way
                raise
        identity.mark_verified(user.username)
        store.mark_email_verified(user.id)
        user.email_verified = True
    return http.json_response(200, owner_view(user))


handler = http.entrypoint(http.create_app("users", router))

"""POST /users/{userId}/email-verification: the owner asks for a new code to verify their e-mail address (202).

Cognito e-mails it (a newer code replaces the older); so many per account and hour (429 beyond)."""

from __future__ import annotations

from kernel import http
from kernel.auth import bearer_token
from kernel.errors import Conflict

from .. import identity, limits, store
from ..domain import UserNotFound
from ..views import CodeSent, documented

router = http.router()


@router.post("/users/<userId>/email-verification", security=http.AUTHENTICATED, status_code=202,
             responses=documented(202, "A code is on its way to the address", 401, 403, 404, 409, 429,
                                  model=CodeSent))
def send_email_code(userId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    user = store.get(userId)
    if user is None:
        raise UserNotFound()
    if user.email_verified:
        raise Conflict("The e-mail address is already verified")
    limits.count_hourly("VERIFY", user.username, "EMAIL_CODES_PER_ACCOUNT_PER_HOUR")
    identity.send_email_code(bearer_token(router.current_event.headers or {}) or "")
    return http.json_response(202, CodeSent(detail="A code is on its way to your e-mail address"))


handler = http.entrypoint(http.create_app("users", router))

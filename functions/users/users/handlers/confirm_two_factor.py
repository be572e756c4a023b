"""POST /users/{userId}/two-factor/confirm: a code of the new secret turns two-factor sign-in on (200) and
answers the backup codes, this once (new ones replace any earlier). A wrong code is a 400 that changes nothing.
The account joins the `two-factor` group, which ticketing reads where the platform requires two factors."""

from __future__ import annotations

from kernel import http
from kernel.auth import bearer_token
from pydantic import Field

from .. import backup_codes, identity, store
from ..domain import UserNotFound
from ..views import BackupCodesView, documented

router = http.router()


class AuthenticatorCode(http.Command):
    code: str = Field(pattern=r"^\s*[0-9]{6}\s*$")


@router.post("/users/<userId>/two-factor/confirm", security=http.AUTHENTICATED,
             responses=documented(200, "On; the backup codes, shown once", 400, 401, 403, 404,
                                  model=BackupCodesView))
def confirm_two_factor(userId: str, body: AuthenticatorCode) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    user = store.get(userId)
    if user is None:
        raise UserNotFound()
    identity.confirm_totp(bearer_token(router.current_event.headers or {}) or "", body.code.strip())
    identity.mark_two_factor(user.username)  # tokens from the next refresh on say so (kernel.auth)
    store.mark_two_factor(userId, True)
    return http.json_response(200, BackupCodesView(backup_codes=backup_codes.issue(userId)))


handler = http.entrypoint(http.create_app("users", router))

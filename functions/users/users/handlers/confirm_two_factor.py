"""POST /users/{userId}/two-factor/confirm: a code of the new secret turns two-factor sign-in on (200) and
answers the backup codes, this once (new ones replace any earlier). A wrong code is a 400 that changes nothing.
The account joins the `two-factor` group, which ticketing reads where the platform requires two factors. The code
must be one of the secret this context kept at the start too (users.authenticator): a set-up started elsewhere
since is confirmed there, not here."""

from __future__ import annotations

import time

from kernel import http
from kernel.auth import bearer_token
from kernel.errors import FieldError, ValidationFailed
from pydantic import Field

from .. import authenticator, backup_codes, identity, store
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
    if not authenticator.pending_matches(userId, body.code.strip(), time.time()):
        raise ValidationFailed("The code is not valid", [FieldError("code", "does not match the secret")])
    identity.confirm_totp(bearer_token(router.current_event.headers or {}) or "", body.code.strip())
    authenticator.confirm(userId)
    identity.mark_two_factor(user.username)  # tokens from the next refresh on say so (kernel.auth)
    store.mark_two_factor(userId, True)
    return http.json_response(200, BackupCodesView(backup_codes=backup_codes.issue(userId)))


handler = http.entrypoint(http.create_app("users", router))

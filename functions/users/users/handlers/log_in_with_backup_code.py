"""POST /users/login/backup-code: a two-factor login without the authenticator (a lost phone): the password and
one of the backup codes, which is used up (200, the owner's view and tokens). Two-factor sign-in stays on.

Cognito knows nothing of backup codes: with the password checked (its challenge comes back) and the code used,
two-factor sign-in is switched off for the one login and on again at once. Limited as logins are."""

from __future__ import annotations

from kernel import http
from kernel.auth import verifier
from kernel.errors import NotFound, Unauthorized
from pydantic import Field

from .. import backup_codes, identity, limits, store
from ..views import Login, documented, login_view

router = http.router()


class BackupLogin(http.Command):
    username: str = Field(min_length=1, max_length=254, description="username or e-mail")
    password: str = Field(min_length=1, max_length=256)
    backup_code: str = Field(min_length=1, max_length=32)


@router.post("/users/login/backup-code",
             responses=documented(200, "The owner's view and tokens", 400, 401, 429, model=Login))
def log_in_with_backup_code(login: BackupLogin) -> object:
    limits.count_attempt(router.current_event.request_context.http.source_ip)
    name = login.username
    found = store.username_for_email(name) if "@" in name else name
    limits.require_unlocked(found or name)
    try:
        tokens = _log_in(found, login.password, login.backup_code)
    except Unauthorized:
        limits.failed(found or name)
        raise
    limits.succeeded(found or name)
    user = store.get(verifier().verify(tokens.access_token).user_id)
    if user is None:
        raise NotFound("No profile for this account")
    return http.json_response(200, login_view(user, tokens))


def _log_in(username: str | None, password: str, code: str) -> identity.Tokens:
    if username is None:
        raise Unauthorized("Login failed: invalid credentials")
    try:
        return identity.log_in(username, password)  # two-factor sign-in is off: the password is enough
    except identity.SecondStepNeeded:
        pass
    account = identity.account_status(username)
    if account is None or not backup_codes.use(account[0], code):
        raise Unauthorized("Login failed: invalid credentials or backup code")
    identity.set_totp(username, enabled=False)
    try:
        return identity.log_in(username, password)
    finally:
        identity.set_totp(username, enabled=True)


handler = http.entrypoint(http.create_app("users", router))

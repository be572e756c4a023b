"""POST /users/login/backup-code: a two-factor login without the authenticator (a lost phone): the password and
one of the backup codes, which is used up (200, the owner's view and tokens). Two-factor sign-in stays on.

Cognito knows nothing of backup codes and asks a two-factor account for a code at every login. So the password
opens Cognito's challenge, the backup code is used up here, and the challenge is answered with a code of the
authenticator secret this context keeps (users.authenticator). Cognito never stops asking for two factors: a
password alone signs nobody in, not even while a backup-code login is under way. A code of this step may have
been used already (by the owner's app, or a backup-code login a moment ago): then the next step's is sent, which
Cognito takes too; if neither is taken the backup code is given back (429, try again shortly). An account whose
secret is not kept here (two-factor set up before it was) cannot use backup codes: 401, as for a wrong one.
Limited as logins are."""

from __future__ import annotations

import time

from kernel import http
from kernel.auth import verifier
from kernel.errors import NotFound, TooManyRequests, Unauthorized
from pydantic import Field

from .. import authenticator, backup_codes, identity, limits, store
from ..views import Login, documented, login_view

router = http.router()
clock = time.time  # the codes' time (tests move it with the embedded cloud's)


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
        tokens = log_in(found, login.password, login.backup_code)
    except Unauthorized:
        limits.failed(found or name)
        raise
    limits.succeeded(found or name)
    user = store.get(verifier().verify(tokens.access_token).user_id)
    if user is None:
        raise NotFound("No profile for this account")
    return http.json_response(200, login_view(user, tokens))


def log_in(username: str | None, password: str, code: str) -> identity.Tokens:
    """Tokens of a login with the password and a backup code (Unauthorized when either is wrong)."""
    if username is None:
        raise Unauthorized("Login failed: invalid credentials")
    try:
        return identity.log_in(username, password)  # two-factor sign-in is off: the password is enough
    except identity.SecondStepNeeded as second:
        session = second.session
    account = identity.account_status(username)
    secret = authenticator.secret_of(account[0]) if account else None
    if account is None or secret is None or not backup_codes.use(account[0], code):
        raise Unauthorized("Login failed: invalid credentials or backup code")
    now = clock()
    for step in (0, 1):  # this step's code, or the next one's if this one was used
        try:
            code_now = authenticator.code_at(secret, now + step * authenticator.STEP)
            return identity.answer_code(username, session, code_now)
        except Unauthorized:
            continue
    backup_codes.give_back(account[0], code)
    raise TooManyRequests("The sign-in could not finish now; try again in half a minute",
                          retry_after=int(authenticator.STEP - now % authenticator.STEP) + 1)


handler = http.entrypoint(http.create_app("users", router))

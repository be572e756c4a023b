"""POST /users/login: by username or e-mail, answering the owner's view and tokens.

An e-mail is turned into the username here (usernames never contain '@'): Cognito signs in with an e-mail
alias only once the address is verified, and registration does not verify it.

Limited (users.limits): so many attempts per client address and minute, and an account whose logins failed
SignInFailuresBeforeLock times is refused for a while, the right password included (429, Retry-After).
An account with two-factor sign-in answers 202 with the challenge instead: POST /users/login/two-factor (a code
of the authenticator) or /users/login/backup-code finishes the login."""

from __future__ import annotations

from kernel import http
from kernel.auth import verifier
from kernel.errors import NotFound, Unauthorized
from pydantic import Field

from .. import identity, limits, store
from ..views import Login, SecondStep, documented, login_view

router = http.router()


class Credentials(http.Command):
    username: str = Field(min_length=1, max_length=254, description="username or e-mail")
    password: str = Field(min_length=1, max_length=256)


@router.post("/users/login",
             responses={**documented(200, "The owner's view and tokens", 400, 401, 429, model=Login),
                        **documented(202, "Two-factor sign-in: the code comes next", model=SecondStep)})
def log_in(credentials: Credentials) -> object:
    limits.count_attempt(router.current_event.request_context.http.source_ip)
    username = credentials.username
    found = store.username_for_email(username) if "@" in username else username
    limits.require_unlocked(found or username)
    try:
        if found is None:
            raise Unauthorized("Login failed: invalid credentials")
        tokens = identity.log_in(found, credentials.password)
    except identity.SecondStepNeeded as second:
        return http.json_response(202, SecondStep(challenge="SOFTWARE_TOKEN_MFA", session=second.session,
                                                  username=found))
    except Unauthorized:
        limits.failed(found or username)
        raise
    limits.succeeded(found)
    user = store.get(verifier().verify(tokens.access_token).user_id)
    if user is None:
        raise NotFound("No profile for this account")
    return http.json_response(200, login_view(user, tokens))


handler = http.entrypoint(http.create_app("users", router))

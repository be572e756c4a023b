"""POST /users/register: a member or organization account, logged in at once (201 with tokens).

Cognito e-mails a code to verify the address (POST /users/{userId}/email-verification/confirm); until then the
account can browse but not buy or publish.

Registration spans Cognito and our table, so it is built to be resumed: the Cognito account stays
unconfirmed (unable to log in) until the profile exists, and registering again finishes or restarts a
registration that stopped half-way.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from kernel import http
from kernel.errors import Conflict, FieldError, TooManyRequests
from pydantic import Field

from .. import identity, limits, store
from ..avatars import default_avatar
from ..domain import EmailTaken, User, UsernameTaken, check_registration
from ..views import Login, documented, login_view

router = http.router()


class Registration(http.Command):
    username: str = Field(min_length=1, max_length=64)
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=256)
    role: str
    language: str = Field(default="en", max_length=8, description="the account's language (en, it, de, es, fr): "
                          "of its settings and of the e-mails it receives, the code e-mails included")


@router.post("/users/register", status_code=201,
             responses=documented(201, "Registered and logged in: the owner's view and tokens", 400, 409, 429,
                                  model=Login))
def register(registration: Registration) -> object:
    limits.count_attempt(router.current_event.request_context.http.source_ip)  # with the logins of the address
    check_registration(registration.username, registration.email, registration.password, registration.role,
                       registration.language)
    user_id, profile = _account_for(registration)
    if profile is None:
        profile = _create_profile(user_id, registration)
    identity.activate(profile.username, profile.role)
    tokens = identity.log_in(registration.username, registration.password)
    if not profile.email_verified:
        with contextlib.suppress(TooManyRequests):  # no code now: the owner asks for one from the settings
            identity.send_email_code(tokens.access_token)
    return http.json_response(201, login_view(profile, tokens))


def _account_for(registration: Registration) -> tuple[str, User | None]:
    """The Cognito account to register (new, or left unconfirmed by an earlier attempt) and its profile if any."""
    try:
        return identity.sign_up(registration.username, registration.email, registration.password,
                                 registration.language), None
    except Conflict:
        existing = identity.account_status(registration.username)
        if existing is None or existing[1] != "UNCONFIRMED":
            raise
    user_id = existing[0]
    profile = store.get(user_id)
    if profile is None:  # stopped before the profile: start again with this request's details
        identity.delete_account(registration.username, user_id=user_id)
        return identity.sign_up(registration.username, registration.email, registration.password,
                                 registration.language), None
    if profile.email.lower() != registration.email.lower():
        raise Conflict("User creation rejected: the username is taken", [FieldError("username", "is taken")])
    return user_id, profile


def _create_profile(user_id: str, registration: Registration) -> User:
    profile = User.register(user_id, registration.username, registration.email, registration.role,
                            default_avatar(), datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
                            registration.language)
    try:
        store.add(profile)
    except (UsernameTaken, EmailTaken):
        identity.delete_account(registration.username, user_id=user_id)  # unconfirmed, profile-less: nothing to keep
        raise
    return profile


handler = http.entrypoint(http.create_app("users", router))

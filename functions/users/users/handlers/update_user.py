"""PUT /users/{userId}: full replacement of the owner's settings and profile (omitted optionals are cleared;
username, e-mail and avatar are not touched); publishes `user.updated`, and `user.language.changed` when the
language is new: the users consumer gives that to Cognito (for its code e-mails), so the save makes no Cognito call
and cannot half-fail."""

from __future__ import annotations

from datetime import UTC, datetime

from kernel import http
from pydantic import Field

from .. import store
from ..domain import Settings
from ..views import OwnUser, documented, owner_view

router = http.router()


class AccountSettings(http.Command):
    dark_mode: bool
    language: str = Field(max_length=8)
    gender: str | None = Field(default=None, max_length=16)
    birth_date: str | None = Field(default=None, max_length=10)
    interests: list[str] = Field(default_factory=list, max_length=20)


class ProfileSettings(http.Command):
    name: str = Field(max_length=100)
    bio: str | None = Field(default=None, max_length=500)
    contacts: list[str] = Field(default_factory=list, max_length=20)


class Replacement(http.Command):
    account: AccountSettings
    profile: ProfileSettings


@router.put("/users/<userId>", security=http.AUTHENTICATED,
            responses=documented(200, "The owner's view, updated", 400, 401, 403, 404, model=OwnUser))
def update_user(userId: str, replacement: Replacement) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    account, profile = replacement.account, replacement.profile
    settings = Settings(dark_mode=account.dark_mode, language=account.language, name=profile.name,
                        gender=account.gender, birth_date=account.birth_date, interests=account.interests,
                        bio=profile.bio or None, contacts=profile.contacts)
    user = store.change(userId, lambda user: user.replace_settings(settings, datetime.now(UTC).date()))
    return http.json_response(200, owner_view(user))


handler = http.entrypoint(http.create_app("users", router))

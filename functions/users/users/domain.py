"""The users context's rules (reference §2.1, §7), as plain Python: no AWS, no HTTP.

`User` is the aggregate: registering, replacing the settings, changing the avatar and deleting are its methods,
each recording the domain event it causes in `events` for the store to publish with the change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kernel.errors import Conflict, FieldError, NotFound, TwoFactorRequired, ValidationFailed
from kernel.inputs import is_web_url
from kernel.tags import canonical

MEMBER, ORGANIZATION = "member", "organization"
ROLES = (MEMBER, ORGANIZATION)
LANGUAGES = ("en", "it", "de", "es", "fr")
GENDERS = ("male", "female", "other")
MAX_INTERESTS, MAX_CONTACTS = 5, 5
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,30}$")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def password_problems(password: str) -> list[str]:
    """The reference's policy: length(8) and digits(1) and lowerCase(1) and specialChars(1)."""
    problems = []
    if len(password) < 8:
        problems.append("at least 8 characters")
    if not re.search(r"\d", password):
        problems.append("at least one digit")
    if not re.search(r"[a-z]", password):
        problems.append("at least one lower-case letter")
    if not re.search(r"[^A-Za-z0-9]", password):
        problems.append("at least one special character")
    if len(password) > 256:
        problems.append("at most 256 characters")
    return problems


def check_registration(username: str, email: str, password: str, role: str, language: str = "en") -> None:
    errors = []
    if not USERNAME.match(username):
        errors.append(FieldError("username", "3 to 30 letters, digits, '.', '_' or '-'"))
    if not EMAIL.match(email) or len(email) > 254:
        errors.append(FieldError("email", "Invalid email"))
    if role not in ROLES:
        errors.append(FieldError("role", f"Invalid role: {role}"))
    if language not in LANGUAGES:
        errors.append(FieldError("language", f"must be one of {', '.join(LANGUAGES)}"))
    problems = password_problems(password)
    if problems:
        errors.append(FieldError("password", "Password not compliant: " + ", ".join(problems)))
    if errors:
        raise ValidationFailed("The registration is not valid", errors)


@dataclass
class Settings:
    """What the owner replaces with PUT /users/{id} (a full replacement: omitted optionals are cleared)."""

    dark_mode: bool
    language: str
    name: str
    gender: str | None = None
    birth_date: str | None = None
    interests: list[str] = field(default_factory=list)
    bio: str | None = None
    contacts: list[str] = field(default_factory=list)


def checked_settings(role: str, settings: Settings, today: date) -> Settings:
    """The settings with canonical tag names, or ValidationFailed listing every broken rule."""
    errors = []
    if not settings.name.strip():
        errors.append(FieldError("profile.name", "Insert a valid name"))
    if settings.language not in LANGUAGES:
        errors.append(FieldError("account.language", f"must be one of {', '.join(LANGUAGES)}"))
    if role == ORGANIZATION and (settings.gender or settings.birth_date):
        errors.append(FieldError("account", "organizations have no gender or birth date"))
    if settings.gender is not None and settings.gender not in GENDERS:
        errors.append(FieldError("account.gender", f"must be one of {', '.join(GENDERS)}"))
    if settings.birth_date is not None:
        try:
            if not ISO_DATE.fullmatch(settings.birth_date):  # fromisoformat also takes 19900421 and week dates
                raise ValueError(settings.birth_date)
            born = date.fromisoformat(settings.birth_date)
            if not date(1900, 1, 1) <= born <= today:
                errors.append(FieldError("account.birthDate", "must be a date in the past"))
        except ValueError:
            errors.append(FieldError("account.birthDate", "must be a date like 1990-04-21"))
    interests = [canonical(tag) for tag in settings.interests]
    if None in interests or len(set(interests)) != len(interests) or len(interests) > MAX_INTERESTS:
        errors.append(FieldError("account.interests", f"up to {MAX_INTERESTS} different tags of the taxonomy"))
    if role == MEMBER and settings.contacts:
        errors.append(FieldError("profile.contacts", "only organizations have contacts"))
    if len(settings.contacts) > MAX_CONTACTS or not all(is_web_url(c) for c in settings.contacts):
        errors.append(FieldError("profile.contacts", f"up to {MAX_CONTACTS} absolute http(s) URLs"))
    if errors:
        raise ValidationFailed("The settings are not valid", errors)
    settings.interests = [tag for tag in interests if tag]
    settings.name = settings.name.strip()
    return settings



def check_two_factor_may_end(role: str, organizations_require_it: bool) -> None:
    """Where the platform requires two-factor sign-in of organizations (OrganizationsRequireTwoFactor), an
    organization keeps it: 403 two-factor-required."""
    if role == ORGANIZATION and organizations_require_it:
        raise TwoFactorRequired("Organizations sign in with two factors on this platform: it cannot be turned off")


class UserNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such user")


class UsernameTaken(Conflict):
    def __init__(self) -> None:
        super().__init__("User creation rejected: the username is already in use",
                         [FieldError("username", "is already in use")])


class EmailTaken(Conflict):
    def __init__(self) -> None:
        super().__init__("User creation rejected: the email is already in use",
                         [FieldError("email", "is already in use")])


class EmailInUse(Conflict):
    def __init__(self) -> None:
        super().__init__("The e-mail address is already in use", [FieldError("email", "is already in use")])


Event = tuple[str, dict[str, Any]]  # (eventType, payload)


@dataclass
class User:
    """An account with its profile. Username and role never change after registration; the e-mail address changes
    once a code sent to the new one confirms it."""

    id: str
    role: str
    username: str
    email: str
    name: str
    avatar: str
    created_at: str
    dark_mode: bool = False
    language: str = "en"
    bio: str | None = None
    gender: str | None = None
    birth_date: str | None = None
    interests: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    email_verified: bool = False  # Cognito's email_verified, kept here for the owner's view
    two_factor: bool = False  # two-factor sign-in is on (Cognito's TOTP preference), kept for the owner's view
    avatar_at: str | None = None  # when the avatar was chosen (an upload's occurredAt, or a reset)
    events: list[Event] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def register(cls, user_id: str, username: str, email: str, role: str, avatar: str, now: str,
                 language: str = "en") -> User:
        """A new account (its input checked by `check_registration`): named after its username, in `language`."""
        user = cls(id=user_id, role=role, username=username, email=email.lower(), name=username, avatar=avatar,
                   created_at=now, language=language)
        user.events.append(("user.created", user.public_payload()))
        return user

    def replace_settings(self, settings: Settings, today: date) -> None:
        """A full replacement (omitted optionals are cleared); ValidationFailed names every broken rule. A new
        language is told apart (`user.language.changed`): the users consumer gives it to Cognito, whose code
        e-mails are written in it, so that the save itself needs no Cognito call."""
        checked = checked_settings(self.role, settings, today)
        language_changed = checked.language != self.language
        self.dark_mode, self.language, self.name = checked.dark_mode, checked.language, checked.name
        self.gender, self.birth_date, self.bio = checked.gender, checked.birth_date, checked.bio
        self.interests, self.contacts = list(checked.interests), list(checked.contacts)
        self.events.append(("user.updated", self.public_payload()))
        if language_changed:
            self.events.append(("user.language.changed", {"id": self.id, "language": self.language}))

    def change_email(self, email: str) -> None:
        """The address a code sent to it has verified (users.email_change) is the account's."""
        self.email, self.email_verified = email.lower(), True

    def change_avatar(self, url: str, chosen_at: str) -> bool:
        """The avatar is `url`, chosen at `chosen_at` (ISO-8601 UTC); False (and no event) when it already was, or
        when a later choice was applied (an upload told late never replaces a newer avatar or a reset)."""
        if url == self.avatar or (self.avatar_at is not None and chosen_at < self.avatar_at):
            return False
        self.avatar, self.avatar_at = url, chosen_at
        self.events.append(("user.updated", self.public_payload()))
        return True

    def delete(self) -> None:
        self.events.append(("user.deleted", {"id": self.id}))

    def search_terms(self) -> dict[str, str]:
        """kind -> term the user is found by: the username, and the name while it differs from it."""
        terms = {"username": self.username}
        if self.name.lower() != self.username.lower():
            terms["name"] = self.name
        return terms

    def public_payload(self) -> dict[str, Any]:
        """user.created / user.updated payload (reference §3.2 less the e-mail: no consumer reads it, and personal
        data stays out of the bus and its archive), optional fields left out when absent."""
        payload = {"id": self.id, "username": self.username, "name": self.name, "avatar": self.avatar,
                   "language": self.language, "role": self.role, "bio": self.bio,
                   "interests": self.interests or None}
        return {k: v for k, v in payload.items() if v is not None}

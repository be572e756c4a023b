"""The users context's rules (reference §2.1, §7), as plain Python: no AWS, no HTTP."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kernel.errors import FieldError, ValidationFailed
from kernel.inputs import is_web_url
from kernel.tags import canonical

ROLES = ("member", "organization")
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


def check_registration(username: str, email: str, password: str, role: str) -> None:
    errors = []
    if not USERNAME.match(username):
        errors.append(FieldError("username", "3 to 30 letters, digits, '.', '_' or '-'"))
    if not EMAIL.match(email) or len(email) > 254:
        errors.append(FieldError("email", "Invalid email"))
    if role not in ROLES:
        errors.append(FieldError("role", f"Invalid role: {role}"))
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
    if role == "organization" and (settings.gender or settings.birth_date):
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
    if role == "member" and settings.contacts:
        errors.append(FieldError("profile.contacts", "only organizations have contacts"))
    if len(settings.contacts) > MAX_CONTACTS or not all(is_web_url(c) for c in settings.contacts):
        errors.append(FieldError("profile.contacts", f"up to {MAX_CONTACTS} absolute http(s) URLs"))
    if errors:
        raise ValidationFailed("The settings are not valid", errors)
    settings.interests = [tag for tag in interests if tag]
    settings.name = settings.name.strip()
    return settings


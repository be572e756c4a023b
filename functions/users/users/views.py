"""What the users API sends: the owner's view, the public view, the login payload (reference §2.1)."""

from __future__ import annotations

from typing import Any

from kernel import responses

from .domain import User
from .identity import Tokens


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, [])}


def profile_view(user: User) -> dict[str, Any]:
    return _clean({"name": user.name, "avatar": user.avatar, "bio": user.bio, "contacts": user.contacts})


def public_view(user: User) -> dict[str, Any]:
    return {"id": user.id, "role": user.role, "account": {"username": user.username}, "profile": profile_view(user)}


def owner_view(user: User) -> dict[str, Any]:
    account = _clean({"username": user.username, "email": user.email, "darkMode": user.dark_mode,
                      "language": user.language, "gender": user.gender, "birthDate": user.birth_date,
                      "interests": user.interests})
    return {"id": user.id, "role": user.role, "account": account, "profile": profile_view(user)}


def tokens_view(tokens: Tokens) -> dict[str, Any]:
    return {"accessToken": tokens.access_token, "expiresIn": tokens.expires_in,
            "refreshToken": tokens.refresh_token, "refreshExpiresIn": tokens.refresh_expires_in}


def login_view(user: User, tokens: Tokens) -> dict[str, Any]:
    return {**owner_view(user), **tokens_view(tokens)}


_PROBLEMS = {400: "The request is not valid", 401: "No valid access token", 403: "Not the caller's own account",
             404: "No such user", 409: "The username or e-mail is already in use",
             429: "Too many attempts (from this address, or failed logins of this account); see Retry-After",
             503: "The identity provider cannot be reached"}


# A route's answers for its OpenAPI document: its success and the problems (kernel.responses).
documented = responses.Answers(_PROBLEMS)

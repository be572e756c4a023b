"""Helpers of the users context's end-to-end tests (their fixtures are in conftest.py): the problem+json check of
api-conventions.md, Cognito as a client sees it, and logins (the events it publishes: support.bus.BusTap)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from support.platform import PASSWORD, Platform, Response, User

PROBLEM_TYPES = "https://eventonight.dev/problems/"


def assert_problem(response: Response, status: int, *fields: str) -> dict[str, Any]:
    """An RFC 9457 problem with this status; for a 400, `fields` are among the fields its `errors` name."""
    assert response.status == status, (response.status, response.raw)
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = response.json
    assert body["status"] == status
    assert body["type"].startswith(PROBLEM_TYPES) and body["title"] and body["detail"], body
    named = {error["field"] for error in body.get("errors", [])}
    assert set(fields) <= named, (fields, body)
    return body  # type: ignore[no-any-return]


def unique_name(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def claims(token: str) -> dict[str, Any]:
    """A token's claims as a client reads them (the signature is the server's business)."""
    return jwt.decode(token, options={"verify_signature": False})  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Pool:
    """The user pool the platform signs users into, as a client of Cognito sees it."""

    cognito: Any
    pool_id: str
    client_id: str

    def sign_up(self, username: str, email: str, password: str = PASSWORD) -> str:
        return self.cognito.sign_up(ClientId=self.client_id, Username=username, Password=password,
                                    UserAttributes=[{"Name": "email", "Value": email}])["UserSub"]  # type: ignore[no-any-return]

    def id_token(self, user: User) -> str:
        result = self.cognito.initiate_auth(ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                            AuthParameters={"USERNAME": user.username, "PASSWORD": user.password})
        return result["AuthenticationResult"]["IdToken"]  # type: ignore[no-any-return]


def log_in(platform: Platform, username: str, password: str = PASSWORD) -> Response:
    return platform.request("POST", "/users/login", {"username": username, "password": password})


def session_of(platform: Platform, user: User) -> User:
    """A second login of the same account (another device)."""
    response = log_in(platform, user.username, user.password)
    assert response.status == 200, response.raw
    return User(user.id, user.username, user.email, user.role, response.json["accessToken"],
                response.json["refreshToken"], user.password)


def owner_request_works(platform: Platform, user: User) -> bool:
    """Whether the user's access token still opens an owner-only endpoint (one that changes nothing here)."""
    response = platform.request("DELETE", f"/users/{user.id}/avatar", user=user)
    assert response.status in (204, 401), response.raw
    return response.status == 204

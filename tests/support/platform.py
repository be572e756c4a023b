"""A test's view of the running platform: HTTP calls, and users who are registered and logged in."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from .cloud import RunningCloud
from .http import call
from .mailbox import Mailbox

PASSWORD = "Secret!123"


@dataclass
class Response:
    status: int
    headers: Any
    raw: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.raw) if self.raw else None


@dataclass
class User:
    id: str
    username: str
    email: str
    role: str
    access_token: str
    refresh_token: str
    password: str = PASSWORD

    @property
    def auth(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.access_token}"}


class Platform:
    def __init__(self, cloud: RunningCloud) -> None:
        self.cloud = cloud

    @property
    def url(self) -> str:
        return self.cloud.http_url

    @property
    def mailbox(self) -> Mailbox:
        """What SES sent (the embedded cloud's local mailbox)."""
        return Mailbox(self.cloud.mailbox_url)

    def request(self, method: str, path: str, body: Any = None, user: User | None = None,
                headers: dict[str, str] | None = None) -> Response:
        all_headers = {**(user.auth if user else {}), **(headers or {})}
        status, response_headers, raw = call(self.url, method, path, body, all_headers)
        return Response(status, response_headers, raw)

    def register(self, role: str = "member", username: str | None = None, password: str = PASSWORD,
                 verified: bool = False) -> User:
        """A new user with a unique name, logged in, its e-mail address unverified (as registration leaves it).
        `verified=True` for one who buys or publishes (or logs in by e-mail, resets a password): the mailed code
        verifies the address and the tokens are refreshed to say so - about 1.6x the wall and 1.2x the CPU of a
        registration alone (benchmarks/registration_cost.py)."""
        username = username or f"{role[:3]}{uuid.uuid4().hex[:10]}"
        email = f"{username}@example.com"
        response = self.request("POST", "/users/register",
                                {"username": username, "email": email, "password": password, "role": role})
        assert response.status == 201, response.raw
        body = response.json
        user = User(body["id"], username, email, role, body["accessToken"], body["refreshToken"], password)
        if verified:
            self.verify_email(user)
        return user

    def mailed_code(self, email: str, count: int = 1) -> str:
        """The code in the newest of `count` code e-mails Cognito sent to `email`."""
        mail = self.mailbox.wait_for(to=email, subject_contains="code", count=count)
        return re.search(r"\b([0-9]{6})\b", mail["text"]).group(1)  # type: ignore[union-attr]

    def verify_email(self, user: User, count: int = 1) -> None:
        """Verify the user's address with the mailed code, then refresh: the new access token says so."""
        confirmed = self.request("POST", f"/users/{user.id}/email-verification/confirm",
                                 {"code": self.mailed_code(user.email, count)}, user=user)
        assert confirmed.status == 200, confirmed.raw
        refreshed = self.request("POST", "/users/refresh", {"refreshToken": user.refresh_token})
        assert refreshed.status == 200, refreshed.raw
        user.access_token = refreshed.json["accessToken"]

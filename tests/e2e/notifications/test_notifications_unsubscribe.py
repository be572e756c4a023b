"""Unsubscribe links (issue 19) through the platform's HTTP API, without logging in: the signed token names a user
and a type; GET tells what the link stops and changes nothing, POST (the SPA's button or a mail client's RFC 8058
one-click form POST) stops that e-mail and keeps the in-app choice; a tampered, expired or essential link is a 4xx
that changes nothing. Tokens are signed here as the platform signs them (HS256 JWT, the secret from its SSM)."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from support.platform import Platform, User

SECRET_PARAMETER = "/eventonight/notifications/unsubscribe-secret"
SIX_MONTHS = 180 * 24 * 3600


def signed(platform: Platform, claims: dict[str, Any], secret: str | None = None) -> str:
    secret = secret or platform.cloud.client("ssm").get_parameter(Name=SECRET_PARAMETER,
                                                                  WithDecryption=True)["Parameter"]["Value"]
    return jwt.encode(claims, secret, algorithm="HS256")


def link(platform: Platform, user: User, note_type: str, issued: float | None = None) -> str:
    issued = time.time() if issued is None else issued
    return signed(platform, {"sub": user.id, "typ": note_type, "aud": "unsubscribe", "iat": int(issued),
                             "exp": int(issued) + SIX_MONTHS})


def grid(platform: Platform, user: User) -> dict[str, Any]:
    response = platform.request("GET", f"/notifications/users/{user.id}/preferences", user=user)
    assert response.status == 200, response.raw
    return response.json["preferences"]


def opted_in(platform: Platform, user: User) -> None:
    body = {"preferences": {"follow": {"inApp": False, "email": True}, "like": {"inApp": True, "email": True}}}
    assert platform.request("PUT", f"/notifications/users/{user.id}/preferences", body, user=user).status == 200


def test_the_link_shows_what_it_stops_and_a_post_stops_it(platform: Platform, member: User) -> None:
    opted_in(platform, member)
    token = link(platform, member, "follow")
    shown = platform.request("GET", f"/notifications/unsubscribe?token={token}")
    assert shown.status == 200 and shown.json == {"type": "follow", "email": True}
    assert grid(platform, member)["follow"]["email"] is True  # looking changed nothing
    done = platform.request("POST", f"/notifications/unsubscribe?token={token}")
    assert done.status == 200 and done.json == {"type": "follow", "email": False}
    preferences = grid(platform, member)
    assert preferences["follow"] == {"inApp": False, "email": False, "essential": False, "emailOnly": False}
    assert preferences["like"]["email"] is True  # only the link's type
    assert platform.request("GET", f"/notifications/unsubscribe?token={token}").json["email"] is False
    assert platform.request("POST", f"/notifications/unsubscribe?token={token}").status == 200  # again: the same


def test_a_mail_clients_one_click_post_unsubscribes(platform: Platform, member: User) -> None:
    opted_in(platform, member)
    response = platform.request("POST", f"/notifications/unsubscribe?token={link(platform, member, 'like')}",
                                b"List-Unsubscribe=One-Click",
                                headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status == 200, response.raw
    assert grid(platform, member)["like"]["email"] is False


def bad_links(platform: Platform, user: User) -> dict[str, tuple[str, int]]:
    good = link(platform, user, "follow")
    header, _, signature = good.split(".")
    someone_else = link(platform, User(id="0d21136c-9867-4ab6-9019-71f6d789d46b", username="x", email="x",
                                       role="member", access_token="", refresh_token=""), "follow").split(".")[1]
    claims = {"sub": user.id, "typ": "follow", "aud": "unsubscribe", "exp": int(time.time()) + 60}
    return {
        "tampered": (f"{header}.{someone_else}.{signature}", 400),
        "another secret": (signed(platform, claims, secret="x" * 64), 400),
        "expired": (link(platform, user, "follow", issued=time.time() - SIX_MONTHS - 60), 410),
        "essential e-mail": (link(platform, user, "order_refunded"), 400),
        "no such type": (signed(platform, {**claims, "typ": "newsletter"}), 400),
        "garbage": ("not-a-token", 400),
        "none": ("", 400),
    }


@pytest.mark.parametrize("kind", ["tampered", "another secret", "expired", "essential e-mail", "no such type",
                                  "garbage", "none"])
def test_a_bad_link_is_a_4xx_and_changes_nothing(platform: Platform, member: User, kind: str) -> None:
    opted_in(platform, member)
    before = grid(platform, member)
    token, status = bad_links(platform, member)[kind]
    for method in ("GET", "POST"):
        response = platform.request(method, f"/notifications/unsubscribe?token={token}")
        assert response.status == status, (method, response.raw)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert grid(platform, member) == before

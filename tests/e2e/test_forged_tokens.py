"""A token signed with the RSA key moto ships in its wheel is refused by every function (H3): the embedded
cloud signs with a key of its own data directory, which no one else has."""

from __future__ import annotations

import time
import uuid

import jwt
from moto.utilities.utils import load_resource
from support.platform import Platform, User


def _forged_for(victim: User, template: User) -> str:
    """What anyone could sign with moto's public private key: the platform's own claims, naming the victim."""
    claims = jwt.decode(template.access_token, options={"verify_signature": False})
    now, session = int(time.time()), str(uuid.uuid4())
    claims.update(sub=victim.id, username=victim.username, iat=now, auth_time=now, exp=now + 3600,
                  jti=str(uuid.uuid4()), origin_jti=session, **{"cognito:groups": ["organization"]})
    moto_key = jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json")).key
    return jwt.encode(claims, moto_key, algorithm="RS256", headers={"kid": "dummy"})


def test_a_token_signed_with_motos_bundled_key_is_a_401(platform: Platform, member: User,
                                                         other_member: User) -> None:
    forged = platform.request("GET", f"/users/{other_member.id}",
                              headers={"authorization": f"Bearer {_forged_for(other_member, member)}"})

    assert forged.status == 401, forged.raw
    assert forged.headers["content-type"].startswith("application/problem+json")
    assert other_member.email.encode() not in forged.raw


def test_a_real_login_still_works_and_is_signed_with_the_data_dirs_key(platform: Platform,
                                                                         other_member: User) -> None:
    login = platform.request("POST", "/users/login", {"username": other_member.username,
                                                      "password": other_member.password})
    assert login.status == 200, login.raw
    token = login.json["accessToken"]
    assert jwt.get_unverified_header(token)["kid"] != "dummy"

    own = platform.request("GET", f"/users/{other_member.id}", headers={"authorization": f"Bearer {token}"})
    assert own.status == 200 and own.json["account"]["email"] == other_member.email

"""Logging in (by username or e-mail), refreshing, logging out, and which tokens an owner-only endpoint takes:
only a live access token of the owner; any other token is 401, another user's valid one 403. The public keys
the users context serves verify real access tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from support.platform import Platform, User
from users_e2e import Pool, assert_problem, claims, log_in, owner_request_works, session_of


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict[str, Any], payload: dict[str, Any]) -> str:
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"


def pool_signing_key(platform: Platform) -> Any:
    """The key the embedded cloud's Cognito signs every token with: made for its data directory at first start."""
    return RSAAlgorithm.from_jwk((platform.cloud.data_dir / "cognito-signing-key.json").read_text())


def reissued(platform: Platform, user: User, **changes: Any) -> str:
    """The user's access token signed again by the pool's own key with some claims changed."""
    token = user.access_token
    return jwt.encode({**claims(token), **changes}, pool_signing_key(platform), algorithm="RS256",
                      headers={"kid": jwt.get_unverified_header(token)["kid"]})


def test_login_by_username_or_email_answers_the_owner_view_and_tokens(platform: Platform, member: User) -> None:
    for name in (member.username, member.username.upper(), member.email, member.email.upper()):
        response = log_in(platform, name)

        assert response.status == 200, (name, response.raw)
        body = response.json
        assert body["id"] == member.id and body["role"] == "member"
        assert body["account"]["username"] == member.username and body["account"]["email"] == member.email
        assert body["expiresIn"] > 0 and body["refreshToken"] and body["refreshExpiresIn"] > 0
        assert claims(body["accessToken"])["sub"] == member.id
        assert owner_request_works(platform, User(member.id, member.username, member.email, member.role,
                                                  body["accessToken"], body["refreshToken"]))


def test_a_wrong_password_or_unknown_account_is_401_alike(platform: Platform, member: User) -> None:
    wrong = assert_problem(log_in(platform, member.username, "Wrong!123"), 401)
    unknown = assert_problem(log_in(platform, "nobody-" + member.username), 401)
    unknown_email = assert_problem(log_in(platform, "nobody@" + member.email.split("@")[1]), 401)
    by_email = assert_problem(log_in(platform, member.email, "Wrong!123"), 401)
    assert wrong["detail"] == unknown["detail"] == unknown_email["detail"] == by_email["detail"]


@pytest.mark.parametrize("body", [{"username": "someone"}, {"password": "Secret!123"},
                                  {"username": "someone", "password": "Secret!123", "remember": True}])
def test_a_malformed_login_is_400(platform: Platform, body: dict) -> None:
    assert_problem(platform.request("POST", "/users/login", body), 400)


def test_refresh_gives_a_working_access_token_of_the_same_user(platform: Platform, member: User) -> None:
    response = platform.request("POST", "/users/refresh", {"refreshToken": member.refresh_token})

    assert response.status == 200, response.raw
    body = response.json
    assert set(body) == {"accessToken", "expiresIn", "refreshToken", "refreshExpiresIn"}
    assert claims(body["accessToken"])["sub"] == member.id
    refreshed = User(member.id, member.username, member.email, member.role, body["accessToken"],
                     body["refreshToken"])
    assert platform.request("GET", f"/users/{member.id}", user=refreshed).json["account"]["email"] == member.email


def test_a_refresh_token_that_was_never_issued_is_401(platform: Platform) -> None:
    assert_problem(platform.request("POST", "/users/refresh", {"refreshToken": "not-a-refresh-token"}), 401)
    assert_problem(platform.request("POST", "/users/refresh", {}), 400, "refreshToken")


def test_logout_ends_the_login_everywhere(platform: Platform, member: User) -> None:
    refreshed = platform.request("POST", "/users/refresh", {"refreshToken": member.refresh_token}).json
    other_device = session_of(platform, member)

    response = platform.request("POST", "/users/logout", {"refreshToken": member.refresh_token}, user=member)

    assert response.status == 204, response.raw
    assert_problem(platform.request("POST", "/users/refresh", {"refreshToken": member.refresh_token}), 401)
    for method, path, body in (("DELETE", f"/users/{member.id}/avatar", None), ("DELETE", f"/users/{member.id}", None),
                               ("GET", f"/users/{member.id}", None),
                               ("PUT", f"/users/{member.id}", {"account": {"darkMode": True, "language": "en"},
                                                               "profile": {"name": "Still here?"}})):
        assert_problem(platform.request(method, path, body, user=member), 401)
    refreshed_token = {"authorization": f"Bearer {refreshed['accessToken']}"}
    assert_problem(platform.request("DELETE", f"/users/{member.id}/avatar", headers=refreshed_token), 401)
    assert_problem(platform.request("PUT", f"/users/{member.id}/password",
                                    {"currentPassword": member.password, "newPassword": "Other!456",
                                     "confirmPassword": "Other!456"}, user=member), 401)
    assert owner_request_works(platform, other_device)  # another login of the same account goes on
    assert platform.request("POST", "/users/logout", {"refreshToken": member.refresh_token}).status == 204


def test_logout_denies_the_login_for_as_long_as_its_refresh_token_could_live(platform: Platform, member: User,
                                                                            published: Any) -> None:
    """Should revoking the refresh token at Cognito have failed, it must not refresh into a working token later."""
    session = claims(member.access_token)["origin_jti"]
    assert platform.request("POST", "/users/logout", {"refreshToken": member.refresh_token}).status == 204

    table = platform.cloud.deployment.function_by_logical_id("LogoutFunction").environment["REVOKED_TOKENS_TABLE"]
    item = platform.cloud.client("dynamodb").get_item(TableName=table, Key={"id": {"S": f"session#{session}"}},
                                                      ConsistentRead=True)["Item"]
    assert int(item["expiresAt"]["N"]) >= time.time() + 30 * 24 * 3600 - 60  # the refresh token's 30 days
    event = published.wait_for("user.session.revoked", id=member.id)
    assert event["payload"] == {"id": member.id, "sessionIds": [session]}


def test_logout_with_the_refresh_token_alone_ends_its_access_tokens(platform: Platform, member: User) -> None:
    expired = {"authorization": f"Bearer {reissued(platform, member, iat=1_600_000_000, exp=1_600_003_600)}"}

    response = platform.request("POST", "/users/logout", {"refreshToken": member.refresh_token}, headers=expired)

    assert response.status == 204, response.raw
    assert not owner_request_works(platform, member)
    assert_problem(platform.request("POST", "/users/refresh", {"refreshToken": member.refresh_token}), 401)


def other_key_token(user: User) -> str:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(claims(user.access_token), stranger, algorithm="RS256",
                      headers={"kid": jwt.get_unverified_header(user.access_token)["kid"]})


def unknown_kid_token(user: User) -> str:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(claims(user.access_token), stranger, algorithm="RS256", headers={"kid": "not-a-pool-key"})


def alg_none_token(user: User) -> str:
    return unsigned({"alg": "none", "typ": "JWT", "kid": jwt.get_unverified_header(user.access_token)["kid"]},
                    claims(user.access_token)) + "."


def hs256_with_public_key_token(platform: Platform, user: User) -> str:
    jwk = platform.request("GET", "/users/public-keys").json["keys"][0]
    pem = RSAAlgorithm.from_jwk(json.dumps(jwk)).public_bytes(  # type: ignore[union-attr]
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    signing_input = unsigned({"alg": "HS256", "typ": "JWT", "kid": jwk["kid"]}, claims(user.access_token))
    return f"{signing_input}.{b64(hmac.new(pem, signing_input.encode(), hashlib.sha256).digest())}"


BAD_TOKENS: dict[str, Callable[[Platform, User, Pool], str]] = {
    "garbage": lambda platform, user, pool: "not-a-token",
    "truncated": lambda platform, user, pool: user.access_token[:-20],
    "expired": lambda platform, user, pool: reissued(platform, user, iat=int(time.time()) - 7200,
                                                     exp=int(time.time()) - 3600),
    "signed by another key": lambda platform, user, pool: other_key_token(user),
    "signed by an unknown key": lambda platform, user, pool: unknown_kid_token(user),
    "alg none": lambda platform, user, pool: alg_none_token(user),
    "HS256 signed with the public key": lambda platform, user, pool: hs256_with_public_key_token(platform, user),
    "id token": lambda platform, user, pool: pool.id_token(user),
    "another issuer": lambda platform, user, pool: reissued(platform, user, iss="https://cognito-idp.us-east-1.amazonaws.com/x"),
    "another client": lambda platform, user, pool: reissued(platform, user, client_id="another-app"),
}


@pytest.mark.parametrize("kind", list(BAD_TOKENS))
def test_an_owner_only_endpoint_refuses_every_token_but_a_live_access_token(
        platform: Platform, pool: Pool, member: User, kind: str) -> None:
    token = BAD_TOKENS[kind](platform, member, pool)

    assert_problem(platform.request("DELETE", f"/users/{member.id}/avatar",
                                    headers={"authorization": f"Bearer {token}"}), 401)
    assert owner_request_works(platform, member)  # the genuine token, for comparison


def test_a_token_of_the_pool_with_fresh_claims_is_accepted(platform: Platform, member: User) -> None:
    """The forged tokens above fail for what they change, not for being forged by the test."""
    token = reissued(platform, member, iat=int(time.time()) - 5, exp=int(time.time()) + 600)
    assert platform.request("DELETE", f"/users/{member.id}/avatar",
                            headers={"authorization": f"Bearer {token}"}).status == 204


@pytest.mark.parametrize("authorization", [None, "Bearer", "Bearer  ", "Basic dXNlcjpwYXNz", "Token abc"])
def test_an_owner_only_endpoint_without_a_bearer_token_is_401(platform: Platform, member: User,
                                                            authorization: str | None) -> None:
    headers = {"authorization": authorization} if authorization else {}
    assert_problem(platform.request("DELETE", f"/users/{member.id}/avatar", headers=headers), 401)


def test_an_owner_only_endpoint_refuses_a_token_after_logout(platform: Platform, member: User) -> None:
    assert platform.request("POST", "/users/logout", {"refreshToken": member.refresh_token},
                            user=member).status == 204
    assert_problem(platform.request("DELETE", f"/users/{member.id}/avatar", user=member), 401)


def test_another_users_valid_token_is_403(platform: Platform, member: User, other_member: User) -> None:
    for method, path, body in (("DELETE", f"/users/{member.id}/avatar", None),
                               ("DELETE", f"/users/{member.id}", None),
                               ("PUT", f"/users/{member.id}", {"account": {"darkMode": True, "language": "en"},
                                                               "profile": {"name": "Taken over"}}),
                               ("PUT", f"/users/{member.id}/password",
                                {"currentPassword": other_member.password, "newPassword": "Other!456",
                                 "confirmPassword": "Other!456"})):
        assert_problem(platform.request(method, path, body, user=other_member), 403)
    profile = platform.request("GET", f"/users/{member.id}", user=member).json
    assert profile["profile"]["name"] == member.username
    assert log_in(platform, member.username).status == 200


def test_the_public_keys_verify_a_real_access_token(platform: Platform, member: User) -> None:
    response = platform.request("GET", "/users/public-keys")

    assert response.status == 200, response.raw
    keys = {key["kid"]: key for key in response.json["keys"]}
    kid = jwt.get_unverified_header(member.access_token)["kid"]
    issuer = claims(member.access_token)["iss"]
    from_jwk = jwt.PyJWK(keys[kid]).key
    from_der = serialization.load_der_public_key(base64.b64decode(keys[kid]["publicKey"]))
    assert isinstance(from_der, rsa.RSAPublicKey)
    for key in (from_jwk, from_der):
        verified = jwt.decode(member.access_token, key, algorithms=["RS256"], issuer=issuer)
        assert verified["sub"] == member.id and verified["token_use"] == "access"
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(other_key_token(member), from_jwk, algorithms=["RS256"])

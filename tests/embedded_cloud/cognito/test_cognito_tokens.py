"""The tokens the platform's functions verify themselves: RS256 against the pool's JWKS, iss, token_use, client_id,
exp and cognito:groups, as `kernel.auth` reads them."""

from __future__ import annotations

import json
import time
import urllib.request

import jwt
import pytest


@pytest.fixture
def jwks_url(moto_server, platform_pool) -> str:
    return f"{moto_server.url}/{platform_pool.id}/.well-known/jwks.json"


def test_the_jwks_is_served_per_pool_without_credentials(moto, jwks_url) -> None:
    with urllib.request.urlopen(jwks_url) as response:  # noqa: S310 - the local moto server
        keys = json.load(response)["keys"]

    assert [(k["kty"], k["alg"]) for k in keys] == [("RSA", "RS256")]
    assert keys[0]["kid"]


def test_the_access_token_carries_what_the_functions_check(moto, platform_pool, jwks_url) -> None:
    sub = platform_pool.register("alice")
    login = platform_pool.log_in("alice")
    token = login["AccessToken"]

    key = jwt.PyJWKClient(jwks_url).get_signing_key_from_jwt(token)  # the header's kid is in the JWKS
    claims = jwt.decode(token, key.key, algorithms=["RS256"], issuer=platform_pool.issuer,
                        options={"require": ["exp", "iat", "sub", "jti"]})

    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    assert platform_pool.issuer == f"https://cognito-idp.us-east-1.amazonaws.com/{platform_pool.id}"
    assert (claims["token_use"], claims["client_id"], claims["username"], claims["sub"]) == (
        "access", platform_pool.client_id, "alice", sub)
    assert claims["cognito:groups"] == ["member"]
    assert claims["scope"] == "aws.cognito.signin.user.admin"
    assert claims["exp"] - claims["iat"] == login["ExpiresIn"] == 3600
    assert claims["exp"] > time.time()
    assert claims["origin_jti"] and claims["jti"] != claims["origin_jti"]


def test_the_id_token_names_the_user_for_the_app_client(moto, platform_pool, jwks_url, claims) -> None:
    sub = platform_pool.register("alice")
    login = platform_pool.log_in("alice")

    key = jwt.PyJWKClient(jwks_url).get_signing_key_from_jwt(login["IdToken"])
    id_claims = jwt.decode(login["IdToken"], key.key, algorithms=["RS256"], issuer=platform_pool.issuer,
                           audience=platform_pool.client_id)

    assert (id_claims["token_use"], id_claims["cognito:username"], id_claims["sub"]) == ("id", "alice", sub)
    assert id_claims["cognito:groups"] == ["member"]
    assert id_claims["origin_jti"] == claims(login["AccessToken"])["origin_jti"]


def test_a_token_of_another_pool_does_not_verify_as_this_pools(moto, platform_pool, cognito, jwks_url) -> None:
    """The issuer tells pools apart (every moto pool signs with the same key)."""
    platform_pool.register("alice")
    token = platform_pool.log_in("alice")["AccessToken"]
    other_issuer = platform_pool.issuer.replace(platform_pool.id, "us-east-1_another")

    key = jwt.PyJWKClient(jwks_url).get_signing_key_from_jwt(token)
    with pytest.raises(jwt.InvalidIssuerError):
        jwt.decode(token, key.key, algorithms=["RS256"], issuer=other_issuer)


def test_groups_added_after_login_show_from_the_next_token_on(moto, platform_pool, claims) -> None:
    platform_pool.register("alice", group="member")
    before = platform_pool.log_in("alice")

    platform_pool.cognito.admin_add_user_to_group(UserPoolId=platform_pool.id, Username="alice",
                                                  GroupName="organization")

    assert claims(before["AccessToken"])["cognito:groups"] == ["member"]  # an issued token never changes
    assert sorted(claims(platform_pool.log_in("alice")["AccessToken"])["cognito:groups"]) == [
        "member", "organization"]
    assert sorted(claims(platform_pool.refresh(before["RefreshToken"])["AccessToken"])["cognito:groups"]) == [
        "member", "organization"]


def test_a_user_in_no_group_has_no_groups_claim(moto, platform_pool, claims) -> None:
    platform_pool.sign_up("alice", "alice@example.com")
    platform_pool.cognito.admin_confirm_sign_up(UserPoolId=platform_pool.id, Username="alice")

    assert "cognito:groups" not in claims(platform_pool.log_in("alice")["AccessToken"])


def test_refreshed_tokens_share_their_logins_origin_jti(moto, platform_pool, claims) -> None:
    platform_pool.register("alice")
    first, second = platform_pool.log_in("alice"), platform_pool.log_in("alice")

    refreshed = platform_pool.refresh(first["RefreshToken"])

    assert "RefreshToken" not in refreshed  # no rotation: the login's refresh token stays the same
    tokens = [first["AccessToken"], refreshed["AccessToken"], second["AccessToken"]]
    assert len({claims(t)["jti"] for t in tokens}) == 3
    assert claims(refreshed["AccessToken"])["origin_jti"] == claims(first["AccessToken"])["origin_jti"]
    assert claims(second["AccessToken"])["origin_jti"] != claims(first["AccessToken"])["origin_jti"]
    assert claims(refreshed["AccessToken"])["sub"] == claims(first["AccessToken"])["sub"]


def test_an_unknown_refresh_token_is_refused(moto, platform_pool, error_of) -> None:
    code, _ = error_of(platform_pool.refresh, "never-issued")

    assert code == "NotAuthorizedException"


@pytest.mark.parametrize(("validity", "units", "seconds"), [
    (90, {"AccessToken": "seconds"}, 90), (5, {"AccessToken": "minutes"}, 300), (2, {}, 7200)])
def test_an_access_token_lives_as_long_as_its_client_says(moto, platform_pool, claims, validity, units,
                                                          seconds) -> None:
    moto.expect_defect("moto signs every access token for 3600 seconds", raises=AssertionError)
    platform_pool.register("alice")
    flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    client_id = platform_pool.add_client(AccessTokenValidity=validity, TokenValidityUnits=units,
                                         ExplicitAuthFlows=flows)["ClientId"]
    login = platform_pool.log_in("alice", client_id=client_id)
    refreshed = platform_pool.refresh(login["RefreshToken"], client_id=client_id)

    for result in (login, refreshed):
        token = claims(result["AccessToken"])
        assert token["exp"] - token["iat"] == result["ExpiresIn"] == seconds


def test_the_platforms_access_tokens_live_as_the_template_says(moto, platform_pool, claims) -> None:
    platform_pool.register("alice")
    token = claims(platform_pool.log_in("alice")["AccessToken"])
    assert token["exp"] - token["iat"] == 3600  # AccessTokenSeconds' default

"""Logout: RevokeToken ends one login (its refresh token and the access tokens issued from it), as Cognito does."""

from __future__ import annotations

import jwt
from botocore.exceptions import ClientError

# moto raises NotImplementedError inside the operation: the embedded AWS endpoint (keep-alive since 507b851)
# drops the connection instead of answering moto's HTML 500
UNIMPLEMENTED = "RevokeToken is not implemented"

REFRESH_REVOKED = ("NotAuthorizedException", "Refresh Token has been revoked")
ACCESS_REVOKED = ("NotAuthorizedException", "Access Token has been revoked")


def test_a_revoked_refresh_token_no_longer_refreshes(moto, platform_pool, error_of) -> None:
    moto.expect_defect(UNIMPLEMENTED, raises=ClientError)
    platform_pool.register("alice")
    login = platform_pool.log_in("alice")

    platform_pool.cognito.revoke_token(Token=login["RefreshToken"], ClientId=platform_pool.client_id)

    assert error_of(platform_pool.refresh, login["RefreshToken"]) == REFRESH_REVOKED


def test_every_access_token_issued_from_the_refresh_token_is_revoked(moto, platform_pool, claims, error_of) -> None:
    moto.expect_defect(UNIMPLEMENTED, raises=ClientError)
    platform_pool.register("alice")
    login = platform_pool.log_in("alice")
    refreshed = platform_pool.refresh(login["RefreshToken"])
    assert claims(refreshed["AccessToken"])["origin_jti"] == claims(login["AccessToken"])["origin_jti"]

    platform_pool.cognito.revoke_token(Token=login["RefreshToken"], ClientId=platform_pool.client_id)

    for access_token in (login["AccessToken"], refreshed["AccessToken"]):
        assert error_of(platform_pool.cognito.get_user, AccessToken=access_token) == ACCESS_REVOKED
        assert error_of(platform_pool.cognito.change_password, AccessToken=access_token,
                        PreviousPassword="open-sesame-1", ProposedPassword="open-sesame-2") == ACCESS_REVOKED


def test_the_users_other_logins_keep_working(moto, platform_pool) -> None:
    moto.expect_defect(UNIMPLEMENTED, raises=ClientError)
    platform_pool.register("alice")
    phone, laptop = platform_pool.log_in("alice"), platform_pool.log_in("alice")

    platform_pool.cognito.revoke_token(Token=phone["RefreshToken"], ClientId=platform_pool.client_id)

    assert platform_pool.cognito.get_user(AccessToken=laptop["AccessToken"])["Username"] == "alice"
    refreshed = platform_pool.refresh(laptop["RefreshToken"])
    assert platform_pool.cognito.get_user(AccessToken=refreshed["AccessToken"])["Username"] == "alice"


def test_an_access_or_id_token_is_not_revocable(moto, platform_pool, error_of) -> None:
    moto.expect_defect(UNIMPLEMENTED, raises=AssertionError)
    platform_pool.register("alice")
    login = platform_pool.log_in("alice")

    for token in (login["AccessToken"], login["IdToken"]):
        code, _ = error_of(platform_pool.cognito.revoke_token, Token=token, ClientId=platform_pool.client_id)
        assert code == "UnsupportedTokenTypeException"

    assert platform_pool.cognito.get_user(AccessToken=login["AccessToken"])["Username"] == "alice"
    assert platform_pool.refresh(login["RefreshToken"])["AccessToken"]


def test_a_refresh_token_of_another_app_client_is_not_revoked(moto, platform_pool, error_of) -> None:
    moto.expect_defect(UNIMPLEMENTED, raises=AssertionError)
    other_client = platform_pool.add_client(ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH",
                                                               "ALLOW_REFRESH_TOKEN_AUTH"])["ClientId"]
    platform_pool.register("alice")
    login = platform_pool.log_in("alice", client_id=other_client)

    code, _ = error_of(platform_pool.cognito.revoke_token, Token=login["RefreshToken"],
                       ClientId=platform_pool.client_id)

    assert code == "UnauthorizedException"
    assert platform_pool.refresh(login["RefreshToken"], client_id=other_client)["AccessToken"]


def test_a_client_with_a_secret_must_present_it(moto, platform_pool, error_of) -> None:
    moto.expect_defect(UNIMPLEMENTED, raises=AssertionError)
    client = platform_pool.add_client(GenerateSecret=True, ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH",
                                                                                "ALLOW_REFRESH_TOKEN_AUTH"])
    platform_pool.register("alice")
    login = platform_pool.cognito.admin_initiate_auth(
        UserPoolId=platform_pool.id, ClientId=client["ClientId"], AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": "open-sesame-1"})["AuthenticationResult"]

    code, _ = error_of(platform_pool.cognito.revoke_token, Token=login["RefreshToken"],
                       ClientId=client["ClientId"], ClientSecret="not-the-secret-of-this-client")
    assert code == "UnauthorizedException"

    platform_pool.cognito.revoke_token(Token=login["RefreshToken"], ClientId=client["ClientId"],
                                       ClientSecret=client["ClientSecret"])
    assert error_of(platform_pool.cognito.get_user, AccessToken=login["AccessToken"]) == ACCESS_REVOKED


def test_a_client_without_token_revocation_refuses_to_revoke(moto, platform_pool, error_of) -> None:
    moto.expect_defect(UNIMPLEMENTED, raises=AssertionError)
    client_id = platform_pool.add_client(EnableTokenRevocation=False, ExplicitAuthFlows=[
        "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["ClientId"]
    platform_pool.register("alice")
    login = platform_pool.log_in("alice", client_id=client_id)

    code, _ = error_of(platform_pool.cognito.revoke_token, Token=login["RefreshToken"], ClientId=client_id)

    assert code == "UnsupportedOperationException"
    assert platform_pool.refresh(login["RefreshToken"], client_id=client_id)["AccessToken"]


def test_revoking_again_or_revoking_an_unknown_token_succeeds_and_changes_nothing(moto, platform_pool,
                                                                                  error_of) -> None:
    moto.expect_defect(UNIMPLEMENTED, raises=ClientError)
    platform_pool.register("alice")
    revoked, kept = platform_pool.log_in("alice"), platform_pool.log_in("alice")
    platform_pool.cognito.revoke_token(Token=revoked["RefreshToken"], ClientId=platform_pool.client_id)

    platform_pool.cognito.revoke_token(Token=revoked["RefreshToken"], ClientId=platform_pool.client_id)
    platform_pool.cognito.revoke_token(Token="never-issued-by-this-pool", ClientId=platform_pool.client_id)

    assert error_of(platform_pool.refresh, revoked["RefreshToken"]) == REFRESH_REVOKED
    assert platform_pool.refresh(kept["RefreshToken"])["AccessToken"]


def test_a_revoked_access_token_still_verifies_offline_until_it_expires(moto, platform_pool, claims,
                                                                         moto_server) -> None:
    """Revocation is Cognito's business: a function that checks the JWT itself still accepts it (as on AWS)."""
    moto.expect_defect(UNIMPLEMENTED, raises=ClientError)
    platform_pool.register("alice")
    login = platform_pool.log_in("alice")
    platform_pool.cognito.revoke_token(Token=login["RefreshToken"], ClientId=platform_pool.client_id)

    keys = jwt.PyJWKClient(f"{moto_server.url}/{platform_pool.id}/.well-known/jwks.json")
    key = keys.get_signing_key_from_jwt(login["AccessToken"])
    verified = jwt.decode(login["AccessToken"], key.key, algorithms=["RS256"], issuer=platform_pool.issuer)
    assert verified["jti"] == claims(login["AccessToken"])["jti"]

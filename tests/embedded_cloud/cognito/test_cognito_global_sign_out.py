"""Logout everywhere: GlobalSignOut and AdminUserGlobalSignOut revoke every token of the user."""

from __future__ import annotations

REFRESH_REVOKED = ("NotAuthorizedException", "Refresh Token has been revoked")
ACCESS_REVOKED = ("NotAuthorizedException", "Access Token has been revoked")


def test_global_sign_out_ends_every_refresh_token_of_the_user(moto, platform_pool, error_of) -> None:
    platform_pool.register("alice")
    platform_pool.register("bob")
    phone, laptop = platform_pool.log_in("alice"), platform_pool.log_in("alice")
    other_user = platform_pool.log_in("bob")

    platform_pool.cognito.global_sign_out(AccessToken=phone["AccessToken"])

    assert error_of(platform_pool.refresh, phone["RefreshToken"]) == REFRESH_REVOKED
    assert error_of(platform_pool.refresh, laptop["RefreshToken"]) == REFRESH_REVOKED
    assert platform_pool.refresh(other_user["RefreshToken"])["AccessToken"]


def test_access_tokens_of_a_signed_out_user_are_refused_as_revoked(moto, platform_pool, error_of) -> None:
    moto.expect_defect('a signed-out access token is refused as unknown ("Invalid token")', raises=AssertionError)
    platform_pool.register("alice")
    phone, laptop = platform_pool.log_in("alice"), platform_pool.log_in("alice")

    platform_pool.cognito.global_sign_out(AccessToken=phone["AccessToken"])

    for access_token in (phone["AccessToken"], laptop["AccessToken"]):
        assert error_of(platform_pool.cognito.get_user, AccessToken=access_token) == ACCESS_REVOKED
        assert error_of(platform_pool.cognito.global_sign_out, AccessToken=access_token) == ACCESS_REVOKED


def test_admin_global_sign_out_revokes_the_same_way(moto, platform_pool, error_of) -> None:
    moto.expect_defect('a signed-out access token is refused as unknown ("Invalid token")', raises=AssertionError)
    platform_pool.register("alice")
    login = platform_pool.log_in("alice")

    platform_pool.cognito.admin_user_global_sign_out(UserPoolId=platform_pool.id, Username="alice")

    assert error_of(platform_pool.refresh, login["RefreshToken"]) == REFRESH_REVOKED
    assert error_of(platform_pool.cognito.change_password, AccessToken=login["AccessToken"],
                    PreviousPassword="open-sesame-1", ProposedPassword="open-sesame-2") == ACCESS_REVOKED


def test_an_access_token_never_issued_is_refused_as_invalid(moto, platform_pool, error_of) -> None:
    code, _ = error_of(platform_pool.cognito.get_user, AccessToken="not-a-token")

    assert code == "NotAuthorizedException"


def test_signing_in_again_after_a_global_sign_out_works(moto, platform_pool) -> None:
    platform_pool.register("alice")
    platform_pool.cognito.global_sign_out(AccessToken=platform_pool.log_in("alice")["AccessToken"])

    login = platform_pool.log_in("alice")

    assert platform_pool.cognito.get_user(AccessToken=login["AccessToken"])["Username"] == "alice"
    assert platform_pool.refresh(login["RefreshToken"])["AccessToken"]

"""Account deletion: AdminDeleteUser removes the user and ends its sessions."""

from __future__ import annotations

USER_NOT_FOUND = ("UserNotFoundException", "User does not exist.")


def test_a_deleted_user_is_gone(moto, platform_pool, error_of) -> None:
    platform_pool.register("alice")
    platform_pool.register("bob")

    platform_pool.cognito.admin_delete_user(UserPoolId=platform_pool.id, Username="alice")

    assert error_of(platform_pool.cognito.admin_get_user, UserPoolId=platform_pool.id, Username="alice") == (
        USER_NOT_FOUND)
    assert [u["Username"] for u in platform_pool.cognito.list_users(UserPoolId=platform_pool.id)["Users"]] == ["bob"]
    members = platform_pool.cognito.list_users_in_group(UserPoolId=platform_pool.id, GroupName="member")
    assert [u["Username"] for u in members["Users"]] == ["bob"]


def test_deleting_an_unknown_user_is_user_not_found(moto, platform_pool, error_of) -> None:
    assert error_of(platform_pool.cognito.admin_delete_user, UserPoolId=platform_pool.id, Username="nobody") == (
        USER_NOT_FOUND)


def test_a_deleted_user_can_no_longer_sign_in(moto, platform_pool, error_of) -> None:
    moto.expect_defect("PreventUserExistenceErrors is ignored: an unknown user is UserNotFoundException",
                       raises=AssertionError)
    platform_pool.register("alice")
    platform_pool.cognito.admin_delete_user(UserPoolId=platform_pool.id, Username="alice")

    assert error_of(platform_pool.log_in, "alice") == ("NotAuthorizedException", "Incorrect username or password.")


def test_the_access_token_of_a_deleted_user_finds_no_user(moto, platform_pool, error_of) -> None:
    platform_pool.register("alice")
    login = platform_pool.log_in("alice")

    platform_pool.cognito.admin_delete_user(UserPoolId=platform_pool.id, Username="alice")

    assert error_of(platform_pool.cognito.get_user, AccessToken=login["AccessToken"]) == USER_NOT_FOUND


def test_the_refresh_token_of_a_deleted_user_is_refused(moto, platform_pool, error_of) -> None:
    moto.expect_defect("refreshing a deleted user's token fails (moto raises)", raises=AssertionError)
    platform_pool.register("alice")
    login = platform_pool.log_in("alice")

    platform_pool.cognito.admin_delete_user(UserPoolId=platform_pool.id, Username="alice")

    code, _ = error_of(platform_pool.refresh, login["RefreshToken"])
    assert code == "NotAuthorizedException"


def test_tokens_of_a_deleted_account_do_not_reach_a_new_account_of_the_same_name(moto, platform_pool, claims,
                                                                                  error_of) -> None:
    moto.expect_defect("a deleted account's tokens are filed under its name and reach its namesake",
                       raises=AssertionError)
    platform_pool.register("alice")
    old = platform_pool.log_in("alice")
    platform_pool.cognito.admin_delete_user(UserPoolId=platform_pool.id, Username="alice")

    new_sub = platform_pool.register("alice", email="new-alice@example.com")

    assert error_of(platform_pool.cognito.get_user, AccessToken=old["AccessToken"]) == USER_NOT_FOUND
    code, _ = error_of(platform_pool.refresh, old["RefreshToken"])
    assert code == "NotAuthorizedException"
    assert claims(platform_pool.log_in("alice")["AccessToken"])["sub"] == new_sub

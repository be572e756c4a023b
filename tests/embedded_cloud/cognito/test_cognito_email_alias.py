"""The platform's pool has `AliasAttributes: [email]`: a user may sign in with a *verified* e-mail address.

The sign-ins here go through an app client with PreventUserExistenceErrors LEGACY, so that "not found" stays
visible as UserNotFoundException; the platform's client hides it (see test_cognito_sign_in).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

EMAIL_USERNAME_REFUSED = "Username cannot be of email format, since user pool is configured for email alias."


@pytest.fixture
def legacy_client(platform_pool: Any) -> str:
    return platform_pool.add_client(PreventUserExistenceErrors="LEGACY", ExplicitAuthFlows=[  # type: ignore[no-any-return]
        "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["ClientId"]


def test_registration_leaves_the_email_unverified(moto, platform_pool) -> None:
    platform_pool.register("alice", email="alice@example.com")

    attributes = platform_pool.attributes("alice")

    assert attributes["email"] == "alice@example.com"
    assert attributes.get("email_verified", "false") == "false"  # AdminConfirmSignUp does not verify it


def test_an_unverified_email_signs_nobody_in(moto, platform_pool, legacy_client, error_of) -> None:
    platform_pool.register("alice", email="alice@example.com")

    code, _ = error_of(platform_pool.log_in, "alice@example.com", client_id=legacy_client)

    assert code == "UserNotFoundException"


def test_a_verified_email_signs_the_user_in_whatever_its_case(moto, platform_pool, legacy_client, claims) -> None:
    moto.expect_defect("AliasAttributes are ignored: an e-mail address signs nobody in", raises=ClientError)
    sub = platform_pool.register("alice", email="Alice@Example.com")
    platform_pool.verify_email("alice")

    for typed in ("Alice@Example.com", "alice@example.com"):
        login = platform_pool.log_in(typed, client_id=legacy_client)
        assert (claims(login["AccessToken"])["sub"], claims(login["AccessToken"])["username"]) == (sub, "alice")
        assert claims(login["IdToken"])["cognito:username"] == "alice"
    assert platform_pool.log_in("alice")["AccessToken"]  # the username still works


def test_admin_operations_accept_the_verified_email(moto, platform_pool) -> None:
    moto.expect_defect("AliasAttributes are ignored by AdminGetUser", raises=ClientError)
    platform_pool.register("alice", email="alice@example.com")
    platform_pool.verify_email("alice")

    user = platform_pool.cognito.admin_get_user(UserPoolId=platform_pool.id, Username="alice@example.com")

    assert user["Username"] == "alice"


def test_a_username_in_email_format_is_refused(moto, platform_pool, error_of) -> None:
    moto.expect_defect("a username in e-mail format is accepted in an e-mail alias pool", raises=AssertionError)

    assert error_of(platform_pool.sign_up, "alice@example.com", "alice@example.com") == (
        "InvalidParameterException", EMAIL_USERNAME_REFUSED)
    assert error_of(platform_pool.cognito.admin_create_user, UserPoolId=platform_pool.id,
                    Username="bob@example.com") == ("InvalidParameterException", EMAIL_USERNAME_REFUSED)


def test_signing_up_with_an_email_another_user_holds_succeeds(moto, platform_pool) -> None:
    """No AliasExistsException at sign-up: the address becomes an alias only once verified."""
    platform_pool.register("alice", email="shared@example.com")
    platform_pool.verify_email("alice")

    platform_pool.register("bob", email="shared@example.com")

    assert platform_pool.attributes("bob").get("email_verified", "false") == "false"
    assert platform_pool.attributes("alice")["email_verified"] == "true"
    listed = platform_pool.cognito.list_users(UserPoolId=platform_pool.id, Filter='email = "shared@example.com"')
    assert sorted(u["Username"] for u in listed["Users"]) == ["alice", "bob"]


def test_the_first_verified_holder_keeps_the_alias(moto, platform_pool, legacy_client, claims) -> None:
    moto.expect_defect("AliasAttributes are ignored: an e-mail address signs nobody in", raises=ClientError)
    platform_pool.register("alice", email="shared@example.com")
    platform_pool.verify_email("alice")
    platform_pool.register("bob", email="shared@example.com")

    login = platform_pool.log_in("shared@example.com", client_id=legacy_client)

    assert claims(login["AccessToken"])["username"] == "alice"


def test_verifying_the_email_for_another_user_moves_the_alias(moto, platform_pool, legacy_client,
                                                              claims, error_of) -> None:
    moto.expect_defect("AliasAttributes are ignored: two users hold one verified address", raises=AssertionError)
    platform_pool.register("alice", email="shared@example.com")
    platform_pool.verify_email("alice")
    platform_pool.register("bob", email="shared@example.com", password="bobs-secret-1")

    platform_pool.verify_email("bob")

    assert platform_pool.attributes("alice")["email_verified"] == "false"
    login = platform_pool.log_in("shared@example.com", password="bobs-secret-1", client_id=legacy_client)
    assert claims(login["AccessToken"])["username"] == "bob"
    assert error_of(platform_pool.log_in, "shared@example.com", client_id=legacy_client) == (
        "NotAuthorizedException", "Incorrect username or password.")  # alice's password, bob's alias
    assert platform_pool.log_in("alice")["AccessToken"]


def test_a_changed_email_is_no_alias_until_verified(moto, platform_pool, legacy_client, error_of) -> None:
    moto.expect_defect("a changed e-mail address stays verified", raises=AssertionError)
    platform_pool.register("alice", email="old@example.com")
    platform_pool.verify_email("alice")

    platform_pool.cognito.admin_update_user_attributes(UserPoolId=platform_pool.id, Username="alice",
                                                       UserAttributes=[{"Name": "email", "Value": "new@example.com"}])

    assert platform_pool.attributes("alice")["email_verified"] == "false"
    for address in ("old@example.com", "new@example.com"):
        code, _ = error_of(platform_pool.log_in, address, client_id=legacy_client)
        assert code == "UserNotFoundException"
    platform_pool.verify_email("alice")
    assert platform_pool.log_in("new@example.com", client_id=legacy_client)["AccessToken"]


def test_list_users_finds_a_user_by_email(moto, platform_pool) -> None:
    platform_pool.register("alice", email="alice@example.com")
    platform_pool.register("bob", email="bob@example.com")

    found = platform_pool.cognito.list_users(UserPoolId=platform_pool.id, Filter='email = "alice@example.com"')

    assert [u["Username"] for u in found["Users"]] == ["alice"]

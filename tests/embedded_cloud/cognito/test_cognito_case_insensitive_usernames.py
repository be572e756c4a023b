"""The platform's pool is created with `UsernameConfiguration: CaseSensitive: false`: `Alice` is `alice`.

Cognito answers such a pool's usernames in lowercase (developer guide, "User pool case sensitivity"); the
platform identifies users by `sub` and keeps the username as typed in its own profile."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from embedded_cloud.moto_fixes import cognito_case_insensitive_usernames, cognito_email_alias_sign_in


def test_a_user_signs_in_whatever_the_case_typed(moto, platform_pool, claims) -> None:
    moto.expect_defect("CaseSensitive: false is ignored: ALICE is not Alice", raises=ClientError)
    sub = platform_pool.register("Alice")

    for typed in ("alice", "ALICE", "aLiCe"):
        login = platform_pool.log_in(typed)
        assert (claims(login["AccessToken"])["sub"], claims(login["AccessToken"])["username"]) == (sub, "alice")
        assert claims(login["IdToken"])["cognito:username"] == "alice"
        assert platform_pool.cognito.get_user(AccessToken=login["AccessToken"])["Username"] == "alice"


def test_a_case_variant_of_a_taken_username_is_taken(moto, platform_pool, error_of) -> None:
    moto.expect_defect("CaseSensitive: false is ignored: alice signs up next to Alice", raises=AssertionError)
    platform_pool.register("Alice")

    code, _ = error_of(platform_pool.sign_up, "alice", "another-alice@example.com")

    assert code == "UsernameExistsException"
    assert [u["Username"] for u in platform_pool.cognito.list_users(UserPoolId=platform_pool.id)["Users"]] == [
        "alice"]


def test_the_same_username_cannot_sign_up_twice(moto, platform_pool, error_of) -> None:
    platform_pool.register("alice")

    code, _ = error_of(platform_pool.sign_up, "alice", "alice-again@example.com")

    assert code == "UsernameExistsException"


def test_admin_operations_find_the_user_in_any_case_and_answer_it_in_lowercase(moto, platform_pool) -> None:
    moto.expect_defect("CaseSensitive: false is ignored by AdminGetUser and AdminDeleteUser", raises=ClientError)
    sub = platform_pool.register("Alice")

    user = platform_pool.cognito.admin_get_user(UserPoolId=platform_pool.id, Username="ALICE")
    assert (user["Username"], platform_pool.attributes("aLICE")["sub"]) == ("alice", sub)
    listed = platform_pool.cognito.list_users(UserPoolId=platform_pool.id, Filter='username = "alice"')["Users"]
    assert [u["Username"] for u in listed] == ["alice"]

    platform_pool.cognito.admin_delete_user(UserPoolId=platform_pool.id, Username="aLiCe")
    assert platform_pool.cognito.list_users(UserPoolId=platform_pool.id)["Users"] == []


def test_a_sign_out_reaches_the_tokens_of_a_sign_in_in_another_case(moto, platform_pool, error_of) -> None:
    moto.expect_defect("CaseSensitive: false is ignored: ALICE cannot sign in", raises=ClientError)
    platform_pool.register("Alice")
    login = platform_pool.log_in("ALICE")

    platform_pool.cognito.admin_user_global_sign_out(UserPoolId=platform_pool.id, Username="Alice")

    assert error_of(platform_pool.refresh, login["RefreshToken"]) == (
        "NotAuthorizedException", "Refresh Token has been revoked")


def test_a_new_name_is_looked_up_without_reading_every_users_attributes(
        moto, platform_pool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A registration looks up its (missing) name several times; with thousands of users in the session's platform
    each lookup read every user's attributes into a new dict: registrations grew slower as the platform filled."""
    if not moto.patched:
        pytest.skip("moto as released has no case-insensitive lookup to measure")
    for n in range(5):
        platform_pool.register(f"member{n}")
    read: list[object] = []
    for module in (cognito_case_insensitive_usernames, cognito_email_alias_sign_in):
        monkeypatch.setattr(module, "flatten_attrs", lambda attributes: read.append(attributes) or {})

    platform_pool.register("newcomer")

    assert read == []
    assert platform_pool.log_in("NEWCOMER")["AccessToken"]

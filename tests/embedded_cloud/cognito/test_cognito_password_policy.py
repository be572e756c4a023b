"""Passwords: the platform's policy (8+ characters, a number, a lowercase letter, a symbol; no uppercase needed)."""

from __future__ import annotations

import uuid

from botocore.exceptions import ClientError

# One password per rule of the platform's policy, each breaking that rule only.
BROKEN_RULES = {
    "a-1": "Password not long enough",
    "open-sesame": "Password must have numeric characters",
    "OPEN-SESAME-1": "Password must have lowercase characters",
    "opensesame1": "Password must have symbol characters",
}
WRONG_CREDENTIALS = ("NotAuthorizedException", "Incorrect username or password.")


def test_a_password_that_breaks_the_policy_is_refused(moto, platform_pool, error_of) -> None:
    for password in BROKEN_RULES:
        code, _ = error_of(platform_pool.sign_up, "alice", "alice@example.com", password)
        assert code == "InvalidPasswordException", password
    assert platform_pool.cognito.list_users(UserPoolId=platform_pool.id)["Users"] == []


def test_the_refusal_names_the_broken_rule(moto, platform_pool, error_of) -> None:
    moto.expect_defect('every refusal reads "The provided password does not confirm to the configured ..."',
                       raises=AssertionError)
    for password, reason in BROKEN_RULES.items():
        assert error_of(platform_pool.sign_up, "alice", "alice@example.com", password) == (
            "InvalidPasswordException", f"Password did not conform with policy: {reason}")


def test_a_password_within_the_policy_is_accepted(moto, platform_pool) -> None:
    for number, password in enumerate(["open-sesame-1", "12345678a!", "mot de passe 1"]):
        platform_pool.sign_up(f"user{number}", f"user{number}@example.com", password)  # no uppercase required
        platform_pool.cognito.admin_confirm_sign_up(UserPoolId=platform_pool.id, Username=f"user{number}")
        assert platform_pool.log_in(f"user{number}", password)["AccessToken"]


def test_a_long_password_is_accepted(moto, platform_pool) -> None:
    moto.expect_defect("passwords of 99 characters or more are refused (Cognito takes 256)", raises=ClientError)
    password = "a-1" + "x" * 200

    platform_pool.register("alice", password=password)

    assert platform_pool.log_in("alice", password)["AccessToken"]


def test_a_policy_requires_only_what_it_states(moto, cognito, error_of) -> None:
    moto.expect_defect("a rule the password policy leaves out is read as required", raises=ClientError)
    pool_id = cognito.create_user_pool(PoolName=f"lenient-{uuid.uuid4().hex[:8]}",
                                       Policies={"PasswordPolicy": {"MinimumLength": 6}})["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="spa")["UserPoolClient"]["ClientId"]

    cognito.sign_up(ClientId=client_id, Username="alice", Password="abcdef")

    code, _ = error_of(cognito.sign_up, ClientId=client_id, Username="bob", Password="abcde")
    assert code == "InvalidPasswordException"


def test_a_pool_without_a_policy_gets_cognitos_default(moto, cognito, error_of) -> None:
    pool_id = cognito.create_user_pool(PoolName=f"default-{uuid.uuid4().hex[:8]}")["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="spa")["UserPoolClient"]["ClientId"]

    for password in ("Abc-123", "abcd-1234", "ABCD-1234", "Abcd-efgh", "Abcd12345"):
        code, _ = error_of(cognito.sign_up, ClientId=client_id, Username="alice", Password=password)
        assert code == "InvalidPasswordException", password
    cognito.sign_up(ClientId=client_id, Username="alice", Password="Abcd-1234")


def test_a_user_changes_the_password_with_the_access_token(moto, platform_pool, error_of) -> None:
    platform_pool.register("alice")
    login = platform_pool.log_in("alice")

    platform_pool.cognito.change_password(AccessToken=login["AccessToken"], PreviousPassword="open-sesame-1",
                                          ProposedPassword="open-sesame-2")

    assert error_of(platform_pool.log_in, "alice", "open-sesame-1") == WRONG_CREDENTIALS
    assert platform_pool.log_in("alice", "open-sesame-2")["AccessToken"]
    assert platform_pool.refresh(login["RefreshToken"])["AccessToken"]  # other sessions go on, as on AWS


def test_a_wrong_current_password_is_refused(moto, platform_pool, error_of) -> None:
    platform_pool.register("alice")
    login = platform_pool.log_in("alice")

    code, _ = error_of(platform_pool.cognito.change_password, AccessToken=login["AccessToken"],
                       PreviousPassword="not-my-password-1", ProposedPassword="open-sesame-2")

    assert code == "NotAuthorizedException"
    assert platform_pool.log_in("alice")["AccessToken"]


def test_a_new_password_that_breaks_the_policy_is_refused(moto, platform_pool, error_of) -> None:
    platform_pool.register("alice")
    login = platform_pool.log_in("alice")

    code, _ = error_of(platform_pool.cognito.change_password, AccessToken=login["AccessToken"],
                       PreviousPassword="open-sesame-1", ProposedPassword="opensesame1")

    assert code == "InvalidPasswordException"
    assert platform_pool.log_in("alice")["AccessToken"]

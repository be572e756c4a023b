"""Login: InitiateAuth USER_PASSWORD_AUTH through the platform's app client, and the errors a login form sees."""

from __future__ import annotations

WRONG_CREDENTIALS = ("NotAuthorizedException", "Incorrect username or password.")


def test_a_registered_user_signs_in_with_username_and_password(moto, platform_pool) -> None:
    platform_pool.register("alice")

    login = platform_pool.log_in("alice")

    assert login["TokenType"] == "Bearer"
    assert login["ExpiresIn"] == 3600
    assert {"AccessToken", "IdToken", "RefreshToken"} <= set(login)


def test_a_wrong_password_is_refused(moto, platform_pool, error_of) -> None:
    platform_pool.register("alice")

    assert error_of(platform_pool.log_in, "alice", "wrong-password-1") == WRONG_CREDENTIALS


def test_an_unconfirmed_user_cannot_sign_in(moto, platform_pool, error_of) -> None:
    platform_pool.sign_up("alice", "alice@example.com")

    code, _ = error_of(platform_pool.log_in, "alice")

    assert code == "UserNotConfirmedException"


def test_signing_in_as_nobody_reads_as_a_wrong_password(moto, platform_pool, error_of) -> None:
    moto.expect_defect("PreventUserExistenceErrors is ignored: an unknown user is UserNotFoundException",
                       raises=AssertionError)
    client = platform_pool.cognito.describe_user_pool_client(UserPoolId=platform_pool.id,
                                                             ClientId=platform_pool.client_id)
    assert client["UserPoolClient"]["PreventUserExistenceErrors"] == "ENABLED"  # as template.yaml declares

    assert error_of(platform_pool.log_in, "nobody") == WRONG_CREDENTIALS


def test_a_legacy_client_says_the_user_does_not_exist(moto, platform_pool, error_of) -> None:
    legacy = platform_pool.add_client(PreventUserExistenceErrors="LEGACY",
                                      ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])["ClientId"]

    code, _ = error_of(platform_pool.log_in, "nobody", client_id=legacy)

    assert code == "UserNotFoundException"


def test_password_sign_in_needs_the_flow_enabled_on_the_client(moto, platform_pool, error_of) -> None:
    moto.expect_defect("ExplicitAuthFlows are not enforced", raises=AssertionError)
    srp_only = platform_pool.add_client(ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    default_flows = platform_pool.add_client()
    platform_pool.register("alice")

    for client in (srp_only, default_flows):
        assert error_of(platform_pool.log_in, "alice", client_id=client["ClientId"]) == (
            "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client")
    assert platform_pool.log_in("alice")["AccessToken"]  # the platform's client allows it


def test_admin_password_sign_in_needs_its_flow_too(moto, platform_pool, error_of) -> None:
    moto.expect_defect("ExplicitAuthFlows are not enforced", raises=AssertionError)
    platform_pool.register("alice")

    code, _ = error_of(platform_pool.cognito.admin_initiate_auth, UserPoolId=platform_pool.id,
                       ClientId=platform_pool.client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                       AuthParameters={"USERNAME": "alice", "PASSWORD": "open-sesame-1"})

    assert code == "InvalidParameterException"

"""Registration (SignUp, AdminConfirmSignUp, AdminAddUserToGroup) and the lookups (AdminGetUser, ListUsers)."""

from __future__ import annotations


def test_sign_up_creates_an_unconfirmed_user_with_its_sub(moto, platform_pool) -> None:
    response = platform_pool.cognito.sign_up(ClientId=platform_pool.client_id, Username="alice",
                                             Password="open-sesame-1",
                                             UserAttributes=[{"Name": "email", "Value": "alice@example.com"}])

    user = platform_pool.cognito.admin_get_user(UserPoolId=platform_pool.id, Username="alice")
    assert response["UserConfirmed"] is False
    assert (user["Username"], user["UserStatus"], user["Enabled"]) == ("alice", "UNCONFIRMED", True)
    assert platform_pool.attributes("alice")["sub"] == response["UserSub"]


def test_sign_up_without_the_required_email_is_refused(moto, platform_pool, error_of) -> None:
    moto.expect_defect("the schema's required attributes are not checked", raises=AssertionError)
    refused = ("InvalidParameterException",
               "Attributes did not conform to the schema: email: The attribute is required")

    for attributes in ([], [{"Name": "email", "Value": ""}], [{"Name": "name", "Value": "Alice"}]):
        assert error_of(platform_pool.cognito.sign_up, ClientId=platform_pool.client_id, Username="alice",
                        Password="open-sesame-1", UserAttributes=attributes) == refused
    assert platform_pool.cognito.list_users(UserPoolId=platform_pool.id)["Users"] == []


def test_registration_confirms_the_user_and_puts_it_in_its_group(moto, platform_pool) -> None:
    platform_pool.register("acme", group="organization")

    user = platform_pool.cognito.admin_get_user(UserPoolId=platform_pool.id, Username="acme")
    groups = platform_pool.cognito.admin_list_groups_for_user(UserPoolId=platform_pool.id, Username="acme")
    assert user["UserStatus"] == "CONFIRMED"
    assert [g["GroupName"] for g in groups["Groups"]] == ["organization"]


def test_the_platforms_groups_exist(moto, platform_pool) -> None:
    groups = platform_pool.cognito.list_groups(UserPoolId=platform_pool.id)["Groups"]

    assert sorted(g["GroupName"] for g in groups) == ["member", "organization", "two-factor", "verified"]


def test_adding_to_an_unknown_group_or_an_unknown_user_fails(moto, platform_pool, error_of) -> None:
    platform_pool.register("alice")

    code, _ = error_of(platform_pool.cognito.admin_add_user_to_group, UserPoolId=platform_pool.id,
                       Username="alice", GroupName="admins")
    assert code == "ResourceNotFoundException"
    assert error_of(platform_pool.cognito.admin_add_user_to_group, UserPoolId=platform_pool.id,
                    Username="nobody", GroupName="member") == ("UserNotFoundException", "User does not exist.")


def test_admin_get_user_of_nobody_is_user_not_found(moto, platform_pool, error_of) -> None:
    assert error_of(platform_pool.cognito.admin_get_user, UserPoolId=platform_pool.id, Username="nobody") == (
        "UserNotFoundException", "User does not exist.")


def test_list_users_filters_by_username_sub_email_and_status(moto, platform_pool) -> None:
    alice_sub = platform_pool.register("alice", email="alice@example.com")
    platform_pool.register("alfred", email="alfred@example.com")
    platform_pool.sign_up("bob", "bob@example.com")

    def usernames(filter_expression: str) -> list[str]:
        users = platform_pool.cognito.list_users(UserPoolId=platform_pool.id, Filter=filter_expression)["Users"]
        return sorted(u["Username"] for u in users)

    assert usernames('username = "alice"') == ["alice"]
    assert usernames(f'sub = "{alice_sub}"') == ["alice"]
    assert usernames('email = "bob@example.com"') == ["bob"]
    assert usernames('email ^= "al"') == ["alfred", "alice"]
    assert usernames('cognito:user_status = "UNCONFIRMED"') == ["bob"]
    assert usernames('email = "nobody@example.com"') == []


def test_get_user_reads_the_user_of_an_access_token(moto, platform_pool) -> None:
    sub = platform_pool.register("alice", email="alice@example.com")

    user = platform_pool.cognito.get_user(AccessToken=platform_pool.log_in("alice")["AccessToken"])

    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert (user["Username"], attributes["sub"], attributes["email"]) == ("alice", sub, "alice@example.com")

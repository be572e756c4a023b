"""A user's own account through the gateway: what the owner and everyone else see, the full-replacement update
with every rule and its `user.updated`, resetting the avatar, changing the password, deleting the account."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from support.bus import BusTap
from support.platform import Platform, User
from support.polling import eventually
from users_e2e import (
    assert_problem,
    claims,
    log_in,
    owner_request_works,
    session_of,
)


def settings(account: dict[str, Any] | None = None, profile: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"account": {"darkMode": False, "language": "en", **(account or {})},
            "profile": {"name": "Someone", **(profile or {})}}


def update(platform: Platform, user: User, body: Any) -> Any:
    return platform.request("PUT", f"/users/{user.id}", body, user=user)


# -- views ---------------------------------------------------------------------------------------------------


def test_the_owner_sees_the_whole_account_and_everyone_else_the_public_view(
        platform: Platform, member: User, other_member: User) -> None:
    platform.verify_email(member)  # the owner's view says so
    assert update(platform, member, settings({"darkMode": True, "language": "de", "gender": "female",
                                              "birthDate": "1990-04-21", "interests": ["Rock"]},
                                             {"name": "Mia", "bio": "Hi"})).status == 200

    own = platform.request("GET", f"/users/{member.id}", user=member)
    assert own.status == 200
    assert own.json == {"id": member.id, "role": "member",
                        "account": {"username": member.username, "email": member.email, "emailVerified": True,
                                    "twoFactor": False, "darkMode": True, "language": "de", "gender": "female",
                                    "birthDate": "1990-04-21", "interests": ["Rock"]},
                        "profile": {"name": "Mia", "avatar": own.json["profile"]["avatar"], "bio": "Hi"}}
    public = {"id": member.id, "role": "member", "account": {"username": member.username},
              "profile": own.json["profile"]}
    for viewer in (other_member, None):
        seen = platform.request("GET", f"/users/{member.id}", user=viewer)
        assert seen.status == 200 and seen.json == public
        assert member.email.encode() not in seen.raw


def test_an_unknown_user_is_404(platform: Platform, member: User) -> None:
    assert_problem(platform.request("GET", f"/users/{uuid.uuid4()}"), 404)
    assert_problem(platform.request("GET", f"/users/{uuid.uuid4()}", user=member), 404)
    assert_problem(platform.request("GET", "/users/not-a-user-id"), 404)


# -- full-replacement update ------------------------------------------------------------------------------


def test_an_update_replaces_the_settings_and_is_published(platform: Platform, published: BusTap,
                                                          member: User) -> None:
    platform.verify_email(member)  # a replacement of the settings keeps the verified address
    body = settings({"darkMode": True, "language": "it", "gender": "other", "birthDate": "2001-12-31",
                     "interests": ["live music", "THEATRE"]}, {"name": "  Ada Lovelace  ", "bio": "Poet of science"})

    response = update(platform, member, body)

    assert response.status == 200, response.raw
    account, profile = response.json["account"], response.json["profile"]
    assert account == {"username": member.username, "email": member.email, "emailVerified": True, "twoFactor": False,
                       "darkMode": True, "language": "it",
                       "gender": "other", "birthDate": "2001-12-31", "interests": ["Live Music", "Theatre"]}
    assert profile["name"] == "Ada Lovelace" and profile["bio"] == "Poet of science"
    assert platform.request("GET", f"/users/{member.id}", user=member).json == response.json
    event = published.wait_for("user.updated", id=member.id, name="Ada Lovelace")
    assert event["payload"] == {"id": member.id, "username": member.username, "name": "Ada Lovelace",
                                "avatar": profile["avatar"], "bio": "Poet of science",
                                "interests": ["Live Music", "Theatre"], "language": "it", "role": "member"}


def test_omitted_optional_settings_are_cleared(platform: Platform, published: BusTap,
                                               organization: User) -> None:
    platform.verify_email(organization)  # the verified address is no optional setting: it stays
    full = settings({"interests": ["Club"]}, {"name": "Night Owls", "bio": "We dance",
                                              "contacts": ["https://owls.example.org", "http://owls.example/x?y=1"]})
    assert update(platform, organization, full).json["profile"]["contacts"] == full["profile"]["contacts"]

    response = update(platform, organization, settings(profile={"name": "Night Owls"}))

    assert response.status == 200, response.raw
    seen = platform.request("GET", f"/users/{organization.id}", user=organization).json
    assert seen["account"] == {"username": organization.username, "email": organization.email,
                               "emailVerified": True, "twoFactor": False, "darkMode": False, "language": "en"}
    assert seen["profile"] == {"name": "Night Owls", "avatar": seen["profile"]["avatar"]}
    cleared = published.wait_for("user.updated", id=organization.id, name="Night Owls", bio=None)
    assert "interests" not in cleared["payload"]


# The settings rules themselves are unit tests (tests/unit/users/test_users_domain.py); here the body's shape,
# and one rule of the domain to show that its refusal is a 400 that changes nothing.
@pytest.mark.parametrize(("body", "fields"), [
    ({"account": {"darkMode": False, "language": "en"}, "profile": {"bio": "no name"}}, ["profile.name"]),
    ({"account": {"darkMode": False, "language": "en"}}, ["profile"]),
    ({"profile": {"name": "No account"}}, ["account"]),
    (settings({"language": None}), ["account.language"]),
    (settings({"birthDate": "2999-01-01"}), ["account.birthDate"]),
    (settings({"darkMode": "yes please"}), ["account.darkMode"]),
    ({**settings(), "avatar": "https://evil.example/x.png"}, ["avatar"]),
    (settings({"email": "new@example.com"}), ["account.email"]),
    (settings(profile={"name": "n" * 101}), ["profile.name"]),
])
def test_a_member_update_against_the_rules_is_400_and_changes_nothing(
        platform: Platform, member: User, body: dict, fields: list[str]) -> None:
    before = platform.request("GET", f"/users/{member.id}", user=member).json

    assert_problem(update(platform, member, body), 400, *fields)

    assert platform.request("GET", f"/users/{member.id}", user=member).json == before


def test_only_the_owner_updates_and_an_unknown_id_is_not_revealed(platform: Platform, member: User,
                                                                 other_member: User) -> None:
    assert_problem(platform.request("PUT", f"/users/{member.id}", settings()), 401)
    assert_problem(platform.request("PUT", f"/users/{member.id}", settings(), user=other_member), 403)
    assert_problem(platform.request("PUT", f"/users/{uuid.uuid4()}", settings(), user=other_member), 403)
    assert platform.request("GET", f"/users/{member.id}").json["profile"]["name"] == member.username


# -- avatar ------------------------------------------------------------------------------------------------


def test_resetting_an_avatar_that_was_never_set_is_harmless(platform: Platform, member: User) -> None:
    default = platform.request("GET", f"/users/{member.id}").json["profile"]["avatar"]

    response = platform.request("DELETE", f"/users/{member.id}/avatar", user=member)

    assert response.status == 204 and response.raw == b""
    assert platform.request("GET", f"/users/{member.id}").json["profile"]["avatar"] == default
    assert default.endswith("/media/users/default.png")


def test_resetting_a_custom_avatar_brings_back_the_default_and_is_published(
        platform: Platform, published: BusTap, member: User) -> None:
    default = platform.request("GET", f"/users/{member.id}").json["profile"]["avatar"]
    custom = default.replace("default.png", f"{member.id}/avatar.jpg")
    # An upload (the media context's job) leaves this on the profile; this context has no upload route.
    table = platform.cloud.deployment.function_by_logical_id("ResetAvatarFunction").environment["TABLE_NAME"]
    platform.cloud.client("dynamodb").update_item(
        TableName=table, Key={"PK": {"S": f"USER#{member.id}"}, "SK": {"S": "PROFILE"}},
        UpdateExpression="SET avatar = :custom", ExpressionAttributeValues={":custom": {"S": custom}})
    assert platform.request("GET", f"/users/{member.id}").json["profile"]["avatar"] == custom

    assert platform.request("DELETE", f"/users/{member.id}/avatar", user=member).status == 204

    assert platform.request("GET", f"/users/{member.id}").json["profile"]["avatar"] == default
    published.wait_for("user.updated", id=member.id, avatar=default)


def test_only_the_owner_resets_an_avatar(platform: Platform, member: User, other_member: User) -> None:
    assert_problem(platform.request("DELETE", f"/users/{member.id}/avatar"), 401)
    assert_problem(platform.request("DELETE", f"/users/{member.id}/avatar", user=other_member), 403)


# -- password -----------------------------------------------------------------------------------------------


def change_password(platform: Platform, user: User, current: str, new: str, confirm: str | None = None) -> Any:
    return platform.request("PUT", f"/users/{user.id}/password", {
        "currentPassword": current, "newPassword": new, "confirmPassword": new if confirm is None else confirm},
        user=user)


def test_a_password_change_is_checked_before_anything_changes(platform: Platform, member: User) -> None:
    assert_problem(change_password(platform, member, member.password, "Other!456", "Other!457"), 400,
                   "confirmPassword")
    assert_problem(change_password(platform, member, "Wrong!123", "Other!456"), 400, "currentPassword")
    assert_problem(change_password(platform, member, member.password, "weakpass"), 400, "newPassword")
    assert_problem(platform.request("PUT", f"/users/{member.id}/password", {"newPassword": "Other!456"},
                                    user=member), 400, "currentPassword", "confirmPassword")

    assert log_in(platform, member.username).status == 200
    assert log_in(platform, member.username, "Other!456").status == 401
    assert owner_request_works(platform, member)


def test_after_a_password_change_only_the_new_password_logs_in_and_every_old_login_ends(
        platform: Platform, member: User) -> None:
    other_device = session_of(platform, member)
    # A login of an earlier second than the change (token times count whole seconds).
    eventually(lambda: time.time() >= claims(other_device.access_token)["iat"] + 1, what="the next second")

    assert change_password(platform, member, member.password, "Other!456").status == 204

    assert log_in(platform, member.username).status == 401
    fresh = log_in(platform, member.username, "Other!456")
    assert fresh.status == 200 and fresh.json["id"] == member.id
    assert log_in(platform, member.email, "Other!456").status == 200
    for old in (member, other_device):
        assert not owner_request_works(platform, old)
        assert_problem(platform.request("POST", "/users/refresh", {"refreshToken": old.refresh_token}), 401)
    new = User(member.id, member.username, member.email, member.role, fresh.json["accessToken"],
               fresh.json["refreshToken"], "Other!456")
    assert owner_request_works(platform, new)
    assert platform.request("POST", "/users/refresh", {"refreshToken": new.refresh_token}).status == 200


def test_a_token_minted_in_the_second_of_a_password_change_is_refused(platform: Platform, member: User,
                                                                     published: BusTap) -> None:
    other_device = session_of(platform, member)
    # Start at the beginning of a second, so that the refresh and the change most likely share it: the boundary
    # that `iat` (whole seconds) leaves open when the deny-list stops at the second before the change.
    eventually(lambda: time.time() % 1 < 0.2, interval=0.01, what="the start of a second")
    refreshed = platform.request("POST", "/users/refresh", {"refreshToken": other_device.refresh_token})
    assert refreshed.status == 200, refreshed.raw

    assert change_password(platform, member, member.password, "Other!456").status == 204

    changed = published.wait_for("user.password.changed", id=member.id)
    assert changed["payload"]["revokedBefore"] >= claims(refreshed.json["accessToken"])["iat"]
    same_second = User(member.id, member.username, member.email, member.role, refreshed.json["accessToken"],
                       other_device.refresh_token, member.password)
    assert not owner_request_works(platform, same_second)
    fresh = log_in(platform, member.username, "Other!456")  # at once: the answer came after the denied second
    assert fresh.status == 200, fresh.raw
    assert owner_request_works(platform, User(member.id, member.username, member.email, member.role,
                                              fresh.json["accessToken"], fresh.json["refreshToken"], "Other!456"))


def test_only_the_owner_changes_a_password(platform: Platform, member: User, other_member: User) -> None:
    body = {"currentPassword": member.password, "newPassword": "Other!456", "confirmPassword": "Other!456"}
    assert_problem(platform.request("PUT", f"/users/{member.id}/password", body), 401)
    assert_problem(platform.request("PUT", f"/users/{member.id}/password", body, user=other_member), 403)
    assert log_in(platform, member.username).status == 200


# -- deletion -----------------------------------------------------------------------------------------------


def test_a_deleted_account_is_gone_everywhere_and_its_name_is_free_again(
        platform: Platform, published: BusTap, organization: User) -> None:
    other_device = session_of(platform, organization)

    response = platform.request("DELETE", f"/users/{organization.id}", user=organization)

    assert response.status == 204, response.raw
    assert log_in(platform, organization.username).status == 401
    assert log_in(platform, organization.email).status == 401
    assert_problem(platform.request("GET", f"/users/{organization.id}"), 404)
    for token in (organization, other_device):
        assert_problem(platform.request("GET", f"/users/{organization.id}", user=token), 401)
        assert not owner_request_works(platform, token)
    assert platform.request("GET", f"/users/search?prefix={organization.username}").json["items"] == []
    deleted = published.wait_for("user.deleted", id=organization.id)
    assert deleted["payload"] == {"id": organization.id}

    again = platform.request("POST", "/users/register", {"username": organization.username,
                                                         "email": organization.email,
                                                         "password": "Again!123", "role": "member"})
    assert again.status == 201, again.raw
    assert again.json["id"] != organization.id and again.json["role"] == "member"
    assert log_in(platform, organization.username, "Again!123").json["id"] == again.json["id"]


def test_a_deleted_account_no_longer_refreshes(platform: Platform, member: User) -> None:
    other_device = session_of(platform, member)

    assert platform.request("DELETE", f"/users/{member.id}", user=member).status == 204

    for token in (member, other_device):
        assert_problem(platform.request("POST", "/users/refresh", {"refreshToken": token.refresh_token}), 401)


def test_only_the_owner_deletes_an_account(platform: Platform, member: User, other_member: User) -> None:
    assert_problem(platform.request("DELETE", f"/users/{member.id}"), 401)
    assert_problem(platform.request("DELETE", f"/users/{member.id}", user=other_member), 403)
    assert_problem(platform.request("DELETE", f"/users/{uuid.uuid4()}", user=other_member), 403)
    assert log_in(platform, member.username).status == 200
    assert platform.request("GET", f"/users/{member.id}").status == 200

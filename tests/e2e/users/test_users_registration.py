"""Registering through POST /users/register: members and organizations are logged in at once; taken names and
e-mails are 409 with nothing left half-created; every rule is a 400; a registration that stopped half-way
neither lets anyone in without a profile nor blocks the name."""

from __future__ import annotations

import json
import uuid

import pytest
from support.bus import BusTap
from support.platform import PASSWORD, Platform
from users_e2e import Pool, assert_problem, claims, log_in, unique_name


def registration(username: str | None = None, email: str | None = None, password: str = PASSWORD,
                 role: str = "member") -> dict[str, str]:
    username = username or unique_name("r")
    return {"username": username, "email": email or f"{username}@example.com", "password": password, "role": role}


@pytest.mark.parametrize("role", ["member", "organization"])
def test_a_new_user_is_registered_logged_in_and_announced(platform: Platform, published: BusTap,
                                                          role: str) -> None:
    body = registration(role=role, email=f"{unique_name('Mixed.Case')}@Example.COM")

    response = platform.request("POST", "/users/register", body)

    assert response.status == 201, response.raw
    user = response.json
    assert uuid.UUID(user["id"]).version == 4
    assert user["role"] == role
    assert user["account"] == {"username": body["username"], "email": body["email"].lower(),
                               "emailVerified": False, "twoFactor": False, "darkMode": False, "language": "en"}
    assert user["profile"]["name"] == body["username"]
    assert user["profile"]["avatar"].endswith("/media/users/default.png")
    assert user["expiresIn"] > 0 and user["refreshExpiresIn"] > 0 and user["refreshToken"]
    token = claims(user["accessToken"])
    assert token["sub"] == user["id"] and token["token_use"] == "access"
    assert token["cognito:groups"] == [role]
    own = platform.request("GET", f"/users/{user['id']}", headers={"authorization": f"Bearer {user['accessToken']}"})
    assert own.status == 200 and own.json["account"]["email"] == body["email"].lower()
    assert log_in(platform, body["username"]).status == 200

    created = published.wait_for("user.created", id=user["id"])
    assert created["producer"] == "users"
    assert created["payload"] == {"id": user["id"], "username": body["username"], "name": body["username"],
                                  "avatar": user["profile"]["avatar"], "language": "en", "role": role}
    assert body["email"] not in json.dumps(created)  # personal data stays in users (security review L13)


def test_a_taken_username_is_a_conflict_and_the_owner_keeps_the_account(platform: Platform) -> None:
    first = platform.register("member")

    for username in (first.username, first.username.upper()):
        response = platform.request("POST", "/users/register",
                                    registration(username=username, email=f"{unique_name()}@example.com",
                                                 password="Other!456", role="organization"))
        assert_problem(response, 409, "username")

    owner = log_in(platform, first.username)
    assert owner.status == 200 and owner.json["id"] == first.id
    assert owner.json["role"] == "member" and owner.json["account"]["email"] == first.email
    assert log_in(platform, first.username, "Other!456").status == 401


def test_a_taken_email_is_a_conflict_and_leaves_nothing_behind(platform: Platform,
                                                                published: BusTap) -> None:
    first = platform.register("member")
    newcomer = unique_name("n")

    for email in (first.email, first.email.upper()):
        response = platform.request("POST", "/users/register", registration(username=newcomer, email=email))
        assert_problem(response, 409, "email")

    assert log_in(platform, newcomer).status == 401  # no account was left behind for the newcomer
    assert log_in(platform, first.email).json["id"] == first.id
    search = platform.request("GET", f"/users/search?prefix={newcomer}")
    assert search.status == 200 and search.json["items"] == []
    again = platform.request("POST", "/users/register", registration(username=newcomer))
    assert again.status == 201, again.raw  # the name was not kept by the failed attempt
    published.wait_for("user.created", id=again.json["id"])
    announced = [e["payload"]["id"] for e in published.seen
                 if e["eventType"] == "user.created" and e["payload"]["username"] == newcomer]
    assert announced == [again.json["id"]]  # the refused attempts announced nobody


# The policy's rules are unit tests (tests/unit/users/test_users_domain.py); here that a refusal leaves no account.
@pytest.mark.parametrize(("password", "missing"), [("NoSpecial123", "special")])
def test_a_password_against_the_policy_is_refused(platform: Platform, password: str, missing: str) -> None:
    body = registration(password=password)

    problem = assert_problem(platform.request("POST", "/users/register", body), 400, "password")

    assert any(missing in error["message"] for error in problem["errors"]), problem
    assert log_in(platform, body["username"], password).status == 401
    assert platform.request("POST", "/users/register", registration(username=body["username"])).status == 201


@pytest.mark.parametrize(("change", "field"), [
    ({"role": "admin"}, "role"),
    ({"role": "ORGANIZATION"}, "role"),
    ({"isAdmin": True}, "isAdmin"),
    ({"username": None}, "username"),
    ({"email": "   "}, "email"),
])
def test_a_malformed_registration_is_refused(platform: Platform, change: dict, field: str) -> None:
    body = {**registration(), **change}
    assert_problem(platform.request("POST", "/users/register", body), 400, field)


def test_a_registration_without_a_field_names_it(platform: Platform) -> None:
    body = registration()
    del body["role"], body["password"]
    assert_problem(platform.request("POST", "/users/register", body), 400, "role", "password")
    assert_problem(platform.request("POST", "/users/register", b"{not json"), 400)


def test_a_registration_stopped_after_the_cognito_account_lets_nobody_in_and_can_be_done_again(
        platform: Platform, pool: Pool, published: BusTap) -> None:
    username = unique_name("h")
    pool.sign_up(username, f"{username}@example.com", "Abandoned!1")  # what a crash after SignUp leaves

    assert log_in(platform, username, "Abandoned!1").status == 401
    assert platform.request("GET", f"/users/search?prefix={username}").json["items"] == []

    response = platform.request("POST", "/users/register",
                                registration(username=username, email=f"{username}@elsewhere.org", role="organization"))

    assert response.status == 201, response.raw
    user = response.json
    assert user["role"] == "organization" and user["account"]["email"] == f"{username}@elsewhere.org"
    assert log_in(platform, username).json["id"] == user["id"]
    assert log_in(platform, username, "Abandoned!1").status == 401  # this request's password, not the old one
    assert platform.request("GET", f"/users/{user['id']}").json["account"] == {"username": username}
    published.wait_for("user.created", id=user["id"])

"""GET /users/openapi.json describes the users API as it answers (routes, request bodies, parameters, success
codes, problem responses), and GET /users/health says the context runs."""

from __future__ import annotations

from typing import Any

import pytest
from support import openapi
from support.platform import Platform
from users_e2e import assert_problem, unique_name

# (method, path) -> (success status, the problems it documents)
ROUTES: openapi.Routes = {
    ("post", "/users/register"): ("201", {"400", "409", "429"}),
    ("post", "/users/login"): ("200,202", {"400", "401", "429"}),  # 202: two-factor sign-in's second step
    ("post", "/users/refresh"): ("200", {"400", "401"}),
    ("post", "/users/logout"): ("204", {"400"}),
    ("get", "/users/public-keys"): ("200", {"503"}),
    ("get", "/users/search"): ("200", {"400"}),
    ("get", "/users/{userId}"): ("200", {"401", "404"}),
    ("put", "/users/{userId}"): ("200", {"400", "401", "403", "404"}),
    ("delete", "/users/{userId}"): ("204", {"401", "403"}),
    ("put", "/users/{userId}/password"): ("204", {"400", "401", "403", "404"}),
    ("delete", "/users/{userId}/avatar"): ("204", {"401", "403", "404"}),
    ("post", "/users/{userId}/email-verification"): ("202", {"401", "403", "404", "409", "429"}),
    ("post", "/users/{userId}/email-verification/confirm"): ("200", {"400", "401", "403", "404", "429"}),
    ("post", "/users/password-reset"): ("202", {"400", "429"}),
    ("post", "/users/password-reset/confirm"): ("204", {"400", "429"}),
    ("post", "/users/login/two-factor"): ("200", {"400", "401", "429"}),
    ("post", "/users/login/backup-code"): ("200", {"400", "401", "429"}),
    ("post", "/users/{userId}/two-factor"): ("200", {"401", "403", "404"}),
    ("post", "/users/{userId}/two-factor/confirm"): ("200", {"400", "401", "403", "404"}),
    ("post", "/users/{userId}/two-factor/disable"): ("200", {"400", "401", "403", "404", "429"}),
    ("post", "/users/{userId}/email"): ("202", {"400", "401", "403", "404", "409", "429"}),
    ("post", "/users/{userId}/email/confirm"): ("200", {"400", "401", "403", "404", "409"}),
}


@pytest.fixture(scope="module")
def document(platform: Platform) -> dict[str, Any]:
    return openapi.fetch(platform, "users")


def test_every_route_is_documented_with_the_codes_it_answers(document: dict[str, Any]) -> None:
    openapi.assert_documents_exactly(document, ROUTES)
    for (method, path), (successes, _) in ROUTES.items():  # and what comes back, field by field
        for success in set(successes.split(",")) - {"204"}:
            schema = document["paths"][path][method]["responses"][success]["content"]["application/json"]["schema"]
            assert all(openapi.resolve(document, option).get("properties")
                       for option in schema.get("anyOf", [schema])), (method, path, schema)


def test_request_bodies_and_parameters_are_described(document: dict[str, Any]) -> None:
    def body(method: str, path: str) -> dict[str, Any]:
        operation = document["paths"][path][method]
        return openapi.resolve(document, operation["requestBody"]["content"]["application/json"]["schema"])

    registration = body("post", "/users/register")
    assert set(registration["required"]) == {"username", "email", "password", "role"}
    assert registration["additionalProperties"] is False
    replacement = body("put", "/users/{userId}")
    assert set(replacement["required"]) == {"account", "profile"}
    assert set(body("put", "/users/{userId}/password")["required"]) == {"currentPassword", "newPassword",
                                                                         "confirmPassword"}
    assert set(body("post", "/users/logout")["required"]) == {"refreshToken"}
    search = {p["name"] for p in document["paths"]["/users/search"]["get"]["parameters"]}
    assert search == {"prefix", "role", "limit", "cursor"}


def test_the_documented_success_codes_and_bodies_are_the_ones_answered(platform: Platform,
                                                                       document: dict[str, Any]) -> None:
    def answered(method: str, path: str, documented_path: str, status: int, body: dict | None = None,
                 **headers: str) -> Any:
        response = platform.request(method.upper(), path, body, headers=headers)
        assert response.status == status, response.raw
        if status != 204:
            openapi.assert_answers_as_documented(document, method, documented_path, response)
        return response.json

    username, password = unique_name("doc"), "Secret!123"
    registered = answered("post", "/users/register", "/users/register", 201,
                          {"username": username, "email": f"{username}@example.com", "password": password,
                           "role": "member"})
    token, user_id = {"authorization": f"Bearer {registered['accessToken']}"}, registered["id"]
    other = answered("post", "/users/register", "/users/register", 201,
                     {"username": f"{username}o", "email": f"{username}o@example.com", "password": password,
                      "role": "organization"})
    answered("post", "/users/login", "/users/login", 200, {"username": username, "password": password})
    answered("post", "/users/refresh", "/users/refresh", 200, {"refreshToken": registered["refreshToken"]})
    answered("get", f"/users/{user_id}", "/users/{userId}", 200, **token)
    assert "email" not in answered("get", f"/users/{other['id']}", "/users/{userId}", 200, **token)["account"]
    answered("put", f"/users/{user_id}", "/users/{userId}", 200,
             {"account": {"darkMode": True, "language": "it", "gender": "other", "birthDate": "1990-04-21",
                          "interests": ["Rock"]}, "profile": {"name": "Doc", "bio": "Documented"}}, **token)
    answered("get", f"/users/search?prefix={username}&limit=1", "/users/search", 200)
    answered("get", "/users/public-keys", "/users/public-keys", 200)
    answered("delete", f"/users/{user_id}/avatar", "/users/{userId}/avatar", 204, **token)
    answered("delete", f"/users/{user_id}", "/users/{userId}", 204, **token)


def test_health(platform: Platform) -> None:
    response = platform.request("GET", "/users/health")
    assert response.status == 200 and response.json == {"status": "ok"}


def test_a_body_that_is_not_json_or_too_large_is_refused_as_such(platform: Platform) -> None:
    assert_problem(platform.request("POST", "/users/login", b"username=a&password=b",
                                    headers={"content-type": "application/x-www-form-urlencoded"}), 415)
    assert_problem(platform.request("POST", "/users/login", b"hello", headers={"content-type": "text/plain"}), 415)
    huge = {"username": "someone", "password": "x" * (1024 * 1024 + 1)}
    assert_problem(platform.request("POST", "/users/login", huge), 413)

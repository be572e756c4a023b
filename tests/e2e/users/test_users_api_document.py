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
    ("post", "/users/login"): ("200", {"400", "401", "429"}),
    ("post", "/users/refresh"): ("200", {"400", "401"}),
    ("post", "/users/logout"): ("204", {"400"}),
    ("get", "/users/public-keys"): ("200", {"503"}),
    ("get", "/users/search"): ("200", {"400"}),
    ("get", "/users/{userId}"): ("200", {"401", "404"}),
    ("put", "/users/{userId}"): ("200", {"400", "401", "403", "404"}),
    ("delete", "/users/{userId}"): ("204", {"401", "403"}),
    ("put", "/users/{userId}/password"): ("204", {"400", "401", "403", "404"}),
    ("delete", "/users/{userId}/avatar"): ("204", {"401", "403", "404"}),
}


@pytest.fixture(scope="module")
def document(platform: Platform) -> dict[str, Any]:
    return openapi.fetch(platform, "users")


def test_every_route_is_documented_with_the_codes_it_answers(document: dict[str, Any]) -> None:
    openapi.assert_documents_exactly(document, ROUTES)


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


def test_the_documented_success_codes_are_the_ones_answered(platform: Platform) -> None:
    username = unique_name("doc")
    registered = platform.request("POST", "/users/register", {"username": username,
                                                              "email": f"{username}@example.com",
                                                              "password": "Secret!123", "role": "member"})
    assert registered.status == 201
    token = {"authorization": f"Bearer {registered.json['accessToken']}"}
    user_id = registered.json["id"]
    assert platform.request("DELETE", f"/users/{user_id}/avatar", headers=token).status == 204
    assert platform.request("GET", f"/users/search?prefix={username}").status == 200
    assert platform.request("DELETE", f"/users/{user_id}", headers=token).status == 204


def test_health(platform: Platform) -> None:
    response = platform.request("GET", "/users/health")
    assert response.status == 200 and response.json == {"status": "ok"}


def test_a_body_that_is_not_json_or_too_large_is_refused_as_such(platform: Platform) -> None:
    assert_problem(platform.request("POST", "/users/login", b"username=a&password=b",
                                    headers={"content-type": "application/x-www-form-urlencoded"}), 415)
    assert_problem(platform.request("POST", "/users/login", b"hello", headers={"content-type": "text/plain"}), 415)
    huge = {"username": "someone", "password": "x" * (1024 * 1024 + 1)}
    assert_problem(platform.request("POST", "/users/login", huge), 413)

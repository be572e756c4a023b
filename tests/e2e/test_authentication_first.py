"""Authentication comes before validation: every operation that the contexts' OpenAPI documents mark as needing
a bearer token answers 401 to a request without one, even when its body is also invalid (the request is judged
by who sends it before what it says). The operations come from the running contexts' own documents, so a new
route is covered as soon as it is declared."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from support.platform import Platform, User

CONTEXTS = ("users", "events", "interactions", "media", "chat", "ticketing", "notifications")
INVALID_BODY = {"notAField": ["of", "any", "command"]}


def secured_operations(platform: Platform) -> list[tuple[str, str]]:
    operations = []
    for context in CONTEXTS:
        response = platform.request("GET", f"/{context}/openapi.json")  # every context serves its document
        assert response.status == 200, (context, response.raw)
        document: dict[str, Any] = response.json
        assert "bearer" in document.get("components", {}).get("securitySchemes", {}) or not any(
            "security" in op for ops in document["paths"].values() for op in ops.values()), context
        for path, methods in document["paths"].items():
            for method, operation in methods.items():
                if operation.get("security"):
                    operations.append((method.upper(), path))
    return operations


@pytest.fixture(scope="module")
def secured(platform: Platform) -> list[tuple[str, str]]:
    """The documents read once for the module's tests (seven OpenAPI Lambdas' answers, not 21)."""
    return secured_operations(platform)


def concrete(path: str) -> str:
    """The path with every parameter filled: a user id, an event id... (any well-formed id will do)."""
    parts = path.split("/")
    return "/".join(str(uuid.uuid4()) if part.startswith("{") else part for part in parts)


def test_the_documents_mark_the_routes_that_need_a_caller(secured: list[tuple[str, str]]) -> None:
    assert ("POST", "/events") in secured
    assert ("PUT", "/users/{userId}") in secured
    assert ("GET", "/events/search") not in secured
    assert ("POST", "/users/login") not in secured


@pytest.mark.parametrize("credentials", ["none", "forged"])
def test_a_secured_operation_without_a_valid_token_is_a_401_whatever_its_body(
        platform: Platform, secured: list[tuple[str, str]], credentials: str) -> None:
    headers = {"authorization": "Bearer not.a.token"} if credentials == "forged" else {}
    answers = {}
    for method, path in secured:
        body = INVALID_BODY if method in ("POST", "PUT", "PATCH") else None
        response = platform.request(method, concrete(path), body, headers=headers)
        answers[f"{method} {path}"] = response.status
        if response.status == 401:
            assert response.headers["content-type"].startswith("application/problem+json")
    assert answers and set(answers.values()) == {401}, answers


def test_with_a_valid_token_the_invalid_body_is_judged(platform: Platform, member: User) -> None:
    response = platform.request("POST", "/interactions/events/" + str(uuid.uuid4()) + "/reviews", INVALID_BODY,
                                user=member)
    assert response.status == 400, response.raw
    assert {error["field"] for error in response.json["errors"]} >= {"notAField"}

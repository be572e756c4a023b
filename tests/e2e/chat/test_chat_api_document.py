"""GET /chat/openapi.json describes the chat API as it answers (routes, bodies, parameters, success codes,
problem responses), and GET /chat/health says the context runs."""

from __future__ import annotations

from typing import Any

import pytest
from chat_e2e import Chat
from support import openapi
from support.platform import Platform

USER = "/chat/users/{userId}"
CONVERSATION = USER + "/conversations/{conversationId}"
PAIR = "/chat/conversations/{organizationId}/{userId}"
# (method, path) -> (success status, the problems it documents)
ROUTES: openapi.Routes = {
    ("post", USER + "/conversations"): ("201", {"400", "401", "403", "404", "409"}),
    ("get", USER + "/conversations"): ("200", {"400", "401", "403"}),
    ("get", USER + "/conversations/search"): ("200", {"400", "401", "403"}),
    ("get", CONVERSATION): ("200", {"401", "403", "404"}),
    ("post", CONVERSATION + "/messages"): ("201", {"400", "401", "403", "404", "409"}),
    ("get", CONVERSATION + "/messages"): ("200", {"400", "401", "403", "404"}),
    ("patch", CONVERSATION + "/read"): ("204", {"401", "403", "404", "409"}),
    ("get", USER + "/unread/count"): ("200", {"401", "403"}),
    ("get", PAIR): ("200", {"401", "404"}),
    ("get", PAIR + "/messages"): ("200", {"400", "401", "404"}),
}


@pytest.fixture(scope="module")
def document(platform: Platform) -> dict[str, Any]:
    return openapi.fetch(platform, "chat")


def test_every_route_is_documented_with_the_codes_it_answers(document: dict[str, Any]) -> None:
    openapi.assert_documents_exactly(document, ROUTES)


def test_request_bodies_and_parameters_are_described(document: dict[str, Any]) -> None:
    def body(method: str, path: str) -> dict[str, Any]:
        operation = document["paths"][path][method]
        return openapi.resolve(document, operation["requestBody"]["content"]["application/json"]["schema"])

    first = body("post", USER + "/conversations")
    assert set(first["required"]) == {"recipientId", "content"} and first["additionalProperties"] is False
    assert first["properties"]["content"]["maxLength"] == 10_000
    assert set(body("post", CONVERSATION + "/messages")["required"]) == {"content"}

    def query(path: str) -> set[str]:
        return {p["name"] for p in document["paths"][path]["get"].get("parameters", []) if p["in"] == "query"}

    assert query(USER + "/conversations/search") == {"name", "recipientId", "limit", "cursor"}
    for path in (USER + "/conversations", CONVERSATION + "/messages", PAIR + "/messages"):
        assert query(path) == {"limit", "cursor"}


def test_the_documented_success_codes_are_the_ones_answered(platform: Platform, chat: Chat) -> None:
    member, organization = chat.user("member"), chat.user("organization")
    started = chat.start(member, organization.id)
    assert started.status == 201
    conversation = f"/chat/users/{member.id}/conversations/{started.json['conversationId']}"
    assert platform.request("POST", f"{conversation}/messages", {"content": "hi"}, user=member).status == 201
    assert platform.request("PATCH", f"{conversation}/read", user=member).status == 204
    for path in (conversation, f"{conversation}/messages", f"/chat/users/{member.id}/unread/count",
                 f"/chat/users/{member.id}/conversations", f"/chat/users/{member.id}/conversations/search",
                 f"/chat/conversations/{organization.id}/{member.id}",
                 f"/chat/conversations/{organization.id}/{member.id}/messages"):
        assert platform.request("GET", path, user=member).status == 200, path


def test_health(platform: Platform) -> None:
    response = platform.request("GET", "/chat/health")
    assert response.status == 200 and response.json == {"status": "ok"}


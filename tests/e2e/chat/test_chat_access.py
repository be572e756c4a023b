"""Who may read and write what: every call needs a token, a path user must be the caller (403), and a
conversation the caller is not part of does not exist for them (404). Nothing changes on a refused call."""

from __future__ import annotations

import pytest
from chat_e2e import Chat, assert_problem, new_id
from support.platform import Platform


@pytest.fixture
def conversation(chat: Chat) -> tuple:
    member, organization = chat.user("member"), chat.user("organization")
    started = chat.started(member, organization.id, "private words")
    return member, organization, started["conversationId"]


def paths(user_id: str, conversation_id: str, other_id: str) -> list[tuple[str, str, dict | None]]:
    base = f"/chat/users/{user_id}"
    return [("POST", f"{base}/conversations", {"recipientId": other_id, "content": "hi"}),
            ("POST", f"{base}/conversations/{conversation_id}/messages", {"content": "hi"}),
            ("GET", f"{base}/conversations", None),
            ("GET", f"{base}/conversations/search?name=a", None),
            ("GET", f"{base}/conversations/{conversation_id}", None),
            ("GET", f"{base}/conversations/{conversation_id}/messages", None),
            ("PATCH", f"{base}/conversations/{conversation_id}/read", None),
            ("GET", f"{base}/unread/count", None),
            ("GET", f"/chat/conversations/{other_id}/{user_id}", None),
            ("GET", f"/chat/conversations/{other_id}/{user_id}/messages", None)]


def test_every_call_needs_a_valid_token(platform: Platform, chat: Chat, conversation: tuple) -> None:
    member, organization, conversation_id = conversation
    for method, path, body in paths(member.id, conversation_id, organization.id):
        assert_problem(platform.request(method, path, body), 401)
        assert_problem(platform.request(method, path, body, headers={"authorization": "Bearer not-a-token"}), 401)
        if body is not None:  # authentication comes before validation
            assert_problem(platform.request(method, path, {"content": ""}), 401)
    assert chat.unread(organization) == 1


def test_nobody_acts_or_reads_in_the_name_of_another_user(platform: Platform, chat: Chat,
                                                          conversation: tuple) -> None:
    member, organization, conversation_id = conversation
    intruder = chat.user("organization")
    for method, path, body in paths(member.id, conversation_id, organization.id)[:8]:
        assert_problem(platform.request(method, path, body, user=intruder), 403)
    assert chat.unread(organization) == 1  # the intruder's reads marked nothing read
    assert len(chat.messages(member, conversation_id)["items"]) == 1


def test_other_peoples_conversations_do_not_exist_for_the_caller(platform: Platform, chat: Chat,
                                                                  conversation: tuple) -> None:
    member, organization, conversation_id = conversation
    intruder = chat.user("organization")
    own = f"/chat/users/{intruder.id}/conversations/{conversation_id}"
    assert_problem(platform.request("GET", own, user=intruder), 404, "Conversation not found")
    assert_problem(platform.request("GET", f"{own}/messages", user=intruder), 404)
    assert_problem(platform.request("PATCH", f"{own}/read", user=intruder), 404)
    assert_problem(platform.request("POST", f"{own}/messages", {"content": "let me in"}, user=intruder), 404)
    assert_problem(platform.request("GET", f"/chat/conversations/{organization.id}/{member.id}", user=intruder), 404)
    assert_problem(platform.request("GET", f"/chat/conversations/{organization.id}/{member.id}/messages",
                                    user=intruder), 404)
    for bad in (new_id(), "not-an-id", "x" * 3000):
        assert_problem(platform.request("GET", f"/chat/users/{member.id}/conversations/{bad}", user=member), 404)
        assert_problem(platform.request("POST", f"/chat/users/{member.id}/conversations/{bad}/messages",
                                        {"content": "hi"}, user=member), 404)
    assert chat.unread(organization) == 1
    assert len(chat.messages(member, conversation_id)["items"]) == 1


def test_messages_go_only_to_users_chat_knows(platform: Platform, chat: Chat) -> None:
    member = chat.user("member")
    assert_problem(chat.start(member, new_id()), 404, "User not found")
    assert_problem(chat.start(member, "not-a-user-id"), 404, "User not found")
    assert_problem(chat.start(member, member.id), 400)
    assert chat.conversations(member)["items"] == []


def test_bad_messages_are_refused_and_change_nothing(platform: Platform, chat: Chat) -> None:
    member, organization = chat.user("member"), chat.user("organization")
    start = f"/chat/users/{member.id}/conversations"
    refused = [{"recipientId": organization.id, "content": ""}, {"recipientId": organization.id, "content": "   "},
               {"recipientId": organization.id, "content": "x" * 10_001}, {"recipientId": organization.id},
               {"content": "hi"}, {"recipientId": organization.id, "content": 42},
               {"recipientId": organization.id, "content": "hi", "sneaky": True}, ["not", "an", "object"]]
    for body in refused:
        assert_problem(platform.request("POST", start, body, user=member), 400)
    assert_problem(platform.request("POST", start, b"{not json", user=member,
                                    headers={"content-type": "application/json"}), 400)
    assert_problem(platform.request("POST", start, b"recipientId=x", user=member,
                                    headers={"content-type": "application/x-www-form-urlencoded"}), 415)
    assert chat.conversations(member)["items"] == [] and chat.unread(organization) == 0

    longest = chat.started(member, organization.id, "é" * 10_000)
    assert len(longest["content"]) == 10_000
    conversation = f"{start}/{longest['conversationId']}/messages"
    for body in ({"content": ""}, {"content": "y" * 10_001}, {}, {"content": "hi", "extra": 1}):
        assert_problem(platform.request("POST", conversation, body, user=member), 400)
    assert chat.unread(organization) == 1

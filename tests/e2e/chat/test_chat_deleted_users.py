"""A deleted user: their partners keep the conversation and see them as deleted; nobody can write to them, find
them or start a conversation with them; no late user.* event brings them back. Their own side is gone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from chat_e2e import Chat, assert_problem
from support.bus import publish
from support.platform import Platform
from support.polling import eventually


def test_partners_keep_the_conversation_and_see_the_user_as_deleted(platform: Platform, chat: Chat) -> None:
    tag = uuid.uuid4().hex[:6]
    member = chat.user("member")
    organization = chat.announce("organization", f"Gone Club {tag}")
    conversation_id = chat.started(member, organization, "see you")["conversationId"]

    chat.delete(organization)

    [item] = chat.conversations(member)["items"]
    assert item["id"] == conversation_id
    assert item["organization"]["id"] == organization and item["organization"]["deleted"] is True
    assert item["organization"]["name"] == "Deleted user"
    [message] = chat.messages(member, conversation_id)["items"]
    assert message["content"] == "see you" and message["sender"]["id"] == member.id
    assert_problem(chat.send(member, conversation_id, "hello?"), 409,
                   "The other participant has deleted their account")
    assert_problem(chat.start(chat.user("member"), organization), 404, "User not found")
    search = f"/chat/users/{member.id}/conversations/search?name=gone%20club%20{tag}"
    assert chat.get(member, search)["items"] == []
    newcomer = chat.user("member")
    assert chat.get(newcomer, f"/chat/users/{newcomer.id}/conversations/search?name=gone%20club%20{tag}")["items"] \
        == []

    later = datetime.now(UTC) + timedelta(minutes=1)
    publish(platform.cloud, "user.updated", {
        "id": organization, "username": f"org{organization[:8]}", "name": f"Back Again {tag}",
        "avatar": "http://127.0.0.1:3000/media/users/default.png",
        "language": "en", "role": "organization"}, producer="users", occurred_at=later)
    chat.settle()
    assert "deletedAt" in chat.replica(organization)  # type: ignore[operator]
    assert chat.conversations(member)["items"][0]["organization"]["deleted"] is True
    assert chat.get(newcomer, f"/chat/users/{newcomer.id}/conversations/search?name=back%20again%20{tag}")[
        "items"] == []


def test_an_account_deleted_through_the_users_api_leaves_its_partners_a_deleted_user(platform: Platform,
                                                                                     chat: Chat) -> None:
    member, organization = chat.user("member"), chat.user("organization")
    conversation_id = chat.started(organization, member.id, "welcome")["conversationId"]
    chat.sent(member, conversation_id, "thanks")
    assert chat.unread(organization) == 1

    deleted = platform.request("DELETE", f"/users/{member.id}", user=member)
    assert deleted.status == 204, deleted.raw

    eventually(lambda: chat.conversations(organization)["items"][0]["member"].get("deleted"), timeout=30,
               what="chat to show the deleted member")
    assert [m["content"] for m in chat.messages(organization, conversation_id)["items"]] == ["thanks", "welcome"]
    assert chat.get(organization, f"/chat/conversations/{organization.id}/{member.id}")["id"] == conversation_id
    assert_problem(chat.send(organization, conversation_id, "still there?"), 409)
    assert chat.unread(organization) == 0

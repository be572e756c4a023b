"""Lookup by pair (to open a chat from a profile page): for one of the two only, in either order."""

from __future__ import annotations

from chat_e2e import Chat, assert_problem
from support.platform import Platform


def test_either_side_finds_the_conversation_of_their_pair(platform: Platform, chat: Chat) -> None:
    member, organization = chat.user("member"), chat.user("organization")
    assert_problem(platform.request("GET", f"/chat/conversations/{organization.id}/{member.id}", user=member), 404)
    started = chat.started(member, organization.id, "hello")
    chat.sent(member, started["conversationId"], "are you there?")

    found = chat.get(organization, f"/chat/conversations/{organization.id}/{member.id}")
    assert found["id"] == started["conversationId"]
    assert found["organization"]["id"] == organization.id and found["member"]["id"] == member.id
    assert found["unreadCount"] == 2 and found["lastMessage"]["content"] == "are you there?"
    assert chat.get(member, f"/chat/conversations/{member.id}/{organization.id}")["id"] == found["id"]
    assert chat.get(member, f"/chat/users/{member.id}/conversations/{found['id']}") == \
        chat.get(member, f"/chat/conversations/{organization.id}/{member.id}")

    page = chat.get(organization, f"/chat/conversations/{organization.id}/{member.id}/messages?limit=1")
    assert [m["content"] for m in page["items"]] == ["are you there?"] and page["nextCursor"]
    assert page["items"][0]["isRead"] is False
    assert chat.unread(organization) == 0  # read by the caller, the organization
    assert chat.unread(member) == 0

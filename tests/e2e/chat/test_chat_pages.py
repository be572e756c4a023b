"""Cursor pages of conversations and messages (api-conventions): every item once, in order; bad paging is a 400;
a retried send with the same Idempotency-Key is one message."""

from __future__ import annotations

from chat_e2e import Chat, all_pages, assert_problem
from support.platform import Platform


def test_messages_come_in_pages_newest_first(platform: Platform, chat: Chat) -> None:
    member, organization = chat.user("member"), chat.user("organization")
    conversation_id = chat.started(member, organization.id, "message 0")["conversationId"]
    for n in range(1, 7):
        chat.sent(organization if n % 2 else member, conversation_id, f"message {n}")
    path = f"/chat/users/{member.id}/conversations/{conversation_id}/messages"

    first = chat.messages(member, conversation_id, "?limit=4")
    assert [m["content"] for m in first["items"]] == [f"message {n}" for n in (6, 5, 4, 3)]
    assert first["nextCursor"]
    rest = chat.messages(member, conversation_id, f"?limit=4&cursor={first['nextCursor']}")
    assert [m["content"] for m in rest["items"]] == [f"message {n}" for n in (2, 1, 0)]
    assert rest["nextCursor"] is None
    assert [m["content"] for m in all_pages(platform, member, path, 1)] == [f"message {n}" for n in range(6, -1, -1)]
    exact = chat.messages(member, conversation_id, "?limit=7")
    assert len(exact["items"]) == 7 and exact["nextCursor"] is None
    for query in ("?limit=0", "?limit=101", "?limit=ten", "?cursor=nonsense", "?cursor=e30"):
        assert_problem(platform.request("GET", path + query, user=member), 400)


def test_a_cursor_of_another_list_is_refused(platform: Platform, chat: Chat) -> None:
    member, organization = chat.user("member"), chat.user("organization")
    one = chat.started(member, organization.id, "a")["conversationId"]
    chat.sent(member, one, "b")
    cursor = chat.messages(member, one, "?limit=1")["nextCursor"]
    two = chat.started(chat.user("organization"), member.id)["conversationId"]
    assert_problem(platform.request("GET", f"/chat/users/{member.id}/conversations/{two}/messages?cursor={cursor}",
                                    user=member), 400)
    assert_problem(platform.request("GET", f"/chat/users/{member.id}/conversations?cursor={cursor}", user=member),
                   400)
    listing = chat.conversations(member, "?limit=1")["nextCursor"]
    assert_problem(platform.request("GET", f"/chat/users/{organization.id}/conversations?cursor={listing}",
                                    user=organization), 400)


def test_conversations_come_in_pages_newest_first(platform: Platform, chat: Chat) -> None:
    member = chat.user("member")
    ids = [chat.started(member, chat.user("organization").id)["conversationId"] for _ in range(5)]
    listed = all_pages(platform, member, f"/chat/users/{member.id}/conversations", 2)
    assert [i["id"] for i in listed] == ids[::-1]
    first = chat.conversations(member, "?limit=5")
    assert len(first["items"]) == 5 and first["nextCursor"] is None


def test_a_retried_send_with_the_same_idempotency_key_is_one_message(platform: Platform, chat: Chat) -> None:
    member, organization = chat.user("member"), chat.user("organization")
    first = chat.start(member, organization.id, "once", **{"idempotency-key": "start-1"})
    again = chat.start(member, organization.id, "once", **{"idempotency-key": "start-1"})
    assert first.status == again.status == 201 and first.json == again.json
    conversation_id = first.json["conversationId"]
    path = f"/chat/users/{member.id}/conversations/{conversation_id}/messages"
    sent = [platform.request("POST", path, {"content": "twice?"}, user=member, headers={"idempotency-key": "m-1"})
            for _ in range(2)]
    assert [r.status for r in sent] == [201, 201] and sent[0].json == sent[1].json
    assert_problem(platform.request("POST", path, {"content": "other"}, user=member,
                                    headers={"idempotency-key": "m-1"}), 409)
    assert [m["content"] for m in chat.messages(member, conversation_id)["items"]] == ["twice?", "once"]
    assert chat.unread(organization) == 2

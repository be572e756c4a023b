"""Conversations and messages through the HTTP gateway: the first message creates the conversation, replies,
the list newest first, reading marks read, the unread counters, and chat.message.created on the bus."""

from __future__ import annotations

from chat_e2e import Chat, assert_problem
from support.bus import BusTap
from support.platform import Platform


def test_a_member_writes_to_an_organization_which_reads_and_answers(platform: Platform, chat: Chat) -> None:
    member, organization = chat.user("member"), chat.user("organization")

    first = chat.started(member, organization.id, "Is there a dress code?")
    assert first["senderId"] == member.id and first["content"] == "Is there a dress code?"
    conversation_id = first["conversationId"]

    seen_by_organization = chat.conversations(organization)
    assert seen_by_organization["nextCursor"] is None
    [item] = seen_by_organization["items"]
    assert item["id"] == conversation_id
    assert item["organization"]["id"] == organization.id and item["organization"]["name"] == organization.username
    assert item["member"]["id"] == member.id and item["member"]["name"] == member.username
    assert item["lastMessage"] == {"content": "Is there a dress code?", "senderId": member.id,
                                   "timestamp": first["createdAt"]}
    assert item["unreadCount"] == 1
    assert chat.conversations(member)["items"][0]["unreadCount"] == 0
    assert chat.unread(organization) == 1 and chat.unread(member) == 0

    page = chat.messages(organization, conversation_id)
    assert [(m["id"], m["content"], m["sender"]["id"], m["isRead"]) for m in page["items"]] == \
        [(first["id"], "Is there a dress code?", member.id, False)]
    assert chat.unread(organization) == 0
    assert chat.conversations(organization)["items"][0]["unreadCount"] == 0
    assert chat.messages(organization, conversation_id)["items"][0]["isRead"] is True

    answer = chat.sent(organization, conversation_id, "No, come as you are")
    assert answer["conversationId"] == conversation_id and answer["senderId"] == organization.id
    assert chat.unread(member) == 1
    newest_first = chat.messages(member, conversation_id)["items"]
    assert [(m["content"], m["isRead"]) for m in newest_first] == [("No, come as you are", False),
                                                                   ("Is there a dress code?", True)]
    assert chat.unread(member) == 0


def test_organizations_write_to_each_other_but_members_do_not(platform: Platform, chat: Chat) -> None:
    one, two = chat.user("organization"), chat.user("organization")
    member, other_member = chat.user("member"), chat.user("member")

    conversation = chat.started(two, one.id, "Shall we co-host?")
    [item] = chat.conversations(one)["items"]
    low, high = sorted((one.id, two.id))
    assert (item["organization"]["id"], item["member"]["id"]) == (low, high)
    assert item["id"] == conversation["conversationId"]

    assert_problem(chat.start(member, other_member.id), 403, "Conversations between two members are not allowed")
    assert chat.conversations(member)["items"] == [] and chat.conversations(other_member)["items"] == []


def test_the_first_message_of_a_pair_creates_its_only_conversation(platform: Platform, chat: Chat) -> None:
    member, organization = chat.user("member"), chat.user("organization")
    first = chat.started(member, organization.id)
    assert_problem(chat.start(member, organization.id, "again"), 409,
                   "Conversation already exists. Use the existing conversation endpoint.")
    assert_problem(chat.start(organization, member.id, "from the other side"), 409)
    assert [i["id"] for i in chat.conversations(member)["items"]] == [first["conversationId"]]
    assert len(chat.messages(member, first["conversationId"])["items"]) == 1


def test_the_newest_conversation_comes_first(platform: Platform, chat: Chat) -> None:
    member = chat.user("member")
    organizations = [chat.user("organization") for _ in range(3)]
    ids = [chat.started(member, organization.id)["conversationId"] for organization in organizations]
    assert [i["id"] for i in chat.conversations(member)["items"]] == ids[::-1]

    chat.sent(organizations[0], ids[0], "bump")
    listed = chat.conversations(member)["items"]
    assert [i["id"] for i in listed] == [ids[0], ids[2], ids[1]]
    assert listed[0]["lastMessage"]["content"] == "bump" and listed[0]["unreadCount"] == 1


def test_mark_read_resets_one_conversation_and_the_total(platform: Platform, chat: Chat) -> None:
    member, one, two = chat.user("member"), chat.user("organization"), chat.user("organization")
    first = chat.started(one, member.id, "a")["conversationId"]
    chat.sent(one, first, "b")
    second = chat.started(two, member.id, "c")["conversationId"]
    assert chat.unread(member) == 3

    read = platform.request("PATCH", f"/chat/users/{member.id}/conversations/{first}/read", user=member)
    assert read.status == 204, read.raw
    assert chat.unread(member) == 1
    unread = {i["id"]: i["unreadCount"] for i in chat.conversations(member)["items"]}
    assert unread == {first: 0, second: 1}
    assert platform.request("PATCH", f"/chat/users/{member.id}/conversations/{first}/read", user=member).status == 204
    assert chat.unread(member) == 1
    assert [m["isRead"] for m in chat.messages(member, first)["items"]] == [True, True]


def test_each_message_is_published_for_the_receiver(platform: Platform, chat: Chat) -> None:
    member, organization = chat.user("member"), chat.user("organization")
    with BusTap(platform.cloud, "chat") as tap:
        first = chat.started(member, organization.id, "Hi there")
        event = tap.wait_for("chat.message.created", messageId=first["id"])
        assert event["payload"] == {
            "conversationId": first["conversationId"], "messageId": first["id"], "senderId": member.id,
            "senderName": member.username, "senderAvatar": event["payload"]["senderAvatar"],
            "receiverId": organization.id, "message": "Hi there", "createdAt": first["createdAt"]}
        assert event["payload"]["senderAvatar"].startswith("http")
        answer = chat.sent(organization, first["conversationId"], "Hello back")
        reply = tap.wait_for("chat.message.created", messageId=answer["id"])
        assert (reply["payload"]["senderId"], reply["payload"]["receiverId"]) == (organization.id, member.id)

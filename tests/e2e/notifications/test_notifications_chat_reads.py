"""A conversation read reads its notifications: the recipient's chat_message notifications of the messages they
read in chat (PATCH .../read, or reading the messages) stop counting as unread, through `chat.conversation.read`;
their open tabs hear `notifications-read`. A notification still on its way when the read is told is stored read;
a message sent after the read is news."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from notifications_e2e import Socket, notifications, start_chat, unread_count
from support.bus import publish
from support.platform import Platform
from support.polling import eventually
from support.queues import drained


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def test_reading_a_conversation_in_chat_reads_its_message_notifications(platform: Platform) -> None:
    club, member = platform.register("organization"), platform.register("member")
    conversation = start_chat(platform, club, member, "Doors open at nine")
    eventually(lambda: unread_count(platform, member) == 1, what="the member's chat notification")

    with Socket(platform, member) as tab:
        read = platform.request("PATCH", f"/chat/users/{member.id}/conversations/{conversation}/read", user=member)
        assert read.status == 204, read.raw
        eventually(lambda: unread_count(platform, member) == 0, what="the chat notification read with its conversation")
        tab.wait_for("notifications-read")  # the bell counts again

    sent = platform.request("POST", f"/chat/users/{club.id}/conversations/{conversation}/messages",
                            {"content": "Bring your ticket"}, user=club)
    assert sent.status == 201, sent.raw
    eventually(lambda: unread_count(platform, member) == 1, what="the later message's notification")
    messages = platform.request("GET", f"/chat/users/{member.id}/conversations/{conversation}/messages", user=member)
    assert messages.status == 200, messages.raw  # reading the messages reads the conversation too
    eventually(lambda: unread_count(platform, member) == 0, what="the notification read with the messages")


def test_a_notification_arriving_after_its_conversation_was_read_is_stored_read(platform: Platform) -> None:
    club, member = platform.register("organization"), platform.register("member")
    conversation, now = str(uuid.uuid4()), datetime.now(UTC)

    def message(sent_at: datetime, content: str) -> dict:
        return {"conversationId": conversation, "messageId": str(uuid.uuid4()), "senderId": club.id,
                "senderName": club.username, "senderAvatar": "http://127.0.0.1/media/users/default.png",
                "receiverId": member.id, "message": content, "createdAt": _stamp(sent_at)}

    publish(platform.cloud, "chat.conversation.read",
            {"conversationId": conversation, "userId": member.id, "readUpTo": _stamp(now)}, producer="chat")
    drained(platform, "NotificationsConsumerFunction")
    seen = message(now - timedelta(seconds=1), "Seen in chat already")  # its notification comes late
    publish(platform.cloud, "chat.message.created", seen, producer="chat")
    publish(platform.cloud, "chat.message.created", message(now + timedelta(seconds=1), "News"), producer="chat")
    eventually(lambda: unread_count(platform, member) == 1, what="the later message's notification")
    drained(platform, "NotificationsConsumerFunction", "NotificationsFanOutFunction")

    listed = {n["metadata"]["messageId"]: n["read"] for n in notifications(platform, member).json["items"]}
    assert listed[seen["messageId"]] is True and sorted(listed.values()) == [False, True]
    assert unread_count(platform, member) == 0  # the listing read the other one

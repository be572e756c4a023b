"""A chat conversation read reads its notifications (notifications.conversation_reads and the inbox) against the
notifications table of the template (in-process moto): the reader's chat_message notifications of the messages
read, and no others; one still on its way is stored read; an older read told late changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from support.context_tables import table_per_module

READER, OTHER = "user-1", "user-2"
BEFORE, READ_UP_TO, AFTER = "2026-12-05T09:59:00.000Z", "2026-12-05T10:00:00.000Z", "2026-12-05T10:01:00.000Z"

moto_table, table = table_per_module("notifications")  # one table for the module, emptied after each test


def chat_note(conversation_id: str, sent_at: str, recipient: str = READER) -> dict[str, Any] | None:
    from notifications import inbox

    metadata = {"conversationId": conversation_id, "messageId": f"m-{conversation_id}-{sent_at}",
                "senderId": "org-1", "senderName": "Club", "sentAt": sent_at}
    return inbox.store(recipient, "chat_message", metadata, f"fact-{conversation_id}-{sent_at}", sent_at)


def read_state(user_id: str = READER) -> dict[str, bool]:
    from notifications import inbox

    notes, _ = inbox.page(user_id, unread_only=False, limit=50, start_key=None)
    return {note.metadata.get("messageId", note.type): bool(note.read) for note in notes}


def read_conversation(conversation_id: str, read_up_to: str = READ_UP_TO, user_id: str = READER) -> int:
    from notifications import conversation_reads, inbox

    conversation_reads.keep(user_id, conversation_id, read_up_to)
    return inbox.mark_conversation_read(user_id, conversation_id, read_up_to)


def test_reading_a_conversation_reads_the_notifications_of_its_messages_read_and_no_others() -> None:
    from notifications import inbox

    chat_note("c-1", BEFORE)
    chat_note("c-1", READ_UP_TO)
    chat_note("c-1", AFTER)  # sent after the newest message the reader saw
    chat_note("c-2", BEFORE)  # another conversation
    chat_note("c-1", BEFORE, recipient=OTHER)  # the other side's
    inbox.store(READER, "like", {"eventId": "e-1"}, "fact-like", BEFORE)
    assert inbox.unread_count(READER) == 5

    assert read_conversation("c-1") == 2
    assert read_state() == {f"m-c-1-{BEFORE}": True, f"m-c-1-{READ_UP_TO}": True, f"m-c-1-{AFTER}": False,
                            f"m-c-2-{BEFORE}": False, "like": False}
    assert inbox.unread_count(READER) == 3 and inbox.unread_count(OTHER) == 1
    assert read_conversation("c-1") == 0  # told again: nothing more, the count stays
    assert inbox.unread_count(READER) == 3


def test_a_notification_arriving_after_the_read_of_its_message_is_stored_read() -> None:
    from notifications import inbox

    read_conversation("c-1")
    late = chat_note("c-1", BEFORE)
    news = chat_note("c-1", AFTER)
    assert late is not None and late["read"] is True
    assert news is not None and news["read"] is False
    assert inbox.unread_count(READER) == 1
    assert chat_note("c-1", BEFORE) == late  # redelivered: the same, still read


def test_an_older_read_told_late_does_not_take_the_read_back() -> None:
    from notifications import conversation_reads
    from notifications.store import ConversationRead, conversation_read_key, user_key

    read_conversation("c-1", AFTER)
    conversation_reads.keep(READER, "c-1", BEFORE)
    assert ConversationRead.get(user_key(READER), conversation_read_key("c-1")).readUpTo == AFTER
    assert chat_note("c-1", READ_UP_TO)["read"] is True  # type: ignore[index]


def test_a_read_kept_while_a_notification_is_being_stored_is_not_missed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store read no read, then the consumer kept one (and found nothing to mark) before the store wrote:
    its transaction fails on the read it did not see, and the store reads again."""
    from notifications import conversation_reads, inbox

    real_covers, raced = conversation_reads.covers, []

    def covers_then_a_read_lands(*args: Any) -> bool:
        answer = real_covers(*args)
        if not raced:
            raced.append(read_conversation("c-1"))  # between the store's read and its write
        return answer

    monkeypatch.setattr(conversation_reads, "covers", covers_then_a_read_lands)
    stored = chat_note("c-1", BEFORE)
    assert raced == [0] and stored is not None and stored["read"] is True
    assert inbox.unread_count(READER) == 0

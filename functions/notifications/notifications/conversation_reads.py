"""Chat conversations read (chat.conversation.read): the reader's chat_message notifications of the messages read
are read too, whichever comes first - the read, or a notification still on its way through the delivery queue.

The newest read of each (user, conversation) is kept. The consumer keeps it and then marks the unread
notifications it covers read (inbox.mark_conversation_read: a Query of the user's unread ones, never a Scan);
storing a chat_message notification reads it, stores the notification read when it covers it, and else unread on
the condition that it still does not (a read kept meanwhile: read again). So either the read finds the
notification or the notification finds the read.
"""

from __future__ import annotations

import time
from typing import Any

from kernel.table import get
from kernel.unit_of_work import Unit
from pynamodb.exceptions import UpdateError

from .domain import NoteType, read_with_conversation
from .store import ConversationRead, conversation_read_key, user_key

# kept while a notification of a message read may still come: longer than a message waits in a dead-letter queue
KEEP_SECONDS = 15 * 24 * 3600


def keep(user_id: str, conversation_id: str, read_up_to: str) -> None:
    """The user read the conversation up to `read_up_to`; an older read told late changes nothing."""
    item = ConversationRead(user_key(user_id), conversation_read_key(conversation_id))
    try:
        item.update(actions=[ConversationRead.readUpTo.set(read_up_to),
                             ConversationRead.expiresAt.set(int(time.time()) + KEEP_SECONDS)],
                    condition=ConversationRead.readUpTo.does_not_exist() | (ConversationRead.readUpTo < read_up_to))
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise


def _conversation(note_type: str, metadata: dict[str, Any]) -> str | None:
    return metadata.get("conversationId") if note_type == NoteType.CHAT_MESSAGE else None


def covers(user_id: str, note_type: str, metadata: dict[str, Any]) -> bool:
    """The notification is of a chat message its recipient has read already."""
    conversation_id = _conversation(note_type, metadata)
    if not conversation_id:
        return False
    kept = get(ConversationRead, user_key(user_id), conversation_read_key(conversation_id))
    return kept is not None and read_with_conversation(metadata, conversation_id, kept.readUpTo)


def check_still_unread(unit: Unit, user_id: str, note_type: str, metadata: dict[str, Any]) -> None:
    """In the transaction that stores the notification unread: no read covering it was kept meanwhile (else the
    transaction fails as stale, and the store reads again)."""
    conversation_id = _conversation(note_type, metadata)
    if conversation_id:
        unit.check(ConversationRead, user_key(user_id), conversation_read_key(conversation_id),
                   ConversationRead.PK.does_not_exist()
                   | (ConversationRead.readUpTo < str(metadata.get("sentAt", ""))))

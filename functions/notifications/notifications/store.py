"""The notifications table (single-table design) and its PynamoDB models.

    PK=USER#<u>      SK=NOTE#<id>           a stored notification; ids are time-ordered UUIDv7, so the partition
                                            reads newest first; GSI1 UNREAD#<u> / <id> while it is unread (sparse);
                                            expiresAt (TTL) 90 days after it was read, none while unread
    PK=USER#<u>      SK=COUNTERS            unread: the unread count, changed in the transaction that changes a note
    PK=USER#<u>      SK=CONN#<c>            an open WebSocket connection of the user (TTL: API Gateway's 2 h limit),
                                            with the login (sessionId), iat and exp of the token it was opened with
    PK=CONN#<c>      SK=CONNECTION          which user a connection belongs to ($disconnect only knows the id);
                                            GSI1 CONNEXP#<hour of exp> / <exp>#<c>: the sweeper finds expired ones
    PK=USER#<u>      SK=PRESENCE            connections: how many are open; online: whether followers were told
    PK=USER#<u>      SK=ERASED              the account was deleted (user.deleted): no notification is stored for it
                                            any more, and a late unsubscribe link writes no preference
    PK=USER#<u>      SK=PREF#<type>         the user's choice for one notification type (inApp, email); a type
                                            without one is at its default (preferences.py)
    PK=USER#<b>      SK=FOLLOWER#<a>        follow replica (a follows b; kernel.replica): active=false once
                                            unfollowed, activeAt = occurredAt of the newest message applied
    PK=USER#<a>      SK=PARTNER#<b>         a and b have exchanged chat messages (from chat.message.created): they
                                            may see each other's presence, as mutual follows may
    PK=USER#<u>      SK=CHATREAD#<conv>     the user read the conversation up to readUpTo (chat.conversation.read):
                                            a chat_message notification of a message up to it is stored read
                                            (expiresAt: TTL, once no such notification can be on its way)
    PK=EVENT#<e>     SK=NAME                the event's title (from event.published; kernel.replica), for the buyers'
                                            notifications
    PK=OUTBOX#<id>   SK=EVENT               kernel.outbox (this context publishes nothing yet)
    PK=<powertools>                         idempotency records of the consumer (kernel.consumer)
"""

from __future__ import annotations

from kernel.replica import Replica
from kernel.table import GSI1, ContextTable, GSI1Keys, index_keys
from pynamodb.attributes import BooleanAttribute, JSONAttribute, NumberAttribute, UnicodeAttribute

COUNTERS, PRESENCE, CONNECTION, ERASED = "COUNTERS", "PRESENCE", "CONNECTION", "ERASED"
INDEX_KEYS = index_keys(1)["GSI1"]


class Note(GSI1Keys, ContextTable):
    unread_index = GSI1()
    id = UnicodeAttribute()
    userId = UnicodeAttribute()
    type = UnicodeAttribute()
    metadata = JSONAttribute()
    read = BooleanAttribute(default=False)
    createdAt = UnicodeAttribute()
    updatedAt = UnicodeAttribute()
    expiresAt = NumberAttribute(null=True)  # TTL: set when it is read (inbox.READ_RETENTION_SECONDS)


class Erased(ContextTable):
    erasedAt = UnicodeAttribute()


class Preference(ContextTable):
    inApp = BooleanAttribute()
    email = BooleanAttribute()
    updatedAt = UnicodeAttribute()


class Counters(ContextTable):
    unread = NumberAttribute(null=True)


class UserConnection(ContextTable):
    connectionId = UnicodeAttribute()
    connectedAt = UnicodeAttribute()
    expiresAt = NumberAttribute()
    sessionId = UnicodeAttribute(null=True)
    tokenIssuedAt = NumberAttribute(null=True)
    tokenExpiresAt = NumberAttribute(null=True)


class ConnectionOwner(GSI1Keys, ContextTable):
    expiry_index = GSI1()
    userId = UnicodeAttribute()
    expiresAt = NumberAttribute()


class Presence(ContextTable):
    connections = NumberAttribute(null=True)
    online = BooleanAttribute(null=True)


class Follower(Replica):
    followerId = UnicodeAttribute(null=True)
    followedId = UnicodeAttribute(null=True)
    active = BooleanAttribute(null=True)


class Partner(ContextTable):
    partnerId = UnicodeAttribute()


class ConversationRead(ContextTable):
    readUpTo = UnicodeAttribute()
    expiresAt = NumberAttribute()


class EventName(Replica):
    name = UnicodeAttribute(null=True)


def user_key(user_id: str) -> str:
    return f"USER#{user_id}"


def note_key(note_id: str) -> str:
    return f"NOTE#{note_id}"


def conversation_read_key(conversation_id: str) -> str:
    return f"CHATREAD#{conversation_id}"


def preference_key(note_type: str) -> str:
    return f"PREF#{note_type}"


PRODUCER = "notifications"  # kernel.unit_of_work: this context's writes (it publishes preferences.changed)

"""The chat table (single-table design), its PynamoDB models, the unit of work and one-Query pages.

    PK=USER#<id>            SK=PROFILE         user replica (kernel.replica: role, name, username, avatar, each with
                                               the time of its message, <field>At); a tombstone (`deletedAt`, no
                                               names, kept for good: a deleted partner shows as such) once deleted
    PK=USER#<id>            SK=TERM#<n>        the name from its n-th word on (at most MAX_TERMS), for suggestions:
                                               GSI1 NAMES#<role> / <name key from word n>#<id>
    PK=USER#<id>            SK=UNREAD          the user's unread messages over all conversations (a counter)
    PK=PAIR#<low>#<high>    SK=CONVERSATION    the conversation of a pair of users (sorted ids): its conditional
                                               put makes "the first message creates it" race-free
    PK=USER#<id>            SK=CONV#<conv>     a participation: the user's side of a conversation (partner, last
                                               message, unread count, lastReadAt), rewritten by every message.
                                               GSI2 CONVS#<id> / <updatedAt>#<conv>: the user's list, newest first
    PK=CONV#<conv>          SK=MSG#<at>#<id>   a message; the conversation's messages, newest first
    PK=OUTBOX#<id>          SK=EVENT           domain events (kernel.outbox)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from kernel import unit_of_work
from kernel.replica import Replica, alive
from kernel.table import GSI1, GSI2, ContextTable, GSI1Keys, GSI2Keys
from kernel.unit_of_work import Unit
from pynamodb.attributes import NumberAttribute, UnicodeAttribute

PRODUCER = "chat"
PROFILE, UNREAD, CONVERSATION = "PROFILE", "UNREAD", "CONVERSATION"
T = TypeVar("T")


RECENT_INDEX_KEY = ("PK", "SK", "GSI2PK", "GSI2SK")
TABLE_KEY = ("PK", "SK")


class UserReplica(Replica):
    """Kept by kernel.replica (newest wins field by field, a tombstone once deleted)."""

    userId = UnicodeAttribute(null=True)
    role = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    username = UnicodeAttribute(null=True)
    avatar = UnicodeAttribute(null=True)
    nameAt = UnicodeAttribute(null=True)  # occurredAt of the user.* message the name comes from (kernel.replica)

    @property
    def live(self) -> bool:
        return alive(self) and self.userId is not None


class NameTerm(GSI1Keys, ContextTable):
    """A surplus term (of a shorter name than before) has no GSI1 keys: out of the index."""

    by_name = GSI1()
    userId = UnicodeAttribute()
    version = UnicodeAttribute()  # occurredAt of the user.* message the term comes from


class UnreadTotal(ContextTable):
    unreadCount = NumberAttribute(null=True)


class Pair(ContextTable):
    conversationId = UnicodeAttribute()
    organizationId = UnicodeAttribute()
    memberId = UnicodeAttribute()
    createdAt = UnicodeAttribute()


class Participation(GSI2Keys, ContextTable):
    by_recent = GSI2()
    conversationId = UnicodeAttribute()
    userId = UnicodeAttribute()
    partnerId = UnicodeAttribute()
    organizationId = UnicodeAttribute()
    memberId = UnicodeAttribute()
    createdAt = UnicodeAttribute()
    updatedAt = UnicodeAttribute()
    lastMessageId = UnicodeAttribute()
    lastContent = UnicodeAttribute()
    lastSenderId = UnicodeAttribute()
    unreadCount = NumberAttribute(default=0)
    lastReadAt = UnicodeAttribute(null=True)
    partnerName = UnicodeAttribute(null=True)  # the partner's name key, for the search (kept by the consumer)
    partnerVersion = UnicodeAttribute(null=True)  # occurredAt of the user.* message partnerName comes from


class Message(ContextTable):
    id = UnicodeAttribute()
    conversationId = UnicodeAttribute()
    senderId = UnicodeAttribute()
    content = UnicodeAttribute()
    createdAt = UnicodeAttribute()


def user_key(user_id: str) -> str:
    return f"USER#{user_id}"


def pair_key(one: str, other: str) -> str:
    low, high = sorted((one, other))
    return f"PAIR#{low}#{high}"


def conversation_key(conversation_id: str) -> str:
    return f"CONV#{conversation_id}"


def recent_partition(user_id: str) -> str:
    return f"CONVS#{user_id}"


# --- the unit of work (kernel.unit_of_work): one transaction with the outbox items ---

def commit(write: Callable[[Unit], T], attempts: int = 5) -> T:
    return unit_of_work.commit(PRODUCER, write, attempts, retry_stale=True)

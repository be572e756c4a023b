"""The chat table (single-table design), its PynamoDB models, the unit of work and one-Query pages.

    PK=USER#<id>            SK=PROFILE         user replica (role, name, username, avatar, version); a tombstone
                                               (`deletedAt`, no names) once the user is deleted
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

import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from kernel import outbox
from kernel.aws import region
from kernel.errors import DomainError
from kernel.table import ContextTable
from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

PRODUCER = "chat"
PROFILE, UNREAD, CONVERSATION = "PROFILE", "UNREAD", "CONVERSATION"
T = TypeVar("T")


class NameIndex(GlobalSecondaryIndex[Any]):
    class Meta:
        index_name = "GSI1"
        projection = AllProjection()

    GSI1PK = UnicodeAttribute(hash_key=True)
    GSI1SK = UnicodeAttribute(range_key=True)


class RecentIndex(GlobalSecondaryIndex[Any]):
    class Meta:
        index_name = "GSI2"
        projection = AllProjection()

    GSI2PK = UnicodeAttribute(hash_key=True)
    GSI2SK = UnicodeAttribute(range_key=True)


NAME_INDEX_KEY = ("PK", "SK", "GSI1PK", "GSI1SK")
RECENT_INDEX_KEY = ("PK", "SK", "GSI2PK", "GSI2SK")
TABLE_KEY = ("PK", "SK")


class UserReplica(ContextTable):
    userId = UnicodeAttribute(null=True)
    role = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    username = UnicodeAttribute(null=True)
    avatar = UnicodeAttribute(null=True)
    version = UnicodeAttribute(null=True)  # occurredAt of the user.* message applied last
    deletedAt = UnicodeAttribute(null=True)

    @property
    def live(self) -> bool:
        return self.deletedAt is None and self.userId is not None


class NameTerm(ContextTable):
    by_name = NameIndex()
    userId = UnicodeAttribute()
    version = UnicodeAttribute()  # occurredAt of the user.* message the term comes from
    GSI1PK = UnicodeAttribute()
    GSI1SK = UnicodeAttribute()


class UnreadTotal(ContextTable):
    unreadCount = NumberAttribute(null=True)


class Pair(ContextTable):
    conversationId = UnicodeAttribute()
    organizationId = UnicodeAttribute()
    memberId = UnicodeAttribute()
    createdAt = UnicodeAttribute()


class Participation(ContextTable):
    by_recent = RecentIndex()
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
    GSI2PK = UnicodeAttribute(null=True)
    GSI2SK = UnicodeAttribute(null=True)


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


# --- the unit of work: one TransactWriteItems with the outbox items, its failures mapped to domain errors ---

class Unit:
    """The writes of one transaction. Each write names the domain error its condition stands for, so that a
    condition that fails (another request got there first) answers as a read-time check would have."""

    def __init__(self, transaction: TransactWrite) -> None:
        self.transaction = transaction
        # pynamodb sends condition checks, then deletes, then puts, then updates: the cancellation reasons come
        # back in that order
        self._failures: dict[str, list[DomainError | None]] = {"check": [], "delete": [], "put": [], "update": []}

    @property
    def failures(self) -> list[DomainError | None]:
        return [f for kind in ("check", "delete", "put", "update") for f in self._failures[kind]]

    def save(self, item: Model, condition: Any = None, failure: DomainError | None = None) -> None:
        self.transaction.save(item, condition=condition)
        self._failures["put"].append(failure)

    def update(self, item: Model, actions: list[Any], condition: Any = None,
               failure: DomainError | None = None) -> None:
        self.transaction.update(item, actions=actions, condition=condition)
        self._failures["update"].append(failure)

    def check(self, model: type[Model], hash_key: str, range_key: str, condition: Any,
              failure: DomainError | None = None) -> None:
        self.transaction.condition_check(model, hash_key, range_key, condition=condition)
        self._failures["check"].append(failure)

    def publish(self, event_type: str, payload: dict[str, Any]) -> dict[str, Any]:
        event = outbox.add(self.transaction, event_type, PRODUCER, payload)  # a put
        self._failures["put"].append(None)
        return event


class Stale(Exception):
    """A condition without a domain error failed: what was read changed meanwhile (read again and retry)."""


def commit(write: Callable[[Unit], T], attempts: int = 5) -> T:
    """Run `write` in one transaction. A transaction conflict or a stale read is retried with a fresh `write`
    (it reads its clock again); a condition that stands for a domain error raises that error."""
    for attempt in range(attempts):
        unit = Unit(TransactWrite(connection=Connection(region=region())))
        try:
            with unit.transaction:
                result = write(unit)
            return result
        except TransactWriteError as error:
            codes = [r.code if r else None for r in (error.cancellation_reasons or [])]
            failures = [f for code, f in zip(codes, unit.failures, strict=False) if code == "ConditionalCheckFailed"]
            named = next((f for f in failures if f is not None), None)
            if named is not None:
                raise named from error
            retry = "TransactionConflict" in codes or failures
            if retry and attempt + 1 < attempts:
                time.sleep(random.uniform(0.01, 0.04) * 2 ** attempt)
                continue
            if failures:
                raise Stale(str(error)) from error
            raise
    raise AssertionError("unreachable")


# --- reads ---

def get(model: type[T], hash_key: str, range_key: str) -> T | None:
    try:
        return model.get(hash_key, range_key, consistent_read=True)  # type: ignore[attr-defined]
    except model.DoesNotExist:  # type: ignore[attr-defined]
        return None


def get_many(model: type[T], keys: list[tuple[str, str]]) -> dict[tuple[str, str], T]:
    """BatchGetItem, 100 keys at a time; duplicates asked once."""
    unique = list(dict.fromkeys(keys))
    found: dict[tuple[str, str], T] = {}
    for start in range(0, len(unique), 100):
        for item in model.batch_get(unique[start:start + 100]):  # type: ignore[attr-defined]
            found[(item.PK, item.SK)] = item
    return found


def key_of(item: Model, attributes: tuple[str, ...]) -> dict[str, Any]:
    """The LastEvaluatedKey that resumes a query right after `item`."""
    return {name: {"S": getattr(item, name)} for name in attributes}

"""Conversations and messages: the first message creates the conversation, every message rewrites both
participations (last message, order, the receiver's unread count) and the receiver's unread total, and
publishes `chat.message.created`, all in one transaction."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from kernel.errors import Conflict, NotFound
from kernel.events import now_iso
from kernel.table import get
from kernel.unit_of_work import Stale

from . import users
from .domain import ALREADY_EXISTS, PARTNER_GONE, Conversation, Person, Sent, Sides, is_id, name_key, read_events
from .store import (
    CONVERSATION,
    PROFILE,
    UNREAD,
    Message,
    Pair,
    Participation,
    Unit,
    UnreadTotal,
    UserReplica,
    commit,
    conversation_key,
    pair_key,
    recent_partition,
    user_key,
)

CONVERSATION_NOT_FOUND = "Conversation not found"


@dataclass(frozen=True)
class Sender:
    """The caller as a sender: the token says who and which role; the replica (if it arrived yet) the name."""

    user_id: str
    role: str | None
    username: str


def default_avatar() -> str:
    return f"{os.environ.get('MEDIA_BASE_URL', '')}/users/default.png"


def participation(user_id: str, conversation_id: str) -> Participation | None:
    return get(Participation, user_key(user_id), conversation_key(conversation_id))


def require_participation(user_id: str, conversation_id: str) -> Participation:
    """The caller's side of the conversation: a 404 for a conversation they are not part of."""
    found = participation(user_id, conversation_id)
    if found is None:
        raise NotFound(CONVERSATION_NOT_FOUND)
    return found


def of_pair(one: str, other: str) -> Pair | None:
    return get(Pair, pair_key(one, other), CONVERSATION)


def _as_person(sender: Sender, item: UserReplica | None) -> Person:
    if item is not None and item.live:
        return Person(sender.user_id, item.role or sender.role or "", item.name or sender.username, item.avatar)
    return Person(sender.user_id, sender.role or "", sender.username, None)


def _version_check(unit: Unit, user_id: str, item: UserReplica | None) -> None:
    """The names read are still the newest (else the consumer may have renamed the partners before this
    transaction wrote them: read again)."""
    condition = UserReplica.nameAt == item.nameAt if item is not None and item.nameAt else \
        UserReplica.nameAt.does_not_exist()
    unit.check(UserReplica, user_key(user_id), PROFILE, condition)


def _message(sent: Sent) -> Message:
    return Message(conversation_key(sent.conversation_id), f"MSG#{sent.created_at}#{sent.message_id}",
                   id=sent.message_id, conversationId=sent.conversation_id, senderId=sent.sender_id,
                   content=sent.content, createdAt=sent.created_at)


def start(sender: Sender, recipient_id: str, content: str) -> Message:
    """The first message of a pair creates the conversation (Conversation.start decides): the pair's item is put
    only if absent, so of two first messages sent at once one creates it and the other is a 409."""

    def write(unit: Unit) -> Message:
        recipient_item = users.replica(recipient_id)
        recipient = users.person(recipient_id) if recipient_item is not None and recipient_item.live else None
        sender_item = users.replica(sender.user_id)
        me = _as_person(sender, sender_item)
        conversation = Conversation.start(me, sender.role, recipient, of_pair(sender.user_id, recipient_id) is not None,
                                          content, now_iso(), default_avatar())
        assert recipient is not None and recipient_item is not None and conversation.message is not None
        roles, message, now = conversation.sides, _message(conversation.message), conversation.message.created_at
        unit.save(Pair(pair_key(sender.user_id, recipient.user_id), CONVERSATION, conversationId=conversation.id,
                       organizationId=roles.organization_id, memberId=roles.member_id, createdAt=now),
                  condition=Pair.PK.does_not_exist(), failure=Conflict(ALREADY_EXISTS))
        unit.save(_side(me.user_id, recipient, recipient_item, roles, message, unread=0, read=True))
        unit.save(_side(recipient.user_id, me, sender_item, roles, message, unread=1))
        unit.update(UnreadTotal(user_key(recipient.user_id), UNREAD), [UnreadTotal.unreadCount.add(1)])
        unit.save(message)
        unit.check(UserReplica, user_key(recipient.user_id), PROFILE, users.live_condition() & (
            UserReplica.nameAt == recipient_item.nameAt), failure=None)
        if sender_item is None or sender_item.live:
            _version_check(unit, sender.user_id, sender_item)
        for event in conversation.events:
            unit.publish(*event)
        return message

    return _committed(write)


def _side(user_id: str, partner: Person, partner_item: UserReplica | None, roles: Sides, message: Message,
          unread: int, read: bool = False) -> Participation:
    conversation_id = message.conversationId
    return Participation(
        user_key(user_id), conversation_key(conversation_id), conversationId=conversation_id, userId=user_id,
        partnerId=partner.user_id, organizationId=roles.organization_id, memberId=roles.member_id,
        createdAt=message.createdAt, updatedAt=message.createdAt, lastMessageId=message.id,
        lastContent=message.content, lastSenderId=message.senderId, unreadCount=unread,
        lastReadAt=message.createdAt if read else None,
        partnerName=name_key(partner.name), partnerVersion=partner_item.nameAt if partner_item else None,
        GSI2PK=recent_partition(user_id), GSI2SK=f"{message.createdAt}#{conversation_id}")


def reply(sender: Sender, conversation_id: str, content: str) -> Message:
    """A message in a conversation the sender is part of (Conversation.reply decides)."""

    def write(unit: Unit) -> Message:
        own = require_participation(sender.user_id, conversation_id)
        partner_id = own.partnerId
        conversation = Conversation.reply(conversation_id, Sides(own.organizationId, own.memberId),
                                          _as_person(sender, users.replica(sender.user_id)), partner_id,
                                          users.person(partner_id), content, now_iso(), default_avatar())
        assert conversation.message is not None
        message, now = _message(conversation.message), conversation.message.created_at
        for side, extra in ((own, []), (Participation(user_key(partner_id), own.SK),
                                        [Participation.unreadCount.add(1)])):
            unit.update(side, [Participation.updatedAt.set(now), Participation.GSI2SK.set(f"{now}#{conversation_id}"),
                               Participation.lastMessageId.set(message.id), Participation.lastContent.set(content),
                               Participation.lastSenderId.set(sender.user_id), *extra],
                        # strictly later than the last message: what a reader marked read stays before it
                        condition=Participation.PK.exists() & (Participation.updatedAt < now))
        unit.update(UnreadTotal(user_key(partner_id), UNREAD), [UnreadTotal.unreadCount.add(1)])
        unit.save(message)
        unit.check(UserReplica, user_key(partner_id), PROFILE, users.live_condition(), failure=Conflict(PARTNER_GONE))
        for event in conversation.events:
            unit.publish(*event)
        return message

    return _committed(write)


def _committed(write: Any) -> Message:
    try:
        return commit(write)  # type: ignore[no-any-return]
    except Stale as error:
        raise Conflict("The conversation changed meanwhile; send again") from error


def mark_read(user_id: str, conversation_id: str, attempts: int = 5) -> None:
    """Everything the user's side counts is read: its unread count goes to 0, their total drops by it, and
    lastReadAt becomes the side's updatedAt (the newest message it counts; a later message has a later
    createdAt, see `reply`), with `chat.conversation.read` when it counted unread messages. Applied only if the
    side is still as read, else read again."""
    for _ in range(attempts):
        own = require_participation(user_id, conversation_id)
        unread, newest = int(own.unreadCount or 0), own.updatedAt
        if unread == 0 and own.lastReadAt == newest:
            return

        def write(unit: Unit, own: Participation = own, unread: int = unread, newest: str = newest) -> None:
            unit.update(own, [Participation.unreadCount.set(0), Participation.lastReadAt.set(newest)],
                        condition=Participation.PK.exists() & (Participation.unreadCount == unread)
                        & (Participation.updatedAt == newest))
            if unread:
                unit.update(UnreadTotal(user_key(user_id), UNREAD), [UnreadTotal.unreadCount.add(-unread)])
            for event in read_events(conversation_id, user_id, unread, newest):
                unit.publish(*event)

        try:
            commit(write, attempts=1)
            return
        except Stale:
            continue
    raise Conflict("The conversation keeps changing; try again")


def unread_total(user_id: str) -> int:
    item = get(UnreadTotal, user_key(user_id), UNREAD)
    return max(int(item.unreadCount or 0), 0) if item else 0


def messages_page(conversation_id: str, limit: int, start_key: dict | None) -> tuple[list[Message], dict | None]:
    """One page of the conversation's messages, newest first: one Query."""
    results = Message.query(conversation_key(conversation_id), Message.SK.startswith("MSG#"),
                            scan_index_forward=False, limit=limit + 1, page_size=limit + 1,
                            last_evaluated_key=start_key)
    found = list(results)
    if len(found) <= limit:
        return found, None
    page = found[:limit]
    return page, {"PK": {"S": page[-1].PK}, "SK": {"S": page[-1].SK}}


def recent_page(user_id: str, limit: int, start_key: dict | None, partner_name: str | None = None,
                partner_prefix: str | None = None) -> tuple[list[Participation], dict | None]:
    """One page of the user's conversations, newest first. Unfiltered it is one Query; with filters the query
    reads on through the user's own conversations until the page is full (its cost: their conversations)."""
    conditions = ([Participation.partnerName.contains(name_key(partner_name))] if partner_name else []) + (
        [Participation.partnerId.startswith(partner_prefix)] if partner_prefix else [])
    condition: Any = None
    for each in conditions:
        condition = each if condition is None else condition & each
    results = Participation.by_recent.query(recent_partition(user_id), scan_index_forward=False,
                                            filter_condition=condition, limit=limit + 1,
                                            page_size=limit + 1, last_evaluated_key=start_key)
    found = list(results)
    if len(found) <= limit:
        return found, None
    page = found[:limit]
    last = page[-1]
    return page, {"PK": {"S": last.PK}, "SK": {"S": last.SK}, "GSI2PK": {"S": last.GSI2PK},
                  "GSI2SK": {"S": last.GSI2SK}}


def side_of_pair(caller_id: str, one: str, other: str) -> Participation:
    """The caller's side of the conversation of a pair they are part of (either order); a 404 otherwise, so
    that nobody learns who talks with whom."""
    if caller_id not in (one, other) or not (is_id(one) and is_id(other)):
        raise NotFound(CONVERSATION_NOT_FOUND)
    pair = of_pair(one, other)
    if pair is None:
        raise NotFound(CONVERSATION_NOT_FOUND)
    return require_participation(caller_id, pair.conversationId)

"""The chat context's rules (reference §2.4 and §6, with the fixes of §12), as plain Python: no AWS, no HTTP."""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import Any

from kernel.errors import Conflict, Forbidden, NotFound, ValidationFailed

MEMBER, ORGANIZATION = "member", "organization"
MAX_CONTENT = 10_000
MAX_NAME_KEY = 100
MAX_TERMS = 6  # a name is found from the start of any of its first six words
UNKNOWN_NAME, DELETED_NAME = "Unknown User", "Deleted user"
MEMBERS_ONLY = "Conversations between two members are not allowed"
WITH_ONESELF = "You cannot start a conversation with yourself"
USER_NOT_FOUND = "User not found"
ALREADY_EXISTS = "Conversation already exists. Use the existing conversation endpoint."
PARTNER_GONE = "The other participant has deleted their account"


@dataclass(frozen=True)
class Person:
    """What chat knows of a user (a replica fed by `user.*`)."""

    user_id: str
    role: str
    name: str
    avatar: str | None


@dataclass(frozen=True)
class Sides:
    """Who is the conversation's organization and who its counterpart (the reference's `userId`)."""

    organization_id: str
    member_id: str


def sides(sender_id: str, sender_role: str | None, recipient_id: str, recipient_role: str) -> Sides:
    """Member <-> organization: the organization is `organization`. Organization <-> organization: the smaller id
    is. Member <-> member is refused: a 403, as the rule is who may talk to whom, not a malformed request."""
    if sender_id == recipient_id:
        raise ValidationFailed(WITH_ONESELF)
    if sender_role not in (MEMBER, ORGANIZATION):
        raise Forbidden("Only members and organizations can chat")
    if sender_role == MEMBER and recipient_role == MEMBER:
        raise Forbidden(MEMBERS_ONLY)
    if sender_role == ORGANIZATION and recipient_role == ORGANIZATION:
        low, high = sorted((sender_id, recipient_id))
        return Sides(low, high)
    if sender_role == ORGANIZATION:
        return Sides(sender_id, recipient_id)
    return Sides(recipient_id, sender_id)


def opposite_role(role: str | None) -> str | None:
    """Whose names a search suggests: members see organizations, organizations see members."""
    return {MEMBER: ORGANIZATION, ORGANIZATION: MEMBER}.get(role or "")


def name_key(name: str) -> str:
    """A name as the search compares it: accents dropped, case folded, blanks collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"\s+", " ", plain).strip()[:MAX_NAME_KEY]


def name_terms(name: str) -> list[str]:
    """The name key from the start of each of its first MAX_TERMS words: a prefix query on these finds a name by
    the start of any word ("cafe" finds "Blue Café")."""
    words = name_key(name).split(" ")
    return [" ".join(words[n:]) for n in range(min(len(words), MAX_TERMS))]


def is_id(value: str) -> bool:
    """Ids are UUIDs as this platform writes them (lower case, with hyphens); anything else names nothing (a 404,
    never a lookup with a malformed key)."""
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


@dataclass(frozen=True)
class Sent:
    """A message as a send decided it."""

    message_id: str
    conversation_id: str
    sender_id: str
    content: str
    created_at: str


@dataclass
class Conversation:
    """A conversation as one message changes it: its sides, the message sent, and the domain events that causes
    (the store writes both participations, the counters and the message, and publishes the events)."""

    id: str
    sides: Sides
    sender: Person
    receiver_id: str
    message: Sent | None = None
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @classmethod
    def start(cls, sender: Person, sender_role: str | None, recipient: Person | None, paired: bool, content: str,
              now: str, default_avatar: str) -> Conversation:
        """The first message of a pair creates the conversation: to a user chat knows, between roles that may
        talk, only once per pair (the store's condition on the pair settles a race the same way)."""
        if recipient is None:
            raise NotFound(USER_NOT_FOUND)
        roles = sides(sender.user_id, sender_role, recipient.user_id, recipient.role)
        if paired:
            raise Conflict(ALREADY_EXISTS)
        conversation = cls(str(uuid.uuid4()), roles, sender, recipient.user_id)
        conversation._send(content, now, default_avatar)
        return conversation

    @classmethod
    def reply(cls, conversation_id: str, roles: Sides, sender: Person, partner_id: str, partner: Person | None,
              content: str, now: str, default_avatar: str) -> Conversation:
        """A message in a conversation the sender is part of; the partner must still have an account."""
        if partner is None:
            raise Conflict(PARTNER_GONE)
        conversation = cls(conversation_id, roles, sender, partner_id)
        conversation._send(content, now, default_avatar)
        return conversation

    def _send(self, content: str, now: str, default_avatar: str) -> None:
        self.message = sent = Sent(str(uuid.uuid4()), self.id, self.sender.user_id, content, now)
        self.events.append(("chat.message.created", {
            "conversationId": self.id, "messageId": sent.message_id, "senderId": self.sender.user_id,
            "senderName": self.sender.name, "senderAvatar": self.sender.avatar or default_avatar,
            "receiverId": self.receiver_id, "message": content, "createdAt": now}))


def read_events(conversation_id: str, reader_id: str, unread: int, read_up_to: str) -> list[tuple[str, dict[str, Any]]]:
    """What a read tells: `chat.conversation.read` when it counted unread messages (the notifications context
    marks the reader's notifications of the messages up to `read_up_to`, the newest one's createdAt, read); a read
    of nothing new tells nothing."""
    if unread <= 0:
        return []
    return [("chat.conversation.read", {"conversationId": conversation_id, "userId": reader_id,
                                        "readUpTo": read_up_to})]

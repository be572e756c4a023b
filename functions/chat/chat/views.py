"""What the chat API sends (reference §2.4 shapes, with the cursor pagination of api-conventions), and how its
routes are documented in the OpenAPI document."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from kernel import http, responses
from kernel.errors import FieldError, ValidationFailed
from kernel.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageRequest, encode_cursor

from .conversations import default_avatar
from .domain import DELETED_NAME, UNKNOWN_NAME
from .store import Message, Participation, UserReplica

T = TypeVar("T")


class PersonView(http.View):
    id: str
    name: str
    avatar: str
    deleted: bool | None = None  # true for a user who deleted their account (left out otherwise)


class LastMessageView(http.View):
    content: str
    sender_id: str
    timestamp: str


class ConversationView(http.View):
    """A conversation of the caller; a suggestion (a user to start one with) has a null id and lastMessage and no
    dates."""

    id: str | None
    organization: PersonView
    member: PersonView
    partner_id: str
    last_message: LastMessageView | None
    unread_count: int
    created_at: str | None = None
    updated_at: str | None = None


class SentView(http.View):
    id: str
    conversation_id: str
    sender_id: str
    content: str
    created_at: str


class MessageView(http.View):
    id: str
    conversation_id: str
    sender: PersonView
    content: str
    created_at: str
    is_read: bool  # the reader had read up to it before this read


class UnreadTotalView(http.View):
    unread_count: int


def person_view(user_id: str, replicas: dict[str, UserReplica]) -> PersonView:
    """A deleted user is shown as such, one chat has not heard of yet as unknown."""
    item = replicas.get(user_id)
    if item is not None and item.deletedAt is not None:
        return PersonView(id=user_id, name=DELETED_NAME, avatar=default_avatar(), deleted=True)
    if item is None or not item.live:
        return PersonView(id=user_id, name=UNKNOWN_NAME, avatar=default_avatar())
    return PersonView(id=user_id, name=item.name or item.username or UNKNOWN_NAME,
                      avatar=item.avatar or default_avatar())


def conversation_view(side: Participation, replicas: dict[str, UserReplica]) -> ConversationView:
    return ConversationView(
        id=side.conversationId, organization=person_view(side.organizationId, replicas),
        member=person_view(side.memberId, replicas), partner_id=side.partnerId,
        last_message=LastMessageView(content=side.lastContent, sender_id=side.lastSenderId, timestamp=side.updatedAt),
        unread_count=max(int(side.unreadCount or 0), 0), created_at=side.createdAt, updated_at=side.updatedAt)


def suggestion_view(item: UserReplica, caller_id: str, caller_replicas: dict[str, UserReplica]) -> ConversationView:
    """A user the caller has no conversation with yet, as a list item without id (reference §6)."""
    suggested = person_view(item.userId or "", {item.userId or "": item})
    me = person_view(caller_id, caller_replicas)
    organization, member = (suggested, me) if item.role == "organization" else (me, suggested)
    return ConversationView(id=None, organization=organization, member=member, partner_id=suggested.id,
                            last_message=None, unread_count=0)


def sent_view(message: Message) -> SentView:
    return SentView(id=message.id, conversation_id=message.conversationId, sender_id=message.senderId,
                    content=message.content, created_at=message.createdAt)


def message_view(message: Message, replicas: dict[str, UserReplica], last_read_at: str | None) -> MessageView:
    """isRead: the reader had read up to it before this read (reference §2.4)."""
    return MessageView(id=message.id, conversation_id=message.conversationId,
                       sender=person_view(message.senderId, replicas), content=message.content,
                       created_at=message.createdAt,
                       is_read=last_read_at is not None and message.createdAt <= last_read_at)


# The paging parameters as the OpenAPI document shows them (page_request reads and checks them).
Limit = Annotated[str | None, Query(description=f"1 to {MAX_LIMIT}, default {DEFAULT_LIMIT}")]
Cursor = Annotated[str | None, Query(description="nextCursor of the page before")]


def page_request(router: APIGatewayHttpRouter, key_attributes: tuple[str, ...], partition: str) -> PageRequest:
    """`limit` and `cursor` of the query string; a cursor of another list is a 400 like any bad cursor."""
    query = dict(router.current_event.query_string_parameters or {})
    request = PageRequest.parse(query, key_attributes)
    partition_attribute = key_attributes[2] if len(key_attributes) > 2 else "PK"
    if request.start_key and request.start_key[partition_attribute].get("S") != partition:
        raise ValidationFailed("Bad paging parameters", [FieldError("cursor", "is not a cursor of this list")])
    return request


def page(items: list[T], last_key: dict[str, Any] | None) -> responses.Page[T]:
    return responses.Page[T](items=items, next_cursor=encode_cursor(last_key))


_PROBLEMS = {400: "The request is not valid", 401: "No valid access token",
             403: "Not the caller's own conversations, or a conversation the roles do not allow",
             404: "No such conversation or user (for this caller)", 409: "A conflicting state"}


# A route's answers for its OpenAPI document: its success and the problems (kernel.responses).
documented = responses.Answers(_PROBLEMS)

"""What the chat API sends (reference §2.4 shapes, with the cursor pagination of api-conventions), and how its
routes are documented in the OpenAPI document."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from kernel import responses
from kernel.errors import FieldError, ValidationFailed
from kernel.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageRequest, encode_cursor

from .conversations import default_avatar
from .domain import DELETED_NAME, UNKNOWN_NAME
from .store import Message, Participation, UserReplica


def person_view(user_id: str, replicas: dict[str, UserReplica]) -> dict[str, Any]:
    """{id, name, avatar}; a deleted user is shown as such, one chat has not heard of yet as unknown."""
    item = replicas.get(user_id)
    if item is not None and item.deletedAt is not None:
        return {"id": user_id, "name": DELETED_NAME, "avatar": default_avatar(), "deleted": True}
    if item is None or not item.live:
        return {"id": user_id, "name": UNKNOWN_NAME, "avatar": default_avatar()}
    return {"id": user_id, "name": item.name or item.username or UNKNOWN_NAME,
            "avatar": item.avatar or default_avatar()}


def conversation_view(side: Participation, replicas: dict[str, UserReplica]) -> dict[str, Any]:
    return {"id": side.conversationId, "organization": person_view(side.organizationId, replicas),
            "member": person_view(side.memberId, replicas), "partnerId": side.partnerId,
            "lastMessage": {"content": side.lastContent, "senderId": side.lastSenderId, "timestamp": side.updatedAt},
            "unreadCount": max(int(side.unreadCount or 0), 0), "createdAt": side.createdAt,
            "updatedAt": side.updatedAt}


def suggestion_view(item: UserReplica, caller_id: str, caller_replicas: dict[str, UserReplica]) -> dict[str, Any]:
    """A user the caller has no conversation with yet, as a list item without id (reference §6)."""
    suggested = person_view(item.userId or "", {item.userId or "": item})
    me = person_view(caller_id, caller_replicas)
    organization, member = (suggested, me) if item.role == "organization" else (me, suggested)
    return {"id": None, "organization": organization, "member": member, "partnerId": suggested["id"],
            "lastMessage": None, "unreadCount": 0}


def sent_view(message: Message) -> dict[str, Any]:
    return {"id": message.id, "conversationId": message.conversationId, "senderId": message.senderId,
            "content": message.content, "createdAt": message.createdAt}


def message_view(message: Message, replicas: dict[str, UserReplica], last_read_at: str | None) -> dict[str, Any]:
    """isRead: the reader had read up to it before this read (reference §2.4)."""
    return {"id": message.id, "conversationId": message.conversationId,
            "sender": person_view(message.senderId, replicas), "content": message.content,
            "createdAt": message.createdAt, "isRead": last_read_at is not None and message.createdAt <= last_read_at}


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


def page(items: list[Any], last_key: dict[str, Any] | None) -> dict[str, Any]:
    return {"items": items, "nextCursor": encode_cursor(last_key)}


_PROBLEMS = {400: "The request is not valid", 401: "No valid access token",
             403: "Not the caller's own conversations, or a conversation the roles do not allow",
             404: "No such conversation or user (for this caller)", 409: "A conflicting state"}


# A route's answers for its OpenAPI document: its success and the problems (kernel.responses).
documented = responses.Answers(_PROBLEMS)

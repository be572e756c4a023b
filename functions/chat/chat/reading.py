"""Reading a conversation's messages: a page newest first, each with `isRead` as the reader had it, then
everything is read for them (reference §6: a read resets the reader's unread count)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from kernel.responses import Page

from . import conversations, users
from .store import TABLE_KEY, Participation, conversation_key
from .views import MessageView, message_view, page, page_request


def read_messages(router: APIGatewayHttpRouter, side: Participation) -> Page[MessageView]:
    request = page_request(router, TABLE_KEY, conversation_key(side.conversationId))
    messages, last_key = conversations.messages_page(side.conversationId, request.limit, request.start_key)
    replicas = users.replicas([side.userId, side.partnerId])
    items = [message_view(message, replicas, side.lastReadAt) for message in messages]
    conversations.mark_read(side.userId, side.conversationId)
    return page(items, last_key)

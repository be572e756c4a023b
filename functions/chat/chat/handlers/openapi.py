"""GET /chat/openapi.json: the chat API described from its handlers' models (OpenAPI 3.1)."""

from __future__ import annotations

from kernel import http

from . import (
    get_conversation,
    get_conversation_by_pair,
    list_conversations,
    list_messages,
    list_messages_by_pair,
    mark_read,
    search_conversations,
    send_message,
    start_conversation,
    unread_count,
)

ROUTERS = [start_conversation.router, send_message.router, list_conversations.router, search_conversations.router,
           get_conversation.router, list_messages.router, mark_read.router, unread_count.router,
           get_conversation_by_pair.router, list_messages_by_pair.router]

handler = http.entrypoint(http.create_app("chat", *ROUTERS))

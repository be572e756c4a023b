"""GET /chat/users/{userId}/conversations/{conversationId}/messages: a page of the conversation's messages,
newest first; the caller has then read the conversation (their unread counters drop)."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound
from kernel.responses import Page

from .. import conversations
from ..domain import is_id
from ..reading import read_messages
from ..views import Cursor, Limit, MessageView, documented

router = http.router()


@router.get("/chat/users/<userId>/conversations/<conversationId>/messages", security=http.AUTHENTICATED,
            responses=documented(200, "A page of messages, newest first", 400, 401, 403, 404,
                                 model=Page[MessageView]))
def list_messages(userId: str, conversationId: str,  # noqa: N803 - the path parameters' names
                  limit: Limit = None, cursor: Cursor = None) -> object:
    http.caller(router).require_self(userId)
    if not is_id(conversationId):
        raise NotFound(conversations.CONVERSATION_NOT_FOUND)
    side = conversations.require_participation(userId, conversationId)
    return http.json_response(200, read_messages(router, side))


handler = http.entrypoint(http.create_app("chat", router))

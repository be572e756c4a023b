"""PATCH /chat/users/{userId}/conversations/{conversationId}/read: the caller has read the conversation (204);
its unread count is 0 and their total drops by what it was."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound

from .. import conversations
from ..domain import is_id
from ..views import documented

router = http.router()


@router.patch("/chat/users/<userId>/conversations/<conversationId>/read", security=http.AUTHENTICATED,
              responses=documented(204, "Read", 401, 403, 404, 409))
def mark_read(userId: str, conversationId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    if not is_id(conversationId):
        raise NotFound(conversations.CONVERSATION_NOT_FOUND)
    conversations.mark_read(userId, conversationId)
    return http.json_response(204)


handler = http.entrypoint(http.create_app("chat", router))

"""GET /chat/users/{userId}/conversations/{conversationId}: one of the caller's conversations (404 for any
other)."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound

from .. import conversations, users
from ..domain import is_id
from ..views import ConversationView, conversation_view, documented

router = http.router()


@router.get("/chat/users/<userId>/conversations/<conversationId>", security=http.AUTHENTICATED,
            responses=documented(200, "The conversation", 401, 403, 404, model=ConversationView))
def get_conversation(userId: str, conversationId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    if not is_id(conversationId):
        raise NotFound(conversations.CONVERSATION_NOT_FOUND)
    side = conversations.require_participation(userId, conversationId)
    return http.json_response(200, conversation_view(side, users.replicas([userId, side.partnerId])))


handler = http.entrypoint(http.create_app("chat", router))

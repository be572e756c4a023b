"""GET /chat/users/{userId}/conversations: the caller's conversations, newest message first, with both sides,
the last message and the caller's unread count. One Query and one BatchGetItem per page."""

from __future__ import annotations

from kernel import http
from kernel.responses import Page

from .. import conversations, users
from ..store import RECENT_INDEX_KEY, recent_partition
from ..views import ConversationView, Cursor, Limit, conversation_view, documented, page, page_request

router = http.router()


@router.get("/chat/users/<userId>/conversations", security=http.AUTHENTICATED,
            responses=documented(200, "A page of conversations, newest first", 400, 401, 403,
                                 model=Page[ConversationView]))
def list_conversations(userId: str,  # noqa: N803 - the path parameters' names
                       limit: Limit = None, cursor: Cursor = None) -> object:
    http.caller(router).require_self(userId)
    request = page_request(router, RECENT_INDEX_KEY, recent_partition(userId))
    sides, last_key = conversations.recent_page(userId, request.limit, request.start_key)
    replicas = users.replicas([userId, *(side.partnerId for side in sides)])
    return http.json_response(200, page([conversation_view(side, replicas) for side in sides], last_key))


handler = http.entrypoint(http.create_app("chat", router))

"""GET /chat/users/{userId}/unread/count: {unreadCount}, the caller's unread messages over all conversations
(a counter the messages and reads keep, one GetItem)."""

from __future__ import annotations

from kernel import http

from .. import conversations
from ..views import UnreadTotalView, documented

router = http.router()


@router.get("/chat/users/<userId>/unread/count", security=http.AUTHENTICATED,
            responses=documented(200, "The caller's unread messages over all conversations", 401, 403,
                                 model=UnreadTotalView))
def unread_count(userId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    return http.json_response(200, UnreadTotalView(unread_count=conversations.unread_total(userId)))


handler = http.entrypoint(http.create_app("chat", router))

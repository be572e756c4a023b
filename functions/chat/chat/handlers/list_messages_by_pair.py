"""GET /chat/conversations/{organizationId}/{userId}/messages: the messages of a pair's conversation as the
caller (one of the two) sees them, newest first; the caller has then read it. A 404 for anyone else."""

from __future__ import annotations

from kernel import http
from kernel.responses import Page

from .. import conversations
from ..reading import read_messages
from ..views import Cursor, Limit, MessageView, documented

router = http.router()


@router.get("/chat/conversations/<organizationId>/<userId>/messages", security=http.AUTHENTICATED,
            responses=documented(200, "A page of messages, newest first", 400, 401, 404,
                                 model=Page[MessageView]))
def list_messages_by_pair(organizationId: str, userId: str,  # noqa: N803 - the path parameters' names
                          limit: Limit = None, cursor: Cursor = None) -> object:
    caller = http.caller(router)
    side = conversations.side_of_pair(caller.user_id, organizationId, userId)
    return http.json_response(200, read_messages(router, side))


handler = http.entrypoint(http.create_app("chat", router))

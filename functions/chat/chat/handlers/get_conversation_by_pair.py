"""GET /chat/conversations/{organizationId}/{userId}: the conversation of a pair, for one of the two (to open a
chat from a profile page); a 404 for anyone else and for a pair without a conversation."""

from __future__ import annotations

from kernel import http

from .. import conversations, users
from ..views import ConversationView, conversation_view, documented

router = http.router()


@router.get("/chat/conversations/<organizationId>/<userId>", security=http.AUTHENTICATED,
            responses=documented(200, "The conversation", 401, 404, model=ConversationView))
def get_conversation_by_pair(organizationId: str, userId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    side = conversations.side_of_pair(caller.user_id, organizationId, userId)
    return http.json_response(200, conversation_view(side, users.replicas([side.userId, side.partnerId])))


handler = http.entrypoint(http.create_app("chat", router))

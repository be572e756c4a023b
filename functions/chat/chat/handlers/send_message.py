"""POST /chat/users/{userId}/conversations/{conversationId}/messages {content}: the caller sends a message in
one of their conversations (201); the partner's unread counters go up; `chat.message.created`.

A conversation the caller is not part of is a 404; a partner who deleted their account a 409. An
`Idempotency-Key` retry answers the first 201."""

from __future__ import annotations

from typing import Any, cast

from aws_lambda_powertools.event_handler import Response
from kernel import http, idempotency
from kernel.errors import NotFound
from pydantic import Field

from .. import conversations
from ..domain import MAX_CONTENT, is_id
from ..views import SentView, documented, sent_view

router = http.router()


class NewMessage(http.Command):
    content: str = Field(min_length=1, max_length=MAX_CONTENT)


@router.post("/chat/users/<userId>/conversations/<conversationId>/messages", security=http.AUTHENTICATED,
             status_code=201, responses=documented(201, "The message", 400, 401, 403, 404, 409,
                                                                      model=SentView))
def send_message(userId: str, conversationId: str, message: NewMessage) -> object:  # noqa: N803
    caller = http.caller(router)
    caller.require_self(userId)

    def command() -> Response:
        if not is_id(conversationId):
            raise NotFound(conversations.CONVERSATION_NOT_FOUND)
        sender = conversations.Sender(caller.user_id, caller.role, caller.username)
        return http.json_response(201, sent_view(conversations.reply(sender, conversationId, message.content)))

    return idempotency.once(cast(Any, router), caller.user_id, command)


handler = http.entrypoint(http.create_app("chat", router))

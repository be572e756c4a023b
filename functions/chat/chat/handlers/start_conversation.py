"""POST /chat/users/{userId}/conversations {recipientId, content}: the caller's first message to someone
creates their conversation (201, the message); `chat.message.created`.

Member <-> member is a 403; an unknown or deleted recipient a 404; a pair that already has a conversation a 409
(send in it instead). An `Idempotency-Key` retry answers the first 201."""

from __future__ import annotations

from typing import Any, cast

from aws_lambda_powertools.event_handler import Response
from kernel import http, idempotency
from kernel.errors import NotFound
from pydantic import Field

from .. import conversations, users
from ..domain import MAX_CONTENT, is_id
from ..views import SentView, documented, sent_view

router = http.router()


class FirstMessage(http.Command):
    recipient_id: str = Field(min_length=1, max_length=64)
    content: str = Field(min_length=1, max_length=MAX_CONTENT)


@router.post("/chat/users/<userId>/conversations", security=http.AUTHENTICATED, status_code=201,
             responses=documented(201, "The first message, in the new conversation", 400, 401, 403,
                                            404, 409, model=SentView))
def start_conversation(userId: str, message: FirstMessage) -> object:  # noqa: N803 - the path parameter's name
    caller = http.caller(router)
    caller.require_self(userId)

    def command() -> Response:
        if not is_id(message.recipient_id):
            raise NotFound(users.USER_NOT_FOUND)
        sender = conversations.Sender(caller.user_id, caller.role, caller.username)
        return http.json_response(201, sent_view(conversations.start(sender, message.recipient_id, message.content)))

    return idempotency.once(cast(Any, router), caller.user_id, command)  # a router has the resolver's event


handler = http.entrypoint(http.create_app("chat", router))

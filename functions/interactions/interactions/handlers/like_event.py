"""POST /interactions/events/{eventId}/likes: the caller likes the event (201); `interactions.like.created`.

Drafts cannot be liked (400 for their creator, 404 for everyone else, who cannot see them); published,
cancelled and completed events can. A second like is a 409; an `Idempotency-Key` retry answers the first 201."""

from __future__ import annotations

from typing import Any, cast

from aws_lambda_powertools.event_handler import Response
from kernel import http, idempotency
from kernel.errors import Conflict

from .. import likes, replicas
from ..domain import check_can_like
from ..views import LikeView, answer, documented

router = http.router()


@router.post("/interactions/events/<eventId>/likes", security=http.AUTHENTICATED,
             responses=documented(201, "The like", 400, 401, 404, 409, model=LikeView))
def like_event(eventId: str) -> object:  # noqa: N803 - the path parameter's name
    caller = http.caller(router)

    def command() -> Response:
        liker = replicas.require_person(caller.user_id)
        event, _ = replicas.require_visible_event(eventId, caller.user_id)
        check_can_like(event)
        if likes.find(eventId, caller.user_id) is not None:
            raise Conflict("Already liked this event")
        row = likes.like(event, liker)
        return answer(201, LikeView, {"eventId": row.eventId, "userId": row.userId, "likedAt": row.createdAt})

    return idempotency.once(cast(Any, router), caller.user_id, command)  # a router has the resolver's event


handler = http.entrypoint(http.create_app("interactions", router))

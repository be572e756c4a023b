"""DELETE /interactions/events/{eventId}/likes/{userId}: the owner takes the like back (204);
`interactions.like.deleted`. No like is a 404 `Like not found`."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound

from .. import likes, replicas
from ..views import documented

router = http.router()


@router.delete("/interactions/events/<eventId>/likes/<userId>", security=http.AUTHENTICATED,
               responses=documented(204, "Unliked", 401, 403, 404))
def unlike_event(eventId: str, userId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    event = replicas.require_event(eventId)
    row = likes.find(eventId, userId)
    if row is None:
        raise NotFound(likes.LIKE_NOT_FOUND)
    likes.unlike(row, creator_id=event.creator_id)
    return http.json_response(204)


handler = http.entrypoint(http.create_app("interactions", router))

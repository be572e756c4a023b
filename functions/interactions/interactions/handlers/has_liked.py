"""GET /interactions/users/{userId}/likes/{eventId}: whether the user liked the event."""

from __future__ import annotations

from kernel import http

from .. import likes, replicas
from ..views import HasLikedView, answer, documented

router = http.router()


@router.get("/interactions/users/<userId>/likes/<eventId>",
            responses=documented(200, "Whether the user likes the event", 404, model=HasLikedView))
def has_liked(userId: str, eventId: str) -> object:  # noqa: N803
    viewer = http.optional_caller(router)
    replicas.require_person(userId)
    replicas.require_visible_event(eventId, viewer.user_id if viewer else None)
    return answer(200, HasLikedView, {"hasLiked": likes.find(eventId, userId) is not None})


handler = http.entrypoint(http.create_app("interactions", router))

"""GET /interactions/users/{userId}/likes: the events the user liked, newest first."""

from __future__ import annotations

from kernel import http

from .. import likes, queries, replicas
from ..views import LikedEventPage, answer, documented

router = http.router()


@router.get("/interactions/users/<userId>/likes",
            responses=documented(200, "The events the user likes, newest first", 400, 404, model=LikedEventPage))
def list_user_likes(userId: str) -> object:  # noqa: N803
    replicas.require_person(userId)
    rows, cursor = queries.page_of(likes.liked_by(userId), queries.params(router))
    items = [{"eventId": row.eventId, "likedAt": row.createdAt} for row in rows]
    return answer(200, LikedEventPage, {"items": items, "nextCursor": cursor})


handler = http.entrypoint(http.create_app("interactions", router))

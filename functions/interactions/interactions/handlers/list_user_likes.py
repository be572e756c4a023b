"""GET /interactions/users/{userId}/likes: the events the user liked, newest first."""

from __future__ import annotations

from kernel import http

from .. import likes, queries, replicas

router = http.router()


@router.get("/interactions/users/<userId>/likes")
def list_user_likes(userId: str) -> object:  # noqa: N803
    replicas.require_person(userId)
    rows, cursor = queries.page_of(likes.liked_by(userId), queries.params(router))
    return http.json_response(200, {"items": [{"eventId": row.eventId, "likedAt": row.createdAt} for row in rows],
                                    "nextCursor": cursor})


handler = http.entrypoint(http.create_app("interactions", router))

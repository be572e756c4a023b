"""GET /interactions/events/{eventId}/likes: who liked the event, newest first, and how many did."""

from __future__ import annotations

from kernel import http

from .. import likes, queries, replicas, views
from ..views import LikersPage, answer, documented

router = http.router()


@router.get("/interactions/events/<eventId>/likes",
            responses=documented(200, "Who likes the event, newest first, and how many", 400, 404, model=LikersPage))
def list_event_likes(eventId: str) -> object:  # noqa: N803
    viewer = http.optional_caller(router)
    _, item = replicas.require_visible_event(eventId, viewer.user_id if viewer else None)
    rows, cursor = queries.page_of(likes.likers(eventId), queries.params(router))
    user_ids = [row.userId for row in rows]
    return answer(200, LikersPage, {"items": views.people_page(user_ids, replicas.people(user_ids)),
                                    "nextCursor": cursor, "totalLikes": int(item.likes or 0)})


handler = http.entrypoint(http.create_app("interactions", router))

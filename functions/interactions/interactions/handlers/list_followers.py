"""GET /interactions/users/{userId}/followers: who follows the user, newest first, and how many."""

from __future__ import annotations

from kernel import http

from .. import follows, queries, replicas, views
from ..views import FollowersPage, answer, documented

router = http.router()


@router.get("/interactions/users/<userId>/followers",
            responses=documented(200, "The user's followers, newest first", 400, 404, model=FollowersPage))
def list_followers(userId: str) -> object:  # noqa: N803
    _, item = replicas.require_person_item(userId)
    rows, cursor = queries.page_of(follows.followers(userId), queries.params(router))
    user_ids = [row.followerId for row in rows]
    return answer(200, FollowersPage, {"items": views.people_page(user_ids, replicas.people(user_ids)),
                                       "nextCursor": cursor, "totalFollowers": int(item.followers or 0)})


handler = http.entrypoint(http.create_app("interactions", router))

"""GET /interactions/users/{userId}/following: whom the user follows, newest first, and how many."""

from __future__ import annotations

from kernel import http

from .. import follows, queries, replicas, views
from ..views import FollowingPage, answer, documented

router = http.router()


@router.get("/interactions/users/<userId>/following",
            responses=documented(200, "Whom the user follows, newest first", 400, 404, model=FollowingPage))
def list_following(userId: str) -> object:  # noqa: N803
    _, item = replicas.require_person_item(userId)
    rows, cursor = queries.page_of(follows.following(userId), queries.params(router))
    user_ids = [row.followedId for row in rows]
    return answer(200, FollowingPage, {"items": views.people_page(user_ids, replicas.people(user_ids)),
                                       "nextCursor": cursor, "totalFollowing": int(item.following or 0)})


handler = http.entrypoint(http.create_app("interactions", router))

"""GET /interactions/users/{userId}/following/{followedId}: whether the user follows the other one."""

from __future__ import annotations

from kernel import http

from .. import follows, replicas
from ..views import IsFollowingView, answer, documented

router = http.router()


@router.get("/interactions/users/<userId>/following/<followedId>",
            responses=documented(200, "Whether the user follows the other", 404, model=IsFollowingView))
def is_following(userId: str, followedId: str) -> object:  # noqa: N803
    replicas.require_person(userId)
    replicas.require_person(followedId)
    return answer(200, IsFollowingView, {"isFollowing": follows.find(userId, followedId) is not None})


handler = http.entrypoint(http.create_app("interactions", router))

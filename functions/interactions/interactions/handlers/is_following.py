"""GET /interactions/users/{userId}/following/{followedId}: whether the user follows the other one."""

from __future__ import annotations

from kernel import http

from .. import follows, replicas

router = http.router()


@router.get("/interactions/users/<userId>/following/<followedId>")
def is_following(userId: str, followedId: str) -> object:  # noqa: N803
    replicas.require_person(userId)
    replicas.require_person(followedId)
    return http.json_response(200, {"isFollowing": follows.find(userId, followedId) is not None})


handler = http.entrypoint(http.create_app("interactions", router))

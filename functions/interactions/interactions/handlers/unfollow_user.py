"""DELETE /interactions/users/{userId}/following/{followedId}: the owner stops following (204);
`interactions.follow.deleted`. No such follow is a 404."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound

from .. import follows, replicas
from ..views import documented

router = http.router()


@router.delete("/interactions/users/<userId>/following/<followedId>", security=http.AUTHENTICATED,
               responses=documented(204, "Unfollowed", 401, 403, 404))
def unfollow_user(userId: str, followedId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    replicas.require_person(userId)
    row = follows.find(userId, followedId)
    if row is None:
        raise NotFound(follows.FOLLOW_NOT_FOUND)
    follows.unfollow(row, count_followed=replicas.person(followedId) is not None)
    return http.json_response(204)


handler = http.entrypoint(http.create_app("interactions", router))

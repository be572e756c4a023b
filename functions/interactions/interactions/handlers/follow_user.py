"""POST /interactions/users/{userId}/following {followedId}: the owner follows someone (201);
`interactions.follow.created`. Any role may follow any role; not oneself (409), not twice (409)."""

from __future__ import annotations

from typing import Any, cast

from aws_lambda_powertools.event_handler import Response
from kernel import http, idempotency
from kernel.errors import Conflict
from pydantic import Field

from .. import follows, replicas
from ..domain import check_can_follow
from ..views import FollowView, answer, documented

router = http.router()


class NewFollow(http.Command):
    followed_id: str = Field(min_length=1, max_length=64)


@router.post("/interactions/users/<userId>/following", security=http.AUTHENTICATED,
             responses=documented(201, "The follow", 400, 401, 403, 404, 409, model=FollowView))
def follow_user(userId: str, request: NewFollow) -> object:  # noqa: N803
    caller = http.caller(router)
    caller.require_self(userId)

    def command() -> Response:
        follower = replicas.require_person(userId)
        followed = replicas.require_person(request.followed_id)
        check_can_follow(follower.user_id, followed.user_id)
        if follows.find(follower.user_id, followed.user_id) is not None:
            raise Conflict("Already following this user")
        row = follows.follow(follower, followed)
        return answer(201, FollowView, {"followerId": row.followerId, "followedId": row.followedId,
                                        "followedAt": row.createdAt})

    return idempotency.once(cast(Any, router), caller.user_id, command)  # a router has the resolver's event


handler = http.entrypoint(http.create_app("interactions", router))

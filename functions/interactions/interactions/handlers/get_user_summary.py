"""GET /interactions/users/{userId}: how many followers the user has and how many users they follow (the
lists themselves page at /followers and /following)."""

from __future__ import annotations

from kernel import http

from .. import replicas

router = http.router()


@router.get("/interactions/users/<userId>")
def get_user_summary(userId: str) -> object:  # noqa: N803
    _, item = replicas.require_person_item(userId)
    return http.json_response(200, {"userId": userId, "totalFollowers": int(item.followers or 0),
                                    "totalFollowing": int(item.following or 0)})


handler = http.entrypoint(http.create_app("interactions", router))

"""GET /interactions/users/{userId}: how many followers the user has and how many users they follow (the
lists themselves page at /followers and /following)."""

from __future__ import annotations

from kernel import http

from .. import replicas
from ..views import SummaryView, answer, documented

router = http.router()


@router.get("/interactions/users/<userId>",
            responses=documented(200, "The user's follow counts", 404, model=SummaryView))
def get_user_summary(userId: str) -> object:  # noqa: N803
    _, item = replicas.require_person_item(userId)
    return answer(200, SummaryView, {"userId": userId, "totalFollowers": int(item.followers or 0),
                                     "totalFollowing": int(item.following or 0)})


handler = http.entrypoint(http.create_app("interactions", router))

"""DELETE /interactions/events/{eventId}/reviews/{userId}: the owner removes their review (204); every rating
counter drops it and the participation can be reviewed again."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound

from .. import replicas, reviews
from ..views import documented

router = http.router()


@router.delete("/interactions/events/<eventId>/reviews/<userId>", security=http.AUTHENTICATED,
               responses=documented(204, "Deleted", 401, 403, 404))
def delete_review(eventId: str, userId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    replicas.require_person(userId)
    replicas.require_event(eventId)
    review = reviews.find(eventId, userId)
    if review is None:
        raise NotFound(reviews.REVIEW_NOT_FOUND)
    reviews.delete(review)
    return http.json_response(204)


handler = http.entrypoint(http.create_app("interactions", router))

"""GET /interactions/users/{userId}/reviews/{eventId}: the user's review of the event, or 404."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound

from .. import replicas, reviews, views
from ..views import ReviewView, answer, documented

router = http.router()


@router.get("/interactions/users/<userId>/reviews/<eventId>",
            responses=documented(200, "The user's review of the event", 404, model=ReviewView))
def get_user_review(userId: str, eventId: str) -> object:  # noqa: N803
    reviewer = replicas.require_person(userId)
    event = replicas.require_event(eventId)
    review = reviews.find(eventId, userId)
    if review is None:
        raise NotFound(reviews.REVIEW_NOT_FOUND)
    return answer(200, ReviewView, views.review_view(review, reviewer, event))


handler = http.entrypoint(http.create_app("interactions", router))

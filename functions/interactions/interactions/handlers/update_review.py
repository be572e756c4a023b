"""PUT /interactions/events/{eventId}/reviews/{userId}: the owner replaces rating and comment (the title
stays); every rating counter moves with it."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound, ValidationFailed
from pydantic import Field, StrictInt

from .. import replicas, reviews, views
from ..domain import COMPLETED, checked_review_change
from ..views import ReviewView, answer, documented

router = http.router()


class ReviewChange(http.Command):
    rating: StrictInt = Field(description="1 to 5")
    comment: str | None = Field(default=None, description="at most 2000 characters; omitted removes it")


@router.put("/interactions/events/<eventId>/reviews/<userId>", security=http.AUTHENTICATED,
            responses=documented(200, "The review", 400, 401, 403, 404, model=ReviewView))
def update_review(eventId: str, userId: str, change: ReviewChange) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    rating, comment = checked_review_change(change.rating, change.comment)
    reviewer = replicas.require_person(userId)
    event = replicas.require_event(eventId)
    if event.status != COMPLETED:
        raise ValidationFailed("It is not possible to review an event that is not completed")
    if reviews.find(eventId, userId) is None:
        raise NotFound(reviews.REVIEW_NOT_FOUND)
    updated = reviews.update(eventId, userId, rating, comment)
    return answer(200, ReviewView, views.review_view(updated, reviewer, event))


handler = http.entrypoint(http.create_app("interactions", router))

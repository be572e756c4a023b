"""POST /interactions/events/{eventId}/reviews: a participant reviews a completed event (201);
`interactions.review.created`.

Not one's own event (creator or collaborator), once per event, rating 1-5, a title, an optional comment."""

from __future__ import annotations

from typing import Any, cast

from aws_lambda_powertools.event_handler import Response
from kernel import http, idempotency
from pydantic import Field, StrictInt

from .. import participations, replicas, reviews, views
from ..domain import check_can_review, checked_review
from ..views import ReviewView, answer, documented

router = http.router()


class NewReview(http.Command):
    user_id: str | None = Field(default=None, max_length=64, description="the caller; any other user is a 403")
    rating: StrictInt = Field(description="1 to 5")
    title: str = Field(description="required, at most 100 characters")
    comment: str | None = Field(default=None, description="at most 2000 characters")


@router.post("/interactions/events/<eventId>/reviews", security=http.AUTHENTICATED,
             responses=documented(201, "The review", 400, 401, 404, 409, model=ReviewView))
def create_review(eventId: str, review: NewReview) -> object:  # noqa: N803
    caller = http.caller(router)
    if review.user_id is not None:
        caller.require_self(review.user_id)
    content = checked_review(review.rating, review.title, review.comment)

    def command() -> Response:
        reviewer = replicas.require_person(caller.user_id)
        event, _ = replicas.require_visible_event(eventId, caller.user_id)
        check_can_review(event, caller.user_id,
                         has_participated=participations.find(caller.user_id, eventId) is not None,
                         has_reviewed=reviews.find(eventId, caller.user_id) is not None)
        created = reviews.create(event, reviewer, content)
        return answer(201, ReviewView, views.review_view(created, reviewer, event))

    return idempotency.once(cast(Any, router), caller.user_id, command)  # a router has the resolver's event


handler = http.entrypoint(http.create_app("interactions", router))

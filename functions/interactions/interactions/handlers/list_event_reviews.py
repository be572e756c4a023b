"""GET /interactions/events/{eventId}/reviews?rating=: the event's reviews, newest first, with the average,
the distribution and the total of the reviews asked for (all, or those with that rating), from counters."""

from __future__ import annotations

from kernel import http

from .. import queries, replicas, reviews, views
from ..views import ReviewPage, answer, documented

router = http.router()


@router.get("/interactions/events/<eventId>/reviews",
            responses=documented(200, "The event's reviews, newest first, with their statistics", 400, 404,
                                 model=ReviewPage))
def list_event_reviews(eventId: str) -> object:  # noqa: N803
    viewer = http.optional_caller(router)
    query = queries.params(router)
    rating = queries.rating(query)
    event, item = replicas.require_visible_event(eventId, viewer.user_id if viewer else None)
    rows, cursor = queries.page_of(reviews.of_event(eventId, rating), query)
    reviewers = replicas.people([row.userId for row in rows])
    items = [views.review_view(row, reviewers.get(row.userId), event) for row in rows]
    return answer(200, ReviewPage, {"items": items, "nextCursor": cursor,
                                    **views.stats_view(item.stats().only(rating))})


handler = http.entrypoint(http.create_app("interactions", router))

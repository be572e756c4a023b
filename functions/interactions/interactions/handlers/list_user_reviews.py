"""GET /interactions/users/{userId}/reviews?search=: the reviews the user wrote, newest first, with the
statistics of all of them. `search` keeps the reviews whose event name or organizers' name or username
contains it (case-insensitive), read from the replicas of this page's events and organizers."""

from __future__ import annotations

from kernel import http

from .. import queries, replicas, reviews, views
from ..domain import matches_search
from ..views import ReviewPage, answer, documented

router = http.router()


@router.get("/interactions/users/<userId>/reviews",
            responses=documented(200, "The user's reviews, newest first, with their statistics", 400, 404,
                                 model=ReviewPage))
def list_user_reviews(userId: str) -> object:  # noqa: N803
    query = queries.params(router)
    search = queries.text(query, "search")
    reviewer, item = replicas.require_person_item(userId)
    rows, cursor = queries.page_of(reviews.of_user(userId), query)
    events = replicas.events([row.eventId for row in rows])
    if search:
        organizers = replicas.people([org for row in rows for org in row.organizations])

        def texts(row: reviews.Review) -> list[str | None]:
            event = events.get(row.eventId)
            people = [organizers.get(org) for org in row.organizations]
            return [event.name if event else None,
                    *[text for p in people if p for text in (p.name, p.username)]]

        rows = [row for row in rows if matches_search(search, texts(row))]
    items = [views.review_view(row, reviewer, events.get(row.eventId)) for row in rows]
    return answer(200, ReviewPage, {"items": items, "nextCursor": cursor, **views.stats_view(item.stats())})


handler = http.entrypoint(http.create_app("interactions", router))

"""GET /interactions/organizations/{organizationId}/reviews?role=creator|collaborator|all&rating=: reviews of
the organization's events (as creator, as collaborator, or both; default both), newest first, with statistics."""

from __future__ import annotations

from kernel import http

from .. import queries, replicas, reviews, views
from ..domain import REVIEW_ROLES
from ..organization_reviews import require_organization, statistics
from ..views import ReviewPage, answer, documented

router = http.router()


@router.get("/interactions/organizations/<organizationId>/reviews",
            responses=documented(200, "Reviews of the organization's events in that role, with statistics", 400, 404,
                                 model=ReviewPage))
def list_organization_reviews(organizationId: str) -> object:  # noqa: N803
    query = queries.params(router)
    role = queries.choice(query, "role", REVIEW_ROLES, default="all") or "all"
    rating = queries.rating(query)
    require_organization(organizationId)
    rows, cursor = queries.page_of(reviews.of_organization(organizationId, role, rating), query)
    reviewers = replicas.people([row.userId for row in rows])
    events = replicas.events([row.eventId for row in rows])
    items = [{**views.review_view(row, reviewers.get(row.userId), events.get(row.eventId)), "role": row.role}
             for row in rows]
    return answer(200, ReviewPage, {"items": items, "nextCursor": cursor,
                                    **views.stats_view(statistics(organizationId, role, rating))})


handler = http.entrypoint(http.create_app("interactions", router))

"""GET /interactions/organizations/{organizationId}/reviews/statistics?role=&rating=: average, distribution
and total of the organization's reviews, from counters (no row is counted)."""

from __future__ import annotations

from kernel import http

from .. import queries, views
from ..domain import REVIEW_ROLES
from ..organization_reviews import require_organization, statistics

router = http.router()


@router.get("/interactions/organizations/<organizationId>/reviews/statistics")
def organization_review_statistics(organizationId: str) -> object:  # noqa: N803
    query = queries.params(router)
    role = queries.choice(query, "role", REVIEW_ROLES, default="all") or "all"
    rating = queries.rating(query)
    require_organization(organizationId)
    return http.json_response(200, {"organizationId": organizationId, "role": role,
                                    **views.stats_view(statistics(organizationId, role, rating))})


handler = http.entrypoint(http.create_app("interactions", router))

"""GET /interactions/organizations/{organizationId}/reviews/statistics?role=&rating=: average, distribution
and total of the organization's reviews, from counters (no row is counted)."""

from __future__ import annotations

from kernel import http

from .. import queries, views
from ..domain import REVIEW_ROLES
from ..organization_reviews import require_organization, statistics
from ..views import OrganizationStatsView, answer, documented

router = http.router()


@router.get("/interactions/organizations/<organizationId>/reviews/statistics",
            responses=documented(200, "The organization's rating statistics in that role", 400, 404,
                                 model=OrganizationStatsView))
def organization_review_statistics(organizationId: str) -> object:  # noqa: N803
    query = queries.params(router)
    role = queries.choice(query, "role", REVIEW_ROLES, default="all") or "all"
    rating = queries.rating(query)
    require_organization(organizationId)
    return answer(200, OrganizationStatsView, {"organizationId": organizationId, "role": role,
                                               **views.stats_view(statistics(organizationId, role, rating))})


handler = http.entrypoint(http.create_app("interactions", router))

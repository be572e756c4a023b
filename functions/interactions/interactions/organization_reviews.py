"""What the organization review reads share: the organization, and its statistics for a role from the
per-role counters (role=all is creator + collaborator: a review counts once per organization)."""

from __future__ import annotations

from kernel.errors import NotFound

from . import replicas, reviews
from .domain import Person, RatingStats


def require_organization(organization_id: str) -> Person:
    person = replicas.person(organization_id)
    if person is None or person.role != "organization":
        raise NotFound("Organization not found")
    return person


def statistics(organization_id: str, role: str, rating: int | None) -> RatingStats:
    per_role = {name: counters.stats() for name, counters in reviews.organization_stats(organization_id).items()}
    total = per_role["creator"] + per_role["collaborator"] if role == "all" else per_role[role]
    return total.only(rating)

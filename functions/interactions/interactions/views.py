"""What the interactions API sends (reference §2.3 shapes, with the pagination of api-conventions)."""

from __future__ import annotations

from typing import Any

from .domain import RATINGS, Event, Person, RatingStats
from .store import Review


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def person_view(person: Person) -> dict[str, Any]:
    return _clean({"userId": person.user_id, "name": person.name, "username": person.username,
                   "avatar": person.avatar})


def people_page(user_ids: list[str], people: dict[str, Person]) -> list[dict[str, Any]]:
    """Users in list order; one deleted meanwhile (its rows are being removed) is left out."""
    return [person_view(people[u]) for u in user_ids if u in people]


def stats_view(stats: RatingStats) -> dict[str, Any]:
    return {"averageRating": stats.average, "totalReviews": stats.total_reviews,
            "ratingDistribution": {str(r): stats.distribution[r] for r in RATINGS}}


def review_view(review: Review, reviewer: Person | None = None, event: Event | None = None) -> dict[str, Any]:
    view = _clean({"id": review.id, "eventId": review.eventId, "userId": review.userId,
                   "creatorId": review.creatorId, "collaboratorIds": review.collaborators,
                   "rating": int(review.rating), "title": review.title, "comment": review.comment,
                   "createdAt": review.createdAt, "updatedAt": review.updatedAt})
    if reviewer is not None:
        view["user"] = person_view(reviewer)
    if event is not None and event.name:
        view["eventName"] = event.name
    return view

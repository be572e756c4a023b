"""What the interactions API sends (reference §2.3 shapes, with the pagination of api-conventions): the
`http.View` models its OpenAPI document shows (kernel.responses), each answer built as one of them."""

from __future__ import annotations

from typing import Any

from kernel import http, responses
from kernel.responses import Page
from pydantic import ConfigDict

from .domain import RATINGS, Event, Person, RatingStats
from .store import Review


class Shape(http.View):
    """A view that refuses a field it does not declare: a handler's body and the document cannot drift apart."""

    model_config = ConfigDict(extra="forbid")


class PersonView(Shape):
    user_id: str
    name: str
    username: str
    avatar: str | None = None


class StatsView(Shape):
    """Rating statistics: the average with two decimals, the count of each rating 1-5, the total."""

    average_rating: float
    total_reviews: int
    rating_distribution: dict[str, int]


class ReviewView(Shape):
    id: str
    event_id: str
    user_id: str
    creator_id: str
    collaborator_ids: list[str] | None = None
    rating: int
    title: str
    comment: str | None = None
    created_at: str
    updated_at: str
    user: PersonView | None = None
    event_name: str | None = None
    role: str | None = None  # in an organization's reviews: creator | collaborator


class ReviewPage(Page[ReviewView], Shape):
    """A page of reviews with the statistics of every review of the list (its filter applied)."""

    average_rating: float
    total_reviews: int
    rating_distribution: dict[str, int]


class LikersPage(Page[PersonView], Shape):
    total_likes: int


class FollowersPage(Page[PersonView], Shape):
    total_followers: int


class FollowingPage(Page[PersonView], Shape):
    total_following: int


class PeoplePage(Page[PersonView], Shape):
    pass


class LikeView(Shape):
    event_id: str
    user_id: str
    liked_at: str


class LikedEventView(Shape):
    event_id: str
    liked_at: str


class FollowView(Shape):
    follower_id: str
    followed_id: str
    followed_at: str


class SummaryView(Shape):
    user_id: str
    total_followers: int
    total_following: int


class ParticipationView(Shape):
    event_id: str
    reviewed: bool
    participated_at: str
    event_status: str | None = None
    event_name: str | None = None


class HasLikedView(Shape):
    has_liked: bool


class IsFollowingView(Shape):
    is_following: bool


class HasParticipatedView(Shape):
    has_participated: bool
    has_reviewed: bool


class OrganizationStatsView(StatsView):
    organization_id: str
    role: str


class ParticipationPage(Page[ParticipationView], Shape):
    pass


class LikedEventPage(Page[LikedEventView], Shape):
    pass


documented = responses.Answers({
    403: "Not the caller's own user", 404: "No such user, event, like, follow or review (a draft is its creator's)",
    409: "Already liked, followed or reviewed; or following oneself"})


def answer(status: int, model: type[http.View], body: dict[str, Any]) -> Any:
    """The response of `body` as the documented model builds it (what the document says is what comes back)."""
    return http.json_response(status, model.model_validate(body))


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

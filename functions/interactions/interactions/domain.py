"""The interactions context's rules (reference §2.3, with the fixes of §12), as plain Python: no AWS, no HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kernel.errors import Conflict, FieldError, NotFound, ValidationFailed

DRAFT, PUBLISHED, CANCELLED, COMPLETED = "DRAFT", "PUBLISHED", "CANCELLED", "COMPLETED"  # an event's statuses
STATUSES = (DRAFT, PUBLISHED, CANCELLED, COMPLETED)
RATINGS = (1, 2, 3, 4, 5)
REVIEW_ROLES = ("creator", "collaborator", "all")
MAX_TITLE, MAX_COMMENT = 100, 2000


@dataclass(frozen=True)
class Person:
    """What interactions knows of a user (a replica fed by `user.*`)."""

    user_id: str
    role: str
    username: str
    name: str
    avatar: str | None


@dataclass(frozen=True)
class Event:
    """What interactions knows of an event (a replica fed by `event.*`). Its collaborators are the organizations
    that accepted the creator's invitation (events publishes no other in collaboratorIds; security review M7):
    only they count in collaborator statistics and may not review it; an organization merely invited may."""

    event_id: str
    creator_id: str
    collaborator_ids: tuple[str, ...]
    status: str
    name: str | None

    def organizers(self) -> dict[str, str]:
        return organizer_roles(self.creator_id, self.collaborator_ids)

    def visible_to(self, user_id: str | None) -> bool:
        """Drafts exist only for their creator; everyone else gets a 404 (api-conventions)."""
        return self.status != DRAFT or user_id == self.creator_id


def organizer_roles(creator_id: str, collaborator_ids: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Each organization of an event with its role; the creator stays `creator` even when also listed as a
    collaborator, so a review counts once for every organization (and role=all is creator + collaborator)."""
    roles = {org: "collaborator" for org in collaborator_ids}
    roles[creator_id] = "creator"
    return roles


DomainEvent = tuple[str, dict[str, Any]]  # (type, payload), published in the transaction of the change


def _present(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if v is not None}


def check_can_like(event: Event) -> None:
    if event.status == DRAFT:
        raise ValidationFailed("It is not possible to like a draft event")


def liked(event: Event, liker: Person) -> DomainEvent:
    """A like: the event's organizer learns who liked it (notifications)."""
    check_can_like(event)
    return "interactions.like.created", _present({
        "eventId": event.event_id, "creatorId": event.creator_id, "userId": liker.user_id, "userName": liker.name,
        "userAvatar": liker.avatar, "eventName": event.name})


def unliked(event_id: str, user_id: str, creator_id: str) -> DomainEvent:
    return "interactions.like.deleted", {"eventId": event_id, "userId": user_id, "creatorId": creator_id}


def check_can_follow(follower_id: str, followed_id: str) -> None:
    if follower_id == followed_id:
        raise Conflict("Cannot follow yourself")


def followed(follower: Person, followed_person: Person) -> DomainEvent:
    """A follow: the followed user learns who follows them (notifications)."""
    check_can_follow(follower.user_id, followed_person.user_id)
    return "interactions.follow.created", _present({
        "followerId": follower.user_id, "followedId": followed_person.user_id, "followerName": follower.name,
        "followerAvatar": follower.avatar, "followerUsername": follower.username})


def unfollowed(follower_id: str, followed_id: str) -> DomainEvent:
    return "interactions.follow.deleted", {"followerId": follower_id, "followedId": followed_id}


def check_can_review(event: Event, reviewer_id: str, has_participated: bool, has_reviewed: bool) -> None:
    """In the reference's order: completed event, not one's own event, participation, only once."""
    if event.status != COMPLETED:
        raise ValidationFailed("It is not possible to review an event that is not completed")
    if reviewer_id in event.organizers():
        raise ValidationFailed("User cannot review their own event")
    if not has_participated:
        raise NotFound(f"User with ID {reviewer_id} has not participated in event {event.event_id}")
    if has_reviewed:
        raise Conflict("You have already reviewed this event")


@dataclass(frozen=True)
class ReviewContent:
    rating: int
    title: str
    comment: str | None


def reviewed(event: Event, reviewer: Person, content: ReviewContent, review_id: str) -> DomainEvent:
    """A review: the event's organizations learn of it (notifications)."""
    return "interactions.review.created", _present({
        "reviewId": review_id, "eventId": event.event_id, "creatorId": event.creator_id,
        "collaboratorIds": list(event.collaborator_ids), "userId": reviewer.user_id, "userName": reviewer.name,
        "userAvatar": reviewer.avatar, "rating": content.rating, "title": content.title, "eventName": event.name})


def _rating_and_comment(rating: int, comment: str | None, errors: list[FieldError]) -> str | None:
    if rating not in RATINGS:
        errors.append(FieldError("rating", "must be between 1 and 5"))
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > MAX_COMMENT:
        errors.append(FieldError("comment", f"at most {MAX_COMMENT} characters"))
    return comment


def checked_review(rating: int, title: str, comment: str | None) -> ReviewContent:
    """A rating from 1 to 5, a non-blank title and an optional comment, within their lengths; every broken rule
    reported at once. A blank comment is no comment."""
    errors: list[FieldError] = []
    title = title.strip()
    if not title:
        errors.append(FieldError("title", "is required"))
    elif len(title) > MAX_TITLE:
        errors.append(FieldError("title", f"at most {MAX_TITLE} characters"))
    comment = _rating_and_comment(rating, comment, errors)
    if errors:
        raise ValidationFailed("The review is not valid", errors)
    return ReviewContent(rating, title, comment)


def checked_review_change(rating: int, comment: str | None) -> tuple[int, str | None]:
    """An update replaces rating and comment (an omitted comment is removed); the title cannot change."""
    errors: list[FieldError] = []
    comment = _rating_and_comment(rating, comment, errors)
    if errors:
        raise ValidationFailed("The review is not valid", errors)
    return rating, comment


@dataclass(frozen=True)
class RatingStats:
    """Rating counters (kept by atomic updates): how many reviews, their sum, how many of each rating."""

    total_reviews: int = 0
    rating_sum: int = 0
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))

    @property
    def average(self) -> float:
        return round(self.rating_sum / self.total_reviews, 2) if self.total_reviews else 0.0

    def __add__(self, other: RatingStats) -> RatingStats:
        return RatingStats(self.total_reviews + other.total_reviews, self.rating_sum + other.rating_sum,
                           {r: self.distribution[r] + other.distribution[r] for r in RATINGS})

    def only(self, rating: int | None) -> RatingStats:
        """The statistics of the reviews with this rating (all of them when None)."""
        if rating is None:
            return self
        count = self.distribution[rating]
        return RatingStats(count, count * rating, {r: count if r == rating else 0 for r in RATINGS})


def matches_search(search: str, texts: list[str | None]) -> bool:
    """Case-insensitive substring match on any of the texts (event name, organizers' names and usernames)."""
    needle = search.casefold()
    return any(needle in text.casefold() for text in texts if text)

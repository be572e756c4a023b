"""Reviews: one per user and event, with a copy per organization of the event (so that an organization's
reviews page from one index partition), and rating counters on the event, the reviewer and each organization,
all changed by the transaction that changes the review."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from kernel.errors import Conflict, NotFound, ValidationFailed
from kernel.events import now_iso
from kernel.table import get, get_many
from kernel.unit_of_work import Stale

from .domain import COMPLETED, Event, Person, ReviewContent, organizer_roles, reviewed
from .replicas import USER_NOT_FOUND
from .store import (
    PROFILE,
    EventReplica,
    Listing,
    OrganizationStats,
    Participation,
    Review,
    Unit,
    UserReplica,
    commit,
    event_key,
    user_key,
)

REVIEW_NOT_FOUND = "Review not found"
_ALIVE_USER = UserReplica.userId.exists() & UserReplica.deletedAt.does_not_exist()


def _key(event_id: str, user_id: str) -> tuple[str, str]:
    return event_key(event_id), f"REVIEW#{user_id}"


def find(event_id: str, user_id: str) -> Review | None:
    return get(Review, *_key(event_id, user_id))


def _indexed(review: Review) -> Review:
    """The review row's index keys, from its fields (a new rating moves it to another rating partition)."""
    at = f"{review.createdAt}#{review.userId}"
    review.GSI1PK, review.GSI1SK = f"REVIEWS#{review.eventId}", at
    review.GSI2PK, review.GSI2SK = f"USERREVIEWS#{review.userId}", f"{review.createdAt}#{review.eventId}"
    review.GSI3PK, review.GSI3SK = f"REVIEWS#{review.eventId}#R{int(review.rating)}", at
    return review


def _copies(review: Review) -> list[Review]:
    """The review once per organization of the event, under that organization's partitions."""
    copies = []
    at = f"{review.createdAt}#{review.eventId}#{review.userId}"
    for org, role in organizer_roles(review.creatorId, review.collaborators).items():
        copy = Review(review.PK, f"{review.SK}#ORG#{org}", organizationId=org, role=role, **_content(review))
        copy.GSI1PK, copy.GSI1SK = f"ORGREVIEWS#{org}#{role}", at
        copy.GSI2PK, copy.GSI2SK = f"ORGREVIEWS#{org}", at
        copy.GSI3PK, copy.GSI3SK = f"ORGREVIEWS#{org}#{role}#R{int(review.rating)}", at
        copy.GSI4PK, copy.GSI4SK = f"ORGREVIEWS#{org}#R{int(review.rating)}", at
        copies.append(copy)
    return copies


def _content(review: Review) -> dict:
    return {"id": review.id, "eventId": review.eventId, "userId": review.userId, "creatorId": review.creatorId,
            "collaboratorIds": review.collaboratorIds, "rating": review.rating, "title": review.title,
            "comment": review.comment, "createdAt": review.createdAt, "updatedAt": review.updatedAt}


def _organization_stats(review: Review) -> list[tuple[OrganizationStats, str]]:
    return [(OrganizationStats(f"ORG#{org}", f"STATS#{role}"), role)
            for org, role in organizer_roles(review.creatorId, review.collaborators).items()]


def create(event: Event, reviewer: Person, content: ReviewContent) -> Review:
    """The review and its copies, +1 review on every counter, the participation marked reviewed and
    `interactions.review.created`: all or nothing; the conditions hold the read-time checks against races."""
    now = now_iso()
    review = _indexed(Review(*_key(event.event_id, reviewer.user_id), id=str(uuid.uuid4()), eventId=event.event_id,
                             userId=reviewer.user_id, creatorId=event.creator_id,
                             collaboratorIds=list(event.collaborator_ids) or None, rating=content.rating,
                             title=content.title, comment=content.comment, createdAt=now, updatedAt=now))
    event_type, payload = reviewed(event, reviewer, content, review.id)

    def write(unit: Unit) -> Review:
        unit.save(review, condition=Review.PK.does_not_exist(),
                  failure=Conflict("You have already reviewed this event"))
        for copy in _copies(review):
            unit.save(copy)
        unit.update(EventReplica(event_key(event.event_id), PROFILE), EventReplica.counting(content.rating, 1),
                    condition=(EventReplica.status == COMPLETED) & EventReplica.deletedAt.does_not_exist(),
                    failure=ValidationFailed("It is not possible to review an event that is not completed"))
        unit.update(UserReplica(user_key(reviewer.user_id), PROFILE), UserReplica.counting(content.rating, 1),
                    condition=_ALIVE_USER, failure=NotFound(USER_NOT_FOUND))
        unit.update(Participation(user_key(reviewer.user_id), f"PARTICIPATION#{event.event_id}"),
                    [Participation.reviewed.set(True), Participation.updatedAt.set(now)],
                    condition=Participation.PK.exists(),
                    failure=NotFound(f"User with ID {reviewer.user_id} has not participated in event "
                                     f"{event.event_id}"))
        for stats, _role in _organization_stats(review):
            unit.update(stats, OrganizationStats.counting(content.rating, 1))
        unit.publish(event_type, payload)
        return review

    return commit(write)


def update(event_id: str, user_id: str, rating: int, comment: str | None, attempts: int = 3) -> Review:
    """New rating and comment (the title stays), counters moved from the old rating to the new one. The write
    holds only if the review still has the rating it was read with; otherwise it is read again."""
    for _ in range(attempts):
        review = find(event_id, user_id)
        if review is None:
            raise NotFound(REVIEW_NOT_FOUND)
        old = int(review.rating)
        review.rating, review.comment, review.updatedAt = rating, comment, now_iso()
        _indexed(review)

        try:
            return commit(_rerated(review, old))
        except Stale:
            continue  # changed or deleted meanwhile: read it again
    raise Conflict("The review is being changed by another request; try again")


def _rerated(review: Review, old: int) -> Callable[[Unit], Review]:
    """The write of an updated review: it holds only while the stored review still has the `old` rating."""
    new = int(review.rating)

    def write(unit: Unit) -> Review:
        unit.save(review, condition=Review.PK.exists() & (Review.rating == old))
        for copy in _copies(review):
            unit.save(copy)
        if old != new:
            unit.update(EventReplica(event_key(review.eventId), PROFILE), EventReplica.rerating(old, new))
            unit.update(UserReplica(user_key(review.userId), PROFILE), UserReplica.rerating(old, new))
            for stats, _role in _organization_stats(review):
                unit.update(stats, OrganizationStats.rerating(old, new))
        return review

    return write


def delete(review: Review, *, count_event: bool = True, count_user: bool = True,
           unmark_participation: bool = True) -> None:
    """The review and its copies go, -1 review on the counters that still matter (a deleted event's or user's
    tombstone keeps none), the participation is no longer reviewed. A review removed meanwhile is a 404."""
    rating = int(review.rating)

    def write(unit: Unit) -> None:
        unit.delete(review, condition=Review.PK.exists() & (Review.rating == rating),
                    failure=NotFound(REVIEW_NOT_FOUND))
        for copy in _copies(review):
            unit.delete(copy)
        if count_event:
            unit.update(EventReplica(event_key(review.eventId), PROFILE), EventReplica.counting(rating, -1))
        if count_user:
            unit.update(UserReplica(user_key(review.userId), PROFILE), UserReplica.counting(rating, -1))
        for stats, _role in _organization_stats(review):
            unit.update(stats, OrganizationStats.counting(rating, -1))
        if unmark_participation:
            unit.update(Participation(user_key(review.userId), f"PARTICIPATION#{review.eventId}"),
                        [Participation.reviewed.set(False), Participation.updatedAt.set(now_iso())],
                        condition=Participation.PK.exists())

    commit(write)


def of_event(event_id: str, rating: int | None) -> Listing:
    if rating is None:
        return Listing(Review, "GSI1", f"REVIEWS#{event_id}")
    return Listing(Review, "GSI3", f"REVIEWS#{event_id}#R{rating}")


def of_user(user_id: str) -> Listing:
    return Listing(Review, "GSI2", f"USERREVIEWS#{user_id}")


def of_organization(organization_id: str, role: str, rating: int | None) -> Listing:
    if role == "all":
        if rating is None:
            return Listing(Review, "GSI2", f"ORGREVIEWS#{organization_id}")
        return Listing(Review, "GSI4", f"ORGREVIEWS#{organization_id}#R{rating}")
    if rating is None:
        return Listing(Review, "GSI1", f"ORGREVIEWS#{organization_id}#{role}")
    return Listing(Review, "GSI3", f"ORGREVIEWS#{organization_id}#{role}#R{rating}")


def organization_stats(organization_id: str) -> dict[str, OrganizationStats]:
    """The organization's rating counters per role (absent ones are empty)."""
    keys = [(f"ORG#{organization_id}", f"STATS#{role}") for role in ("creator", "collaborator")]
    found = get_many(OrganizationStats, keys)
    return {role: found.get(key) or OrganizationStats(*key) for role, key in zip(("creator", "collaborator"), keys,
                                                                                   strict=True)}

"""What goes when a user or an event goes (reference §12 items 25 and 26, fixed).

Run by the consumer after the replica became a tombstone, so nothing new can be attached meanwhile. Each row
goes in its own transaction with the counters it was part of, so the clean-up can stop anywhere (a timeout, a
crash) and the redelivered message finishes it: rows already gone are skipped, counters are never touched
twice. Counters of a deleted user or event (a tombstone) are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger
from kernel.errors import NotFound

from . import follows, likes, participations, replicas, reviews

logger = Logger()


def _once(remove: Callable[..., None], *args: Any, **kwargs: Any) -> int:
    try:
        remove(*args, **kwargs)
        return 1
    except NotFound:  # removed meanwhile, by its owner or by an earlier delivery of the same message
        return 0


def _remove_review(review: Any, **counting: bool) -> int:
    """A review goes even when its owner re-rated it meanwhile (the delete holds only for the rating it read)."""
    for _ in range(3):
        if _once(reviews.delete, review, **counting):
            return 1
        review = reviews.find(review.eventId, review.userId)
        if review is None:
            return 0
    raise RuntimeError("a review kept changing while it was being removed; the message will be retried")


def _live_event(event_id: str) -> Any:
    item = replicas.event_item(event_id)
    return item if item is not None and item.live else None


def _live_user(user_id: str) -> bool:
    item = replicas.user_item(user_id)
    return item is not None and item.live


def remove_follows(user_id: str, user_deleted: bool = False) -> int:
    """Every follow from and to the user, with both sides' counters (only the living side when one is gone)."""
    removed = 0
    for row in follows.following(user_id).everything():
        removed += _once(follows.unfollow, row, count_follower=not user_deleted,
                         count_followed=_live_user(row.followedId))
    for row in follows.followers(user_id).everything():
        removed += _once(follows.unfollow, row, count_follower=_live_user(row.followerId),
                         count_followed=not user_deleted)
    return removed


def remove_user(user_id: str) -> None:
    """user.deleted: the user's likes (with `interactions.like.deleted`, so popularity drops), follows both ways,
    reviews (with every rating counter) and participations."""
    counts = {"likes": 0, "reviews": 0, "participations": 0}
    for like in likes.liked_by(user_id).everything():
        event = _live_event(like.eventId)
        counts["likes"] += _once(likes.unlike, like, creator_id=event.creatorId if event else None,
                                 count_on_event=event is not None)
    counts["follows"] = remove_follows(user_id, user_deleted=True)
    for review in reviews.of_user(user_id).everything():
        counts["reviews"] += _remove_review(review, count_event=_live_event(review.eventId) is not None,
                                            count_user=False, unmark_participation=False)
    for participation in participations.of_user(user_id).everything():
        participations.remove(participation)
        counts["participations"] += 1
    logger.info("removed a deleted user's interactions", extra={"userId": user_id, **counts})


def remove_event(event_id: str) -> None:
    """event.deleted: the event's likes, reviews (with the reviewers' and organizations' counters) and
    participations."""
    counts = {"likes": 0, "reviews": 0, "participations": 0}
    for like in likes.likers(event_id).everything():
        counts["likes"] += _once(likes.unlike, like, creator_id=None, count_on_event=False)
    for review in reviews.of_event(event_id, None).everything():
        counts["reviews"] += _remove_review(review, count_event=False, count_user=_live_user(review.userId),
                                            unmark_participation=False)
    for participation in participations.of_event(event_id).everything():
        participations.remove(participation)
        counts["participations"] += 1
    logger.info("removed a deleted event's interactions", extra={"eventId": event_id, **counts})

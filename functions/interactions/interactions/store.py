"""The interactions table (single-table design), its PynamoDB models, the unit of work and one-Query pages.

    PK=USER#<id>     SK=PROFILE                  user replica + counters: followers, following, and the ratings
                                                 the user gave (reviews, ratingSum, rating1..5); a tombstone
                                                 (kernel.replica: `deletedAt`) once the user is deleted
    PK=EVENT#<id>    SK=PROFILE                  event replica + counters: likes, ratings received; tombstone
    PK=ORG#<id>      SK=STATS#creator|collaborator   ratings an organization received in that role
                                                 (role=all is their sum: each review counts once per org)
    PK=EVENT#<e>     SK=LIKE#<u>                 GSI1 LIKERS#<e> / <at>#<u>      GSI2 LIKES#<u> / <at>#<e>
    PK=USER#<a>      SK=FOLLOWS#<b>              GSI1 FOLLOWERS#<b> / <at>#<a>   GSI2 FOLLOWING#<a> / <at>#<b>
    PK=USER#<u>      SK=PARTICIPATION#<e>        GSI1 PARTICIPANTS#<e> / <at>#<u> GSI2 PARTICIPATIONS#<u> / <at>#<e>
    PK=EVENT#<e>     SK=REVIEW#<u>               GSI1 REVIEWS#<e> / <at>#<u>     GSI2 USERREVIEWS#<u> / <at>#<e>
                                                 GSI3 REVIEWS#<e>#R<n> / <at>#<u>
    PK=EVENT#<e>     SK=REVIEW#<u>#ORG#<o>       one copy of the review per organization of the event:
                                                 GSI1 ORGREVIEWS#<o>#<role>  GSI2 ORGREVIEWS#<o>
                                                 GSI3 ORGREVIEWS#<o>#<role>#R<n>  GSI4 ORGREVIEWS#<o>#R<n>
                                                 (all with SK <at>#<e>#<u>)
    PK=OUTBOX#<id>   SK=EVENT                    domain events (kernel.outbox)
Every list is newest first from an index; every count is a counter changed in the transaction that changes the
rows it counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from kernel import unit_of_work
from kernel.replica import Replica
from kernel.table import GSI1, GSI2, GSI3, GSI4, ContextTable, GSI1Keys, GSI2Keys, GSI3Keys, GSI4Keys, index_keys, page
from kernel.unit_of_work import Unit
from pynamodb.attributes import BooleanAttribute, ListAttribute, NumberAttribute, UnicodeAttribute

from .domain import RATINGS, RatingStats

PRODUCER = "interactions"
PROFILE = "PROFILE"
T = TypeVar("T")


INDEX_KEYS = index_keys(1, 2, 3, 4)


class _RatingCounters(ContextTable):
    reviews = NumberAttribute(null=True)
    ratingSum = NumberAttribute(null=True)
    rating1 = NumberAttribute(null=True)
    rating2 = NumberAttribute(null=True)
    rating3 = NumberAttribute(null=True)
    rating4 = NumberAttribute(null=True)
    rating5 = NumberAttribute(null=True)

    def stats(self) -> RatingStats:
        return RatingStats(int(self.reviews or 0), int(self.ratingSum or 0),
                           {r: int(getattr(self, f"rating{r}") or 0) for r in RATINGS})

    @classmethod
    def counting(cls, rating: int, sign: int) -> list[Any]:
        """Update actions adding (sign=1) or removing (sign=-1) one review with this rating."""
        return [cls.reviews.add(sign), cls.ratingSum.add(sign * rating), getattr(cls, f"rating{rating}").add(sign)]

    @classmethod
    def rerating(cls, old: int, new: int) -> list[Any]:
        """Update actions moving one review from rating `old` to `new` (none when they are equal)."""
        if old == new:
            return []
        return [cls.ratingSum.add(new - old), getattr(cls, f"rating{old}").add(-1),
                getattr(cls, f"rating{new}").add(1)]


class UserReplica(Replica, _RatingCounters):
    """Kept from user.* by kernel.replica (version, tombstone); the counters are this context's own."""

    userId = UnicodeAttribute(null=True)
    role = UnicodeAttribute(null=True)
    username = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    avatar = UnicodeAttribute(null=True)
    followers = NumberAttribute(null=True)
    following = NumberAttribute(null=True)

    @property
    def live(self) -> bool:
        return self.deletedAt is None and self.userId is not None


class EventReplica(Replica, _RatingCounters):
    """Kept from event.* by kernel.replica (version, status forward only, tombstone); the counters are ours."""

    eventId = UnicodeAttribute(null=True)
    creatorId = UnicodeAttribute(null=True)
    collaboratorIds = ListAttribute(of=UnicodeAttribute, null=True)
    name = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)
    statusRank = NumberAttribute(null=True)
    likes = NumberAttribute(null=True)

    @property
    def live(self) -> bool:
        """Known well enough to act on: created (it has a creator and a status) and not deleted."""
        return self.deletedAt is None and self.creatorId is not None and self.status is not None


class OrganizationStats(_RatingCounters):
    pass


class _Listed(GSI1Keys, GSI2Keys, ContextTable):
    pass


class Like(_Listed):
    by_gsi1, by_gsi2 = GSI1(), GSI2()  # an index instance per model: pynamodb ties it to one model class
    eventId = UnicodeAttribute()
    userId = UnicodeAttribute()
    createdAt = UnicodeAttribute()


class Follow(_Listed):
    by_gsi1, by_gsi2 = GSI1(), GSI2()
    followerId = UnicodeAttribute()
    followedId = UnicodeAttribute()
    createdAt = UnicodeAttribute()


class Participation(_Listed):
    by_gsi1, by_gsi2 = GSI1(), GSI2()
    eventId = UnicodeAttribute()
    userId = UnicodeAttribute()
    createdAt = UnicodeAttribute()
    updatedAt = UnicodeAttribute()
    reviewed = BooleanAttribute(default=False)


class Review(GSI3Keys, GSI4Keys, _Listed):
    """A review (SK=REVIEW#<u>) or its copy for one organization of the event (SK=REVIEW#<u>#ORG#<o>)."""

    by_gsi1, by_gsi2, by_gsi3, by_gsi4 = GSI1(), GSI2(), GSI3(), GSI4()
    id = UnicodeAttribute()
    eventId = UnicodeAttribute()
    userId = UnicodeAttribute()
    creatorId = UnicodeAttribute()
    collaboratorIds = ListAttribute(of=UnicodeAttribute, null=True)
    rating = NumberAttribute()
    title = UnicodeAttribute()
    comment = UnicodeAttribute(null=True)
    createdAt = UnicodeAttribute()
    updatedAt = UnicodeAttribute()
    organizationId = UnicodeAttribute(null=True)  # on copies only
    role = UnicodeAttribute(null=True)  # on copies only: creator | collaborator

    @property
    def collaborators(self) -> list[str]:
        return [str(org) for org in self.collaboratorIds or []]

    @property
    def organizations(self) -> list[str]:
        """The creator and the collaborators the review was written for (copied when it was created)."""
        return [self.creatorId, *self.collaborators]


def user_key(user_id: str) -> str:
    return f"USER#{user_id}"


def event_key(event_id: str) -> str:
    return f"EVENT#{event_id}"


# --- the unit of work (kernel.unit_of_work): one transaction with the outbox items ---

def commit(write: Callable[[Unit], T], attempts: int = 4) -> T:
    return unit_of_work.commit(PRODUCER, write, attempts)


# --- reads ---

@dataclass(frozen=True)
class Listing:
    """One list the API pages through: a partition of an index, newest first."""

    model: type[_Listed]
    index: str  # GSI1..GSI4
    partition: str

    @property
    def key_attributes(self) -> tuple[str, ...]:
        return INDEX_KEYS[self.index]

    def read(self, limit: int, start_key: dict | None, newest_first: bool = True) -> tuple[list[Any], dict | None]:
        return page(getattr(self.model, f"by_{self.index.lower()}"), self.partition, limit, start_key, newest_first)

    def everything(self) -> Iterable[Any]:
        """Every item of the partition (for the consumers' clean-ups, never on a request path)."""
        return getattr(self.model, f"by_{self.index.lower()}").query(self.partition)

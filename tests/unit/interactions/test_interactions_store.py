"""The interactions store on the context's table in in-process moto: a write whose read-time check no longer holds
fails with the domain error its condition names and writes nothing, and the consumer's participation is made
once however often the order confirmation comes (under new eventIds)."""

from __future__ import annotations

import uuid

import pytest
from interactions import likes, participations, replicas, reviews
from interactions.domain import ReviewContent
from interactions.handlers import consume
from interactions.store import PROFILE, EventReplica, event_key
from kernel.errors import Conflict, NotFound, ValidationFailed
from kernel.table import get
from support.context_tables import context_table

T1, T2, T3 = (f"2026-12-05T10:00:0{n}.000Z" for n in range(1, 4))
U1, E1, ORG1 = (str(uuid.uuid4()) for _ in range(3))  # the domain events' schemas want uuids


@pytest.fixture(autouse=True)
def table(monkeypatch):
    with context_table("interactions") as name:
        monkeypatch.setenv("TABLE_NAME", name)  # where kernel.outbox writes
        replicas.keep_user({"id": U1, "role": "member", "username": "ada", "name": "Ada",
                            "avatar": f"http://127.0.0.1:3000/media/users/{U1}/avatar.jpg"}, T1)
        replicas.keep_event(E1, T1, creator_id=ORG1, name="Gig", collaborator_ids=[], status="PUBLISHED")
        yield


def likes_of(event_id: str) -> int:
    return int(get(EventReplica, event_key(event_id), PROFILE).likes or 0)


def test_a_second_like_is_the_conflict_its_condition_names_and_counts_nothing():
    event, liker = replicas.require_event(E1), replicas.require_person(U1)
    likes.like(event, liker)
    with pytest.raises(Conflict, match="Already liked this event"):
        likes.like(event, liker)  # both read "no like yet": the second write loses the race
    assert likes_of(E1) == 1


def test_a_like_of_an_event_deleted_after_it_was_read_is_a_404_and_writes_nothing():
    event, liker = replicas.require_event(E1), replicas.require_person(U1)
    replicas.bury_event(E1, T2)
    with pytest.raises(NotFound, match="Event not found"):
        likes.like(event, liker)
    tombstone = get(EventReplica, event_key(E1), PROFILE)
    assert likes.find(E1, U1) is None and tombstone.buried and tombstone.likes is None


def test_a_review_written_after_the_participation_went_is_a_404_and_writes_nothing():
    replicas.keep_event(E1, T2, status="COMPLETED")
    event, reviewer = replicas.require_event(E1), replicas.require_person(U1)
    with pytest.raises(NotFound, match="has not participated"):
        reviews.create(event, reviewer, ReviewContent(5, "Great", None))
    assert reviews.find(E1, U1) is None
    assert get(EventReplica, event_key(E1), PROFILE).stats().total_reviews == 0


def test_a_review_of_an_event_deleted_after_it_was_read_writes_nothing():
    replicas.keep_event(E1, T2, status="COMPLETED")
    participations.add(U1, E1, T2)
    event, reviewer = replicas.require_event(E1), replicas.require_person(U1)
    replicas.bury_event(E1, T3)
    with pytest.raises(ValidationFailed, match="not completed"):
        reviews.create(event, reviewer, ReviewContent(5, "Great", None))
    assert reviews.find(E1, U1) is None


def order_confirmed(order_id: str = "ord1") -> dict:
    return {"eventId": str(uuid.uuid4()), "occurredAt": T2,
            "payload": {"orderId": order_id, "eventId": E1, "userId": U1, "ticketCount": 2}}


def test_an_order_confirmed_again_under_a_new_event_id_makes_one_participation():
    consume.on_order_confirmed(order_confirmed())
    consume.on_order_confirmed(order_confirmed())
    consume.on_order_confirmed(order_confirmed("ord2"))  # a second order for the same event: still one
    assert [row.eventId for row in participations.of_user(U1).everything()] == [E1]


def test_no_participation_for_a_deleted_user():
    replicas.bury_user(U1, T2)
    assert not participations.add(U1, E1, T3)
    assert participations.find(U1, E1) is None

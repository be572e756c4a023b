"""The ticketing consumer's event replica handlers run for every delivery (kernel.consumer `repeatable`, no
idempotency record): the same fact told again under a new eventId, twice, and after a newer one, leaves the
replica, the organization's entry of the event (calendar feeds) and its holders' entries (My events) as if it had
come once."""

from __future__ import annotations

import uuid

import pytest

EVENT, ORG, PARTNER, HOLDER = (str(uuid.uuid4()) for _ in range(4))
T1, T2, T3 = (f"2026-12-05T10:00:0{n}.000Z" for n in range(1, 4))
FIRST_START, MOVED_START = "2027-07-15T18:00:00Z", "2027-07-22T18:00:00Z"


@pytest.fixture(autouse=True)
def _table(table):
    yield


def _deliver(*envelopes: dict) -> None:
    from support.consumer_calls import deliver
    from ticketing.handlers import consume

    deliver(consume.handler, *envelopes)


def _event(event_type: str, at: str, **payload: object) -> dict:
    from support.consumer_calls import envelope

    return envelope(event_type, at, eventId=EVENT, creatorId=ORG, **payload)


def _organization_entry() -> tuple[str | None, str | None]:
    from ticketing.follows import OrganizationEvent

    entry = OrganizationEvent.get(f"ORG#{ORG}#EVENTS", f"EVENT#{EVENT}")
    return entry.startsAt, entry.status


def test_a_published_event_told_again_under_new_event_ids_is_kept_once() -> None:
    from support.consumer_calls import idempotency_records
    from support.queues import copy_of
    from ticketing import replicas

    published = _event("event.published", T1, name="Gig", startsAt=FIRST_START, collaboratorIds=[])
    _deliver(published, published, copy_of(published), copy_of(published))
    event = replicas.event(EVENT)
    assert (event.title, event.status, event.starts_at) == ("Gig", "PUBLISHED", FIRST_START)
    assert _organization_entry() == (FIRST_START, "PUBLISHED")
    assert idempotency_records() == []


def test_an_older_fact_told_again_after_a_newer_one_moves_nothing_back() -> None:
    from support.consumer_calls import idempotency_records
    from support.queues import copy_of
    from ticketing import replicas
    from ticketing.store import holdings

    published = _event("event.published", T1, name="Gig", startsAt=FIRST_START, collaboratorIds=[])
    _deliver(published)
    holdings._item(HOLDER, EVENT, FIRST_START).save()  # a ticket holder's My events entry
    updated = _event("event.updated", T2, name="Gig!", startsAt=MOVED_START, status="PUBLISHED",
                     collaboratorIds=[])
    completed = _event("event.completed", T3, name="Gig!", startsAt=MOVED_START)
    _deliver(updated, copy_of(published), copy_of(published), completed, copy_of(updated), copy_of(published))
    event = replicas.event(EVENT)
    assert (event.title, event.status, event.starts_at) == ("Gig!", "COMPLETED", MOVED_START)
    assert _organization_entry() == (MOVED_START, "COMPLETED")
    assert holdings.HoldingItem.get(*holdings.holding_key(HOLDER, EVENT)).startsAt == MOVED_START
    assert idempotency_records() == []


def test_a_collaborator_accepted_told_again_after_it_left_does_not_bring_it_back() -> None:
    from support.consumer_calls import idempotency_records
    from support.queues import copy_of
    from ticketing import replicas

    _deliver(_event("event.published", T1, name="Gig", startsAt=FIRST_START, collaboratorIds=[]))
    accepted = _event("event.collaborator.accepted", T2, collaboratorIds=[PARTNER])
    left = _event("event.collaborator.left", T3, collaboratorIds=[])
    _deliver(accepted, copy_of(accepted), left, copy_of(accepted), copy_of(accepted))
    assert replicas.event(EVENT).collaborator_ids == ()
    assert idempotency_records() == []


def test_a_deleted_user_told_again_stays_deleted_and_a_late_update_does_not_revive_them() -> None:
    from support.consumer_calls import envelope, idempotency_records
    from support.queues import copy_of
    from ticketing import people

    user = str(uuid.uuid4())
    updated = envelope("user.updated", T1, id=user, username=f"u{user[:8]}")
    deleted = envelope("user.deleted", T2, id=user)
    _deliver(updated, deleted, copy_of(deleted), copy_of(updated), copy_of(deleted))
    assert (people.person(user), people.addressee(user), people.named(f"u{user[:8]}")) == (None, None, None)
    assert idempotency_records() == []


def test_mail_choices_and_follows_told_again_after_newer_ones_change_nothing() -> None:
    from support.consumer_calls import envelope, idempotency_records
    from support.queues import copy_of
    from ticketing import follows, people

    user, organization = str(uuid.uuid4()), ORG
    declined = envelope("notifications.preferences.changed", T1, userId=user,
                        email={"event_changed": False, "event_reminder": True})
    taken = envelope("notifications.preferences.changed", T2, userId=user,
                     email={"event_changed": True, "event_reminder": True})
    _deliver(declined, copy_of(declined), taken, copy_of(declined), copy_of(declined))
    assert people.addressee(user).declined == frozenset()
    _deliver(_event("event.published", T1, name="Gig", startsAt="2099-01-01T20:00:00Z", collaboratorIds=[]))
    follow = envelope("interactions.follow.created", T1, followerId=user, followedId=organization)
    unfollow = envelope("interactions.follow.deleted", T2, followerId=user, followedId=organization)
    _deliver(follow, copy_of(follow))
    assert follows.followed_events(user, "2026-12-05T00:00:00Z") == [EVENT]
    _deliver(unfollow, copy_of(follow), copy_of(unfollow), copy_of(follow))
    assert follows.followed_events(user, "2026-12-05T00:00:00Z") == []
    assert idempotency_records() == []

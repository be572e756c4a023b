"""Ticketing's copies of other contexts' data, on the template's table in moto: the event replica (what decides
whether tickets are on sale) and the holders' languages, whatever order and however often their messages come,
under new eventIds each time (a consumer's own idempotency, not the de-duplication of one eventId)."""

from __future__ import annotations

import uuid

import pytest

OLDEST = "2026-12-05T09:00:00.000Z"
EARLY, LATER, LATEST = "2026-12-05T10:00:00.000Z", "2026-12-05T11:00:00.000Z", "2026-12-05T12:00:00.000Z"


pytestmark = pytest.mark.usefixtures("moto_table")  # the conftest's table, one for the module


def deliver(event_type: str, occurred_at: str, **payload: object) -> None:
    from ticketing.handlers import consume

    consume.HANDLERS[event_type]({"eventId": str(uuid.uuid4()), "eventType": event_type,
                                  "occurredAt": occurred_at, "payload": payload})


def test_a_late_publication_never_puts_a_cancelled_event_back_on_sale() -> None:
    from ticketing import replicas

    event_id = str(uuid.uuid4())
    deliver("event.created", EARLY, eventId=event_id, creatorId="org", name="Jazz", status="DRAFT")
    deliver("event.completed", LATEST, eventId=event_id)
    deliver("event.published", LATER, eventId=event_id)  # late
    deliver("event.updated", OLDEST, eventId=event_id, name="Old name", status="DRAFT")  # later still, older
    found = replicas.event(event_id)
    assert found is not None and (found.status, found.title, found.creator_id) == ("COMPLETED", "Jazz", "org")


def test_the_newest_title_wins_whatever_the_order() -> None:
    from ticketing import replicas

    event_id = str(uuid.uuid4())
    deliver("event.updated", LATEST, eventId=event_id, name="Newest", startsAt="2030-01-01T20:00:00Z")
    deliver("event.created", EARLY, eventId=event_id, creatorId="org", name="First", status="DRAFT",
            startsAt="2029-01-01T20:00:00Z")
    deliver("event.published", LATER, eventId=event_id)
    found = replicas.event(event_id)
    assert found is not None
    assert (found.title, found.starts_at, found.status) == ("Newest", "2030-01-01T20:00:00Z", "PUBLISHED")


def test_a_deleted_event_stays_deleted_and_takes_its_types_along_once() -> None:
    from ticketing import replicas

    event_id = str(uuid.uuid4())
    deliver("event.created", EARLY, eventId=event_id, creatorId="org", name="Jazz", status="PUBLISHED")
    for _ in range(2):
        deliver("event.deleted", LATER, eventId=event_id)
    deliver("event.updated", LATEST, eventId=event_id, creatorId="org", name="Back?")
    assert replicas.event(event_id) is None


def test_a_holders_newest_language_wins_and_a_deleted_holder_is_not_revived() -> None:
    from ticketing import holders

    user_id = str(uuid.uuid4())
    deliver("user.updated", LATER, id=user_id, language="it")
    deliver("user.created", EARLY, id=user_id, language="de")  # late
    assert holders.language_of(user_id) == "it"
    deliver("user.deleted", LATEST, id=user_id)
    deliver("user.updated", LATEST, id=user_id, language="fr")
    assert holders.language_of(user_id) == "en"
    assert holders.language_of(str(uuid.uuid4())) == "en"  # never heard of


def test_the_replica_keeps_the_events_end_and_zone_and_a_moved_start_resorts_its_holders() -> None:
    from kernel.unit_of_work import commit
    from ticketing import replicas
    from ticketing.store import holdings

    event_id = str(uuid.uuid4())
    deliver("event.created", EARLY, eventId=event_id, creatorId="org", name="Jazz", status="PUBLISHED",
            date="2030-01-01T21:00:00", timezone="Europe/Rome", startsAt="2030-01-01T20:00:00Z",
            endDate="2030-01-02T01:00:00", endsAt="2030-01-02T00:00:00Z")
    found = replicas.event(event_id)
    assert found is not None
    assert (found.end_date, found.ends_at, found.timezone) == ("2030-01-02T01:00:00", "2030-01-02T00:00:00Z",
                                                               "Europe/Rome")
    commit("ticketing", lambda unit: holdings.hold(unit, "ada", event_id, found.starts_at))
    deliver("event.updated", LATER, eventId=event_id, startsAt="2031-05-01T18:00:00Z")
    deliver("event.updated", EARLY, eventId=event_id, startsAt="2029-05-01T18:00:00Z")  # late and older
    items, _ = holdings.holder_page("ada", True, "2026-12-05T00:00:00Z", 10, None)
    assert [(i.eventId, i.GSI1SK) for i in items] == [(event_id, f"2031-05-01T18:00:00Z#{event_id}")]


def test_an_event_message_reads_the_replica_back_from_its_update_not_with_a_get() -> None:
    from ticketing.store import EventReplica

    event_id = str(uuid.uuid4())
    organization = f"org-{event_id}"
    deliver("event.created", EARLY, eventId=event_id, creatorId=organization, name="Jazz", status="DRAFT",
            startsAt="2030-01-01T20:00:00Z")
    sent: list[str] = []
    client = EventReplica._get_connection().connection.client
    record = lambda model, **_: sent.append(model.name)  # noqa: E731
    client.meta.events.register("before-call.dynamodb", record)
    try:
        deliver("event.updated", LATER, eventId=event_id, startsAt="2031-05-01T18:00:00Z")
        assert sent == ["UpdateItem", "Query", "PutItem"]  # the replica, its holders, the organization's entry
        sent.clear()
        deliver("event.updated", EARLY, eventId=event_id, startsAt="2029-05-01T18:00:00Z")  # stale: nothing applied
        # the whole message, then each of its two fields on its own (both stale); what the newer message left, read
        assert sent == ["UpdateItem"] * 3 + ["GetItem", "Query", "PutItem"]
    finally:
        client.meta.events.unregister("before-call.dynamodb", record)
    from ticketing import follows, replicas

    found = replicas.event(event_id)
    assert found is not None and found.starts_at == "2031-05-01T18:00:00Z"
    entries = follows.OrganizationEvent.query(f"ORG#{organization}#EVENTS")
    assert [e.startsAt for e in entries] == ["2031-05-01T18:00:00Z"]


def test_an_older_snapshot_of_an_event_never_overwrites_its_organizations_entry() -> None:
    """event.created and event.published kept at once by two workers: each mirrors the replica as its own update
    left it, and the DRAFT one may write last (the calendar feed then never listed the event)."""
    from ticketing import follows
    from ticketing.store import PROFILE, EventReplica, event_key, get

    event_id, organization, follower = str(uuid.uuid4()), f"org-{uuid.uuid4()}", str(uuid.uuid4())
    deliver("interactions.follow.created", EARLY, followerId=follower, followedId=organization)
    deliver("event.created", EARLY, eventId=event_id, creatorId=organization, name="Jazz", status="DRAFT",
            startsAt="2030-01-01T20:00:00Z")
    draft = get(EventReplica, event_key(event_id), PROFILE)  # what the event.created worker's update left
    deliver("event.published", LATER, eventId=event_id)
    deliver("event.updated", LATEST, eventId=event_id, startsAt="2031-05-01T18:00:00Z")
    published = get(EventReplica, event_key(event_id), PROFILE)
    assert follows.mirror_of(event_id, draft) is False  # the older snapshot comes last: refused

    entries = follows.OrganizationEvent.query(f"ORG#{organization}#EVENTS")
    assert [(e.status, e.startsAt) for e in entries] == [("PUBLISHED", "2031-05-01T18:00:00Z")]
    assert follows.followed_events(follower, "2026-12-05T00:00:00Z") == [event_id]
    assert follows.mirror_of(event_id, published) is True  # the same snapshot again (a repeat) applies

    deliver("event.deleted", LATEST, eventId=event_id)
    assert follows.mirror_of(event_id, published) is False  # a live snapshot never outlives the deletion
    assert follows.followed_events(follower, "2026-12-05T00:00:00Z") == []


def test_a_users_language_and_username_are_kept_in_one_request() -> None:
    from kernel.table import get
    from ticketing import people
    from ticketing.people import HolderLanguage

    user_id, username = str(uuid.uuid4()), f"u{uuid.uuid4().hex[:10]}"
    sent: list[str] = []
    client = HolderLanguage._get_connection().connection.client
    record = lambda model, **_: sent.append(model.name)  # noqa: E731
    client.meta.events.register("before-call.dynamodb", record)
    try:
        deliver("user.created", EARLY, id=user_id, username=username, role="member", language="IT")
    finally:
        client.meta.events.unregister("before-call.dynamodb", record)
    assert sent == ["TransactWriteItems"]
    assert people.person(user_id) == people.Person(user_id, username, "member")
    assert people.named(username.upper()) == user_id
    assert get(HolderLanguage, *people.key(user_id)).language == "it"
